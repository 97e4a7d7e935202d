package org.slicewise.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.TestData;

/** Hostile and broken input: every case ends in a one-line error naming the file, never a hang or OOM. */
class DicomRobustnessTest {
    @TempDir
    Path tmp;

    private static DicomWriter image(int rows, int cols) {
        return new DicomWriter("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4")
                .str(0x00080060, "CS", "CT")
                .us(0x00280002, 1).str(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, rows).us(0x00280011, cols)
                .us(0x00280100, 16).us(0x00280101, 12).us(0x00280102, 11).us(0x00280103, 0);
    }

    private static byte[] cat(byte[] a, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(a, 0, a.length);
        o.write(b, 0, b.length);
        return o.toByteArray();
    }

    private static byte[] le(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    private BadInputException loadFails(String name, byte[] content) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, content);
        BadInputException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(BadInputException.class, () -> DicomSeriesReader.load(f, null, Progress.NONE)));
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @Test
    void elementLengthBeyondEndOfFile() throws Exception {
        byte[] f = cat(image(4, 4).toBytes(), le(0x10, 0x00, 0x10, 0x00, 'P', 'N', 0xF0, 0xFF, 'A', 'B'));
        // (0010,0010) sorts before (0028,...) in real files, but the parser must cope with any order
        assertTrue(loadFails("long.dcm", f).getMessage().contains("runs past the end"));
        byte[] g = cat(image(4, 4).toBytes(), le(0x09, 0x00, 0x10, 0x10, 'O', 'B', 0, 0, 0xFF, 0xFF, 0xFF, 0x7F));
        assertTrue(loadFails("longprivate.dcm", g).getMessage().contains("runs past the end"));
    }

    @Test
    void deeplyNestedSequencesAreRejectedQuickly() throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++) {
            o.writeBytes(le(0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF));
            o.writeBytes(le(0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF));
        }
        byte[] f = cat(new DicomWriter("1.2.840.10008.5.1.4.1.1.2", "1.2.3").toBytes(), o.toByteArray());
        assertTrue(loadFails("nested.dcm", f).getMessage().contains("nested deeper"));
    }

    @Test
    void itemLongerThanItsSequence() throws Exception {
        byte[] seq = le(0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, 16, 0, 0, 0,
                0xFE, 0xFF, 0x00, 0xE0, 100, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        byte[] f = cat(new DicomWriter("1.2.840.10008.5.1.4.1.1.2", "1.2.3").toBytes(), seq);
        loadFails("item.dcm", f);
    }

    @Test
    void truncatedNonDicomEmptyAndRandomFiles() throws Exception {
        byte[] ct = Files.readAllBytes(TestData.data("pydicom/CT_small.dcm"));
        assertTrue(loadFails("trunc.dcm", java.util.Arrays.copyOf(ct, ct.length * 3 / 5)).getMessage().contains("truncated"));
        assertTrue(loadFails("header-cut.dcm", java.util.Arrays.copyOf(ct, 700)).getMessage().contains("truncated"));
        loadFails("notes.txt", "patient notes, not an image\n".repeat(20).getBytes());
        loadFails("empty.dcm", new byte[0]);
        byte[] r = new byte[4096];
        new Random(7).nextBytes(r);
        loadFails("random.bin", r);
        byte[] withMagic = r.clone();
        withMagic[128] = 'D';
        withMagic[129] = 'I';
        withMagic[130] = 'C';
        withMagic[131] = 'M';
        loadFails("random-dicm.dcm", withMagic);
    }

    @Test
    void hugeDimensionsWithTinyPixelDataAllocateNothing() throws Exception {
        byte[] f = image(60000, 60000).pixels(new short[2]).toBytes();
        assertTrue(loadFails("huge.dcm", f).getMessage().contains("image too large"));
        byte[] g = image(3000, 3000).pixels(new short[2]).toBytes();
        assertTrue(loadFails("big.dcm", g).getMessage().contains("Pixel Data holds 4 bytes"));
        byte[] frames = image(512, 512).str(0x00280008, "IS", "2000000000").pixels(new short[4]).toBytes();
        loadFails("frames.dcm", frames);
    }

    @Test
    void syntheticSliceRoundTripsThroughTheWriter() throws Exception {
        short[] px = new short[6];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (i * 1000 | 0xF000); // garbage above BitsStored must be masked away
        }
        Path f = tmp.resolve("ok.dcm");
        image(2, 3).ds(0x00200032, 1, 2, 3).ds(0x00200037, 1, 0, 0, 0, 1, 0).ds(0x00280030, 0.5, 0.25)
                .ds(0x00281052, -1024).ds(0x00281053, 1).pixels(px).write(f);
        Volume v = DicomSeriesReader.load(f, null, Progress.NONE);
        assertArrayEquals(new int[] {3, 2, 1}, v.geometry().dims());
        assertArrayEquals(new double[] {0.25, 0.5, 1}, v.geometry().spacing(), 1e-12);
        for (int i = 0; i < 6; i++) {
            assertEquals((i * 1000 & 0x0FFF) - 1024, v.get(i % 3, i / 3, 0), 0);
        }
    }

    @Test
    void brokenFolderLoadsWhatItCanAndNamesTheRest() throws Exception {
        Path dir = tmp.resolve("mixed");
        Files.createDirectories(dir.resolve("sub"));
        List<Path> files;
        try (var s = Files.list(TestData.data("totalsegmentator/example_ct_dicom"))) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            Files.copy(f, dir.resolve("sub").resolve(f.getFileName()));
        }
        Files.writeString(dir.resolve("README.txt"), "not DICOM");
        // a corrupt fragment: break the first fragment item tag of slice 5's encapsulated data
        Path corrupt = dir.resolve("sub").resolve(files.get(5).getFileName());
        byte[] c = Files.readAllBytes(corrupt);
        int p = (int) Codecs.header(corrupt).pixelOffset;
        int bot = (c[p + 4] & 0xFF) | ((c[p + 5] & 0xFF) << 8);
        c[p + 8 + bot + 2] = 0x77;
        Files.write(corrupt, c);
        // an encapsulated file cut in the middle of its fragment
        Path cut = dir.resolve("sub").resolve(files.get(9).getFileName());
        byte[] k = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(k, k.length - 20000));
        // a native file truncated inside its pixel data
        byte[] ct = Files.readAllBytes(TestData.data("pydicom/CT_small.dcm"));
        Files.write(dir.resolve("ct_trunc.dcm"), java.util.Arrays.copyOf(ct, ct.length / 2));

        List<DicomSeriesInfo> series = DicomSeriesReader.scan(dir, Progress.NONE);
        assertEquals(1, series.size());
        List<String> w = series.get(0).warnings();
        assertTrue(w.stream().anyMatch(s -> s.contains("README.txt") && s.contains("not a DICOM")), w.toString());
        assertTrue(w.stream().anyMatch(s -> s.contains("ct_trunc.dcm")), w.toString());
        Volume v = DicomSeriesReader.load(dir, null, Progress.NONE);
        assertEquals(20, v.nz());
        List<String> lw = v.metadata().warnings();
        assertTrue(lw.stream().anyMatch(s -> s.contains(corrupt.getFileName().toString()) && s.contains("could not decode")), lw.toString());
        assertTrue(lw.stream().anyMatch(s -> s.contains(cut.getFileName().toString()) && s.contains("could not decode")), lw.toString());
        assertTrue(lw.stream().anyMatch(s -> s.startsWith("2 of 20 slices")), lw.toString());
        Volume ref = DicomSeriesReader.load(TestData.data("totalsegmentator/example_ct_dicom"), null, Progress.NONE);
        assertArrayEquals((short[]) ref.slice(0), (short[]) v.slice(0));
        assertArrayEquals((short[]) ref.slice(19), (short[]) v.slice(19));
    }

    @Test
    void compressedFrameClaimingAHugeSizeIsRejectedBeforeDecoding() throws Exception {
        // a JPEG stream whose SOF claims 60000x60000 inside a 16x16 image
        byte[] jpeg = le(0xFF, 0xD8, 0xFF, 0xC3, 0, 11, 16, 0xEA, 0x60, 0xEA, 0x60, 1, 1, 0x11, 0, 0xFF, 0xD9, 0);
        byte[] f = image(16, 16).transferSyntax("1.2.840.10008.1.2.4.70").encapsulated(new int[0], jpeg).toBytes();
        assertTrue(loadFails("bomb.dcm", f).getMessage().contains("declares 60000x60000"));
    }
}
