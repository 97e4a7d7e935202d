package org.slicewise.io.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.slicewise.io.codec.RleDecoder;
import org.slicewise.io.codec.jpegls.JpegLsDecoder;

/** Test helpers: raw decoded pixel hashes and codec availability (RLE/JPEG-LS come from another branch). */
final class Codecs {
    private Codecs() {
    }

    static boolean rleAvailable() {
        try {
            RleDecoder.decodeFrame(new byte[64], 1, 1, 1, 8);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    static boolean jpegLsAvailable() {
        try {
            JpegLsDecoder.decode(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    static boolean available(Path f) throws Exception {
        String ts = header(f).transferSyntax;
        return switch (PixelCodecs.kind(ts)) {
            case RLE -> rleAvailable();
            case JPEGLS -> jpegLsAvailable();
            default -> true;
        };
    }

    static DicomHeader header(Path f) throws Exception {
        return DicomScanner.readHeader(DicomSource.file(f, Files.size(f)));
    }

    /** All frames' raw stored samples as little-endian bytes (the native layout GDCM writes). */
    static byte[] rawLe(Path f) throws Exception {
        short[][] frames = SeriesLoader.decodeFile(header(f));
        ByteBuffer b = ByteBuffer.allocate(frames.length * frames[0].length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short[] fr : frames) {
            for (short s : fr) {
                b.putShort(s);
            }
        }
        return b.array();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
