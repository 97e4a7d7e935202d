package org.slicewise.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;
import org.slicewise.io.TestData;

/** Pixel formats: MONOCHROME1, RGB planar 0/1, signed BitsStored, deflate, bare implicit files, JPEG baseline fragments. */
class PixelFormatsTest {
    @TempDir
    Path tmp;

    private static Volume load(Path p) throws Exception {
        return DicomSeriesReader.load(p, null, Progress.NONE);
    }

    private static DicomWriter base(int rows, int cols, int spp, String photometric, int bits, int stored, int signed) {
        return new DicomWriter("1.2.840.10008.5.1.4.1.1.7", "1.2.9." + System.nanoTime())
                .str(0x00080060, "CS", "OT").us(0x00280002, spp).str(0x00280004, "CS", photometric)
                .us(0x00280010, rows).us(0x00280011, cols)
                .us(0x00280100, bits).us(0x00280101, stored).us(0x00280102, stored - 1).us(0x00280103, signed);
    }

    @Test
    void monochrome1IsInverted() throws Exception {
        byte[] ct = Files.readAllBytes(TestData.data("pydicom/CT_small.dcm"));
        String s = new String(ct, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("MONOCHROME2");
        assertTrue(at > 0);
        ct[at + 10] = '1';
        Path m1 = tmp.resolve("mono1.dcm");
        Files.write(m1, ct);
        Volume a = load(TestData.data("pydicom/CT_small.dcm"));
        Volume b = load(m1);
        // CT_small: signed 16/16, slope 1, intercept -1024. Inverted stored = -1 - v.
        for (int i = 0; i < 128 * 128; i += 97) {
            double hu = a.get(i % 128, i / 128, 0);
            double stored = hu + 1024;
            assertEquals(-1 - stored - 1024, b.get(i % 128, i / 128, 0), 0);
        }
    }

    @Test
    void rgbPlanarConfigurationsGiveTheSameLuminance() throws Exception {
        int rows = 5, cols = 7, n = rows * cols;
        byte[] interleaved = new byte[3 * n];
        byte[] planar = new byte[3 * n];
        for (int i = 0; i < n; i++) {
            int r = (i * 37) & 0xFF, g = (i * 11 + 50) & 0xFF, b = (255 - i * 5) & 0xFF;
            interleaved[3 * i] = (byte) r;
            interleaved[3 * i + 1] = (byte) g;
            interleaved[3 * i + 2] = (byte) b;
            planar[i] = (byte) r;
            planar[n + i] = (byte) g;
            planar[2 * n + i] = (byte) b;
        }
        Path p0 = tmp.resolve("rgb0.dcm");
        Path p1 = tmp.resolve("rgb1.dcm");
        base(rows, cols, 3, "RGB", 8, 8, 0).us(0x00280006, 0).pixels8(interleaved).write(p0);
        base(rows, cols, 3, "RGB", 8, 8, 0).us(0x00280006, 1).pixels8(planar).write(p1);
        Volume a = load(p0);
        Volume b = load(p1);
        for (int i = 0; i < n; i++) {
            int r = (i * 37) & 0xFF, g = (i * 11 + 50) & 0xFF, bl = (255 - i * 5) & 0xFF;
            double lum = Math.round(0.299 * r + 0.587 * g + 0.114 * bl);
            assertEquals(lum, a.get(i % cols, i / cols, 0), 0);
            assertEquals(lum, b.get(i % cols, i / cols, 0), 0);
        }
    }

    @Test
    void signedTwelveBitValuesAreSignExtendedAndGarbageMasked() throws Exception {
        short[] px = {(short) 0x0800, (short) 0xF7FF, (short) 0x0FFF, (short) 0xA001, 0x0005, (short) 0x7001};
        Path f = tmp.resolve("s12.dcm");
        base(2, 3, 1, "MONOCHROME2", 16, 12, 1).ds(0x00281052, 0).ds(0x00281053, 1).pixels(px).write(f);
        Volume v = load(f);
        assertEquals(VoxelType.INT16, v.type());
        double[] expect = {-2048, 2047, -1, 1, 5, 1};
        for (int i = 0; i < 6; i++) {
            assertEquals(expect[i], v.get(i % 3, i / 3, 0), 0, "pixel " + i);
        }
        Path g = tmp.resolve("s12-float.dcm");
        base(2, 3, 1, "MONOCHROME2", 16, 12, 1).ds(0x00281052, 0.5).ds(0x00281053, 0.25).pixels(px).write(g);
        Volume w = load(g);
        assertEquals(VoxelType.FLOAT32, w.type());
        for (int i = 0; i < 6; i++) {
            assertEquals(expect[i] * 0.25 + 0.5, w.get(i % 3, i / 3, 0), 1e-6);
        }
    }

    @Test
    void deflatedAndBareImplicitFilesMatchExplicit() throws Exception {
        short[] px = SeriesAssemblyTest.ramp(12, 300);
        Path explicit = tmp.resolve("explicit.dcm");
        Path deflated = tmp.resolve("deflated.dcm");
        SeriesAssemblyTest.slice("1.2.5", 1, new double[] {1, 2, 3}, new double[] {1, 0, 0, 0, 1, 0}, px, 3, 4).write(explicit);
        SeriesAssemblyTest.slice("1.2.5", 1, new double[] {1, 2, 3}, new double[] {1, 0, 0, 0, 1, 0}, px, 3, 4)
                .transferSyntax(DicomHeader.DEFLATED_LE).write(deflated);
        byte[] bare = DicomWriter.item().implicitVr().str(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .str(0x00080060, "CS", "CT").str(0x0020000E, "UI", "1.2.6").ds(0x00200032, 1, 2, 3)
                .ds(0x00200037, 1, 0, 0, 0, 1, 0).us(0x00280002, 1).str(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, 3).us(0x00280011, 4).ds(0x00280030, 0.8, 0.5)
                .us(0x00280100, 16).us(0x00280101, 16).us(0x00280102, 15).us(0x00280103, 1).pixels(px).body();
        Path bareFile = tmp.resolve("bare.dcm");
        Files.write(bareFile, bare);
        assertTrue(DicomSeriesReader.isDicomInput(bareFile));
        Volume a = load(explicit);
        for (Path p : new Path[] {deflated, bareFile}) {
            Volume b = load(p);
            assertTrue(a.geometry().sameGrid(b.geometry(), 1e-12), p.toString());
            assertArrayEquals((short[]) a.slice(0), (short[]) b.slice(0), p.toString());
        }
        assertEquals(DicomHeader.DEFLATED_LE, Codecs.header(deflated).transferSyntax);
        assertTrue(Codecs.header(bareFile).bare);
    }

    private static byte[] baselineJpeg(BufferedImage img) throws Exception {
        ImageWriter w = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext();) {
            ImageWriter c = it.next();
            if (c.getClass().getName().startsWith("com.sun.")) {
                w = c;
            }
        }
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(1.0f);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        }
        w.dispose();
        return bos.toByteArray();
    }

