package org.slicewise.io.dicom;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReader;
import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slicewise.io.codec.RleDecoder;
import org.slicewise.io.codec.jpegls.JpegLsDecoder;

/**
 * Decompresses one frame of encapsulated pixel data. JPEG (baseline, extended, lossless process 14
 * and SV1) goes through TwelveMonkeys' JPEGImageReader, chosen explicitly because the JDK's own
 * reader claims lossless (SOF3) streams and then fails; JPEG 2000 through jai-imageio's
 * J2KImageReader; RLE and JPEG-LS through our own decoders in {@code org.slicewise.io.codec}.
 */
final class PixelCodecs {
    private PixelCodecs() {
    }

    /** A decoded frame: interleaved samples; {@code rgb} when colour samples are R,G,B (not Y,Cb,Cr). */
    record Decoded(int width, int height, int bands, int[] samples, boolean rgb) {
    }

    enum Kind { NATIVE, RLE, JPEG, JPEG2000, JPEGLS, UNSUPPORTED }

    static Kind kind(String ts) {
        if (!ts.startsWith("1.2.840.10008.1.2")) {
            return Kind.UNSUPPORTED;
        }
        return switch (ts) {
            case DicomHeader.IMPLICIT_LE, DicomHeader.EXPLICIT_LE, DicomHeader.EXPLICIT_BE, DicomHeader.DEFLATED_LE -> Kind.NATIVE;
            case "1.2.840.10008.1.2.5" -> Kind.RLE;
            case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70" -> Kind.JPEG;
            case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91" -> Kind.JPEG2000;
            case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81" -> Kind.JPEGLS;
            default -> Kind.UNSUPPORTED;
        };
    }

    /** RLE frames come back as native little-endian interleaved bytes: returns null samples then. */
    static byte[] decodeRle(DicomHeader h, byte[] frame) throws IOException {
        try {
            return RleDecoder.decodeFrame(frame, h.columns, h.rows, h.samplesPerPixel, h.bitsAllocated);
        } catch (UnsupportedOperationException e) {
            throw new IOException(h.source.name() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IOException(h.source.name() + ": corrupt RLE frame: " + e.getMessage());
        }
    }

    static Decoded decode(DicomHeader h, Kind kind, byte[] frame) throws IOException {
        StreamDims.check(h, kind, frame);
        try {
            return switch (kind) {
                case JPEG -> imageIo(jpegReader(), frame, true);
                case JPEG2000 -> imageIo(new J2KImageReader(J2K_SPI), frame, true);
                case JPEGLS -> jpegLs(frame);
                default -> throw new IOException(h.source.name() + ": unsupported transfer syntax " + h.transferSyntax);
            };
        } catch (UnsupportedOperationException e) {
            throw new IOException(h.source.name() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(h.source.name() + ": cannot decode " + kind + " frame: " + m.replace('\n', ' '));
        }
    }

    private static Decoded jpegLs(byte[] frame) {
        var img = JpegLsDecoder.decode(frame);
        return new Decoded(img.width(), img.height(), img.components(), img.samples(), true);
    }

    private static Decoded imageIo(ImageReader r, byte[] frame, boolean rgb) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame))) {
            r.setInput(in, true, true);
            Raster ras = r.getNumImages(false) == 0 ? null : r.read(0).getRaster();
            if (ras == null) {
                throw new IOException("no image in stream");
            }
            int w = ras.getWidth(), hgt = ras.getHeight(), bands = ras.getNumBands();
            int[] s = ras.getPixels(ras.getMinX(), ras.getMinY(), w, hgt, (int[]) null);
            return new Decoded(w, hgt, bands, s, rgb);
        } finally {
            r.dispose();
        }
    }

    private static final J2KImageReaderSpi J2K_SPI = new J2KImageReaderSpi();
    private static volatile ImageReaderSpi jpegSpi;

    /** TwelveMonkeys' JPEG reader, never the JDK's. */
    static ImageReader jpegReader() throws IOException {
        ImageReaderSpi spi = jpegSpi;
        if (spi == null) {
            ImageIO.scanForPlugins();
            for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext();) {
                ImageReader r = it.next();
                if (r.getClass().getName().startsWith("com.twelvemonkeys.")) {
                    spi = r.getOriginatingProvider();
                    r.dispose();
                    break;
                }
                r.dispose();
            }
            if (spi == null) {
                throw new IOException("TwelveMonkeys JPEG reader (imageio-jpeg) is not on the class path");
            }
            jpegSpi = spi;
        }
        return spi.createReaderInstance();
    }
}
