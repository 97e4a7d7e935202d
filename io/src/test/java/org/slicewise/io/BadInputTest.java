package org.slicewise.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.BadInputException;

/** Small generated bad files: each must fail with one line naming the file, never OOM, never a partial volume. */
class BadInputTest {
    @TempDir
    Path dir;

    /** A valid 8x8x4 int16 NIfTI-1 header; tweak then write. */
    private static ByteBuffer header(int nx, int ny, int nz, int datatype, int bitpix) {
        ByteBuffer b = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 348);
        short[] dim = {3, (short) nx, (short) ny, (short) nz, 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, dim[i]);
            b.putFloat(76 + 4 * i, 1);
        }
        b.putShort(70, (short) datatype);
        b.putShort(72, (short) bitpix);
        b.putFloat(108, 352);
        b.put(344, "n+1\0".getBytes(StandardCharsets.ISO_8859_1));
        return b;
    }

    private Path write(String name, byte[] header, int dataBytes) throws IOException {
        Path f = dir.resolve(name);
        byte[] all = Arrays.copyOf(header, header.length + dataBytes);
        for (int i = header.length; i < all.length; i++) {
            all[i] = (byte) (i * 31);
        }
        if (name.endsWith(".gz")) {
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
                o.write(all);
            }
        } else {
            Files.write(f, all);
        }
        return f;
    }

    private static void fails(Path f, String expectedFragment) {
        Exception e = assertThrows(Exception.class, () -> VolumeIO.read(f, null), f.toString());
        assertTrue(e instanceof BadInputException || e instanceof IOException, "wrong exception type: " + e);
        String m = e.getMessage();
        assertTrue(m.contains(f.getFileName().toString()), "message names the file: " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.toLowerCase().contains(expectedFragment.toLowerCase()), "message '" + m + "' should mention " + expectedFragment);
    }

    @Test
    void valid() throws IOException {
        // the baseline fixture really is readable, so the failures below are caused by the tweaks
        VolumeIO.read(write("ok.nii", header(8, 8, 4, 4, 16).array(), 8 * 8 * 4 * 2), null);
        VolumeIO.read(write("ok.nii.gz", header(8, 8, 4, 4, 16).array(), 8 * 8 * 4 * 2), null);
    }

    @Test
    void wrongMagic() throws IOException {
        ByteBuffer h = header(8, 8, 4, 4, 16);
        h.put(344, "abc\0".getBytes(StandardCharsets.ISO_8859_1));
        fails(write("magic.nii", h.array(), 512), "magic");
        fails(write("text.nii", "hello, this is not an image at all\n".repeat(20).getBytes(StandardCharsets.UTF_8), 0), "not a NIfTI");
        Path nrrd = dir.resolve("magic.nrrd");
        Files.writeString(nrrd, "NRRX0004\ntype: short\n\n");
        fails(nrrd, "NRRD");
    }

    @Test
    void truncatedAndMismatchedDims() throws IOException {
        fails(write("short.nii", header(8, 8, 4, 4, 16).array(), 8 * 8 * 4 * 2 - 1), "too short");
        fails(write("dims.nii", header(8, 8, 40, 4, 16).array(), 8 * 8 * 4 * 2), "too short");
        fails(write("short.nii.gz", header(8, 8, 4, 4, 16).array(), 100), "truncated");
        fails(write("header.nii", Arrays.copyOf(header(8, 8, 4, 4, 16).array(), 200), 0), "header");
        // a gzip stream cut in the middle
        Path full = write("full.nii.gz", header(64, 64, 16, 4, 16).array(), 64 * 64 * 16 * 2);
        byte[] gz = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.nii.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
        fails(cut, "truncated");
    }

    @Test
    void unsupportedDatatype() throws IOException {
        fails(write("complex.nii", header(8, 8, 4, 32, 64).array(), 8 * 8 * 4 * 8), "unsupported NIfTI datatype 32");
        ByteBuffer h = header(8, 8, 4, 4, 16);
        h.putShort(40, (short) 4);
        h.putShort(48, (short) 3);
        fails(write("fourd.nii", h.array(), 8 * 8 * 4 * 2 * 3), "4D");
        Path nrrd = dir.resolve("complex.nrrd");
        Files.writeString(nrrd, "NRRD0004\ntype: block\ndimension: 3\nsizes: 2 2 2\nencoding: raw\n\n" + "x".repeat(8));
        fails(nrrd, "unsupported NRRD type");
    }

    @Test
    void corruptGzip() throws IOException {
        Path ok = write("good.nii.gz", header(64, 64, 16, 4, 16).array(), 64 * 64 * 16 * 2);
        byte[] gz = Files.readAllBytes(ok);
        for (int i = gz.length / 3; i < gz.length / 3 + 40; i++) {
            gz[i] ^= 0x5a;
        }
        Path bad = dir.resolve("corrupt.nii.gz");
        Files.write(bad, gz);
        fails(bad, "gzip");
        // a flipped bit in the stored CRC: the data inflates fine but the trailer check fails
        byte[] crc = Files.readAllBytes(ok);
        crc[crc.length - 6] ^= 1;
        Path badCrc = dir.resolve("crc.nii.gz");
        Files.write(badCrc, crc);
        fails(badCrc, "gzip");
    }

    @Test
    void hostileDimsNeverExhaustMemory() throws IOException {
        fails(write("huge.nii.gz", header(32767, 32767, 32767, 64, 64).array(), 64), "too large");
        fails(write("huge2.nii.gz", header(20000, 20000, 30000, 2, 8).array(), 64), "heap");
        fails(write("huge.nii", header(32767, 32767, 32767, 64, 64).array(), 64), "32767");
        // fits the heap in principle, but the stream holds only a few bytes: fails at the first slice
        fails(write("big.nii.gz", header(30000, 30000, 2, 2, 8).array(), 1000), "truncated");
        ByteBuffer neg = header(8, 8, 4, 4, 16);
        neg.putShort(44, (short) -5);
        fails(write("negative.nii", neg.array(), 1000), "dim");
        Path nrrd = dir.resolve("huge.nrrd");
        Files.writeString(nrrd, "NRRD0004\ntype: short\ndimension: 3\nsizes: 20000 20000 30000\nencoding: gzip\n\n");
        fails(nrrd, "heap");
        Path raw = dir.resolve("big.nrrd");
        Files.writeString(raw, "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 1000 1000 500\nencoding: raw\n\nabc");
        fails(raw, "too short");
    }

    @Test
    void badNrrdHeaders() throws IOException {
        Path fourD = dir.resolve("4d.nrrd");
        Files.writeString(fourD, "NRRD0004\ntype: short\ndimension: 4\nspace: left-posterior-superior\nsizes: 3 2 2 2\n"
                + "space directions: none (1,0,0) (0,1,0) (0,0,1)\nendian: little\nencoding: raw\n\n" + "x".repeat(48));
        fails(fourD, "4D");
        Path rgb = dir.resolve("rgb.nrrd");
        Files.writeString(rgb, "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 3 2 2\nkinds: RGB-color domain domain\n"
                + "encoding: raw\n\n123456789012");
        fails(rgb, "RGB-color");
        Path nhdr = dir.resolve("detached.nhdr");
        Files.writeString(nhdr, "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nencoding: raw\ndata file: missing.raw\n");
        fails(nhdr, "missing.raw");
        Path noSizes = dir.resolve("nosizes.nrrd");
        Files.writeString(noSizes, "NRRD0004\ntype: short\ndimension: 3\nencoding: raw\n\n");
        fails(noSizes, "sizes");
        Path badGz = dir.resolve("badgz.nrrd");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("NRRD0004\ntype: uchar\ndimension: 3\nsizes: 4 4 4\nencoding: gzip\n\n".getBytes(StandardCharsets.US_ASCII));
        b.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.write(badGz, b.toByteArray());
        fails(badGz, "gzip");
        Path space = dir.resolve("space.nrrd");
        Files.writeString(space, "NRRD0004\ntype: uchar\ndimension: 3\nspace: right-anterior-superior-time\nsizes: 2 2 2\n"
                + "encoding: raw\n\n12345678");
        fails(space, "space");
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.nii.gz");
        fails(f, "no such file");
    }
}