    @Test
    void baselineJpegFramesSplitAcrossFragmentsWithAndWithoutOffsetTable() throws Exception {
        int rows = 32, cols = 40;
        BufferedImage[] imgs = new BufferedImage[2];
        byte[][] streams = new byte[2][];
        for (int f = 0; f < 2; f++) {
            imgs[f] = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    imgs[f].getRaster().setSample(x, y, 0, (x * 5 + y * 3 + f * 60) & 0xFF);
                }
            }
            streams[f] = baselineJpeg(imgs[f]);
            if ((streams[f].length & 1) == 1) {
                streams[f] = Arrays.copyOf(streams[f], streams[f].length + 1); // even fragments, EOI-padded
            }
        }
        // frame 0 in three fragments, frame 1 in two
        byte[][] frags = {part(streams[0], 0, 3), part(streams[0], 1, 3), part(streams[0], 2, 3),
            part(streams[1], 0, 2), part(streams[1], 1, 2)};
        int off1 = 0;
        for (int i = 0; i < 3; i++) {
            off1 += 8 + frags[i].length;
        }
        Path withBot = tmp.resolve("jpeg-bot.dcm");
        Path noBot = tmp.resolve("jpeg-nobot.dcm");
        base(rows, cols, 1, "MONOCHROME2", 8, 8, 0).str(0x00280008, "IS", "2")
                .transferSyntax("1.2.840.10008.1.2.4.50").encapsulated(new int[] {0, off1}, frags).write(withBot);
        base(rows, cols, 1, "MONOCHROME2", 8, 8, 0).str(0x00280008, "IS", "2")
                .transferSyntax("1.2.840.10008.1.2.4.50").encapsulated(new int[0], frags).write(noBot);
        Volume a = load(withBot);
        Volume b = load(noBot);
        assertEquals(2, a.nz());
        for (int f = 0; f < 2; f++) {
            assertArrayEquals((short[]) a.slice(f), (short[]) b.slice(f));
            double err = 0;
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    err = Math.max(err, Math.abs(a.get(x, y, f) - imgs[f].getRaster().getSample(x, y, 0)));
                }
            }
            assertTrue(err <= 4, "baseline JPEG error " + err);
        }
    }

    private static byte[] part(byte[] s, int i, int n) {
        int step = (s.length / n) & ~1;
        int from = i * step;
        int to = i == n - 1 ? s.length : from + step;
        return Arrays.copyOfRange(s, from, to);
    }

    @Test
    void encapsulatedIconImageInsideASequenceIsSkipped() throws Exception {
        byte[] icon = DicomWriter.item().us(0x00280010, 2).us(0x00280011, 2)
                .encapsulated(new int[0], new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}).body();
        Path f = tmp.resolve("icon.dcm");
        base(2, 2, 1, "MONOCHROME2", 16, 16, 0).seq(0x00880200, true, icon).pixels(new short[] {1, 2, 3, 4}).write(f);
        Volume v = load(f);
        assertEquals(4, v.get(1, 1, 0), 0);
        assertEquals(2, v.geometry().nx());
    }
}
