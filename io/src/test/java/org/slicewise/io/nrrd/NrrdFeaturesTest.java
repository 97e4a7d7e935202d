package org.slicewise.io.nrrd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;
import org.slicewise.io.TestData;
import org.slicewise.io.VolumeAssert;
import org.slicewise.io.VolumeIO;
import org.slicewise.io.VoxelCodec;

/** NRRD variants re-encoded from the real brain1 image must read back to the same voxels and LPS grid. */
class NrrdFeaturesTest {
    @TempDir
    static Path dir;
    static Volume brain;

    @BeforeAll
    static void load() throws IOException {
        brain = VolumeIO.read(TestData.data("pyradiomics/brain1_image.nrrd"), null);
    }

    private static byte[] data(Volume v, ByteOrder order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[v.geometry().sliceSize() * v.type().bytes()];
        for (int z = 0; z < v.nz(); z++) {
            out.write(buf, 0, VoxelCodec.encode(v.slice(z), v.geometry().sliceSize(), v.type(), order, buf));
        }
        return out.toByteArray();
    }

    /** brain1's orientation fields in RAS (x and y negated) or LPS. */
    private static String orientation(boolean ras) {
        double s = ras ? -1 : 1;
        return "sizes: 256 256 25\n"
                + "space directions: (" + 0.78125 * s + ",0,0) (0," + -0.78125 * s + ",0) (0,0,6.5)\n"
                + "space origin: (" + -99.609375 * s + "," + 99.609375 * s + ",-78)\n";
    }

    private static void same(Path f) throws IOException {
        Volume v = VolumeIO.read(f, null);
        VolumeAssert.identical(brain, v, f.getFileName().toString());
        VolumeAssert.sameGeometry(brain.geometry(), v.geometry(), 1e-9, f.getFileName().toString());
    }

    @Test
    void detachedRawWithLineSkipAndByteSkip() throws IOException {
        Files.write(dir.resolve("brain.raw"), concat("junk line one\njunk two\nABCDE".getBytes(StandardCharsets.US_ASCII),
                data(brain, ByteOrder.LITTLE_ENDIAN)));
        Path h = dir.resolve("brain.nhdr");
        Files.writeString(h, "NRRD0004\ntype: int16_t\ndimension: 3\nspace: LPS\n" + orientation(false)
                + "endian: little\nencoding: raw\nline skip: 2\nbyte skip: 5\ndata file: brain.raw\n");
        same(h);
    }

    @Test
    void detachedRawAtEndOfFile() throws IOException {
        Files.write(dir.resolve("tail.raw"), concat(new byte[777], data(brain, ByteOrder.LITTLE_ENDIAN)));
        Path h = dir.resolve("tail.nhdr");
        Files.writeString(h, "NRRD0005\ntype: short int\ndimension: 3\nspace: left-posterior-superior\n" + orientation(false)
                + "endian: little\nencoding: raw\nbyteskip: -1\ndatafile: tail.raw\n");
        same(h);
    }

    @Test
    void attachedBigEndianInRasSpace() throws IOException {
        String header = "NRRD0004\n# comment\ntype: signed short int\ndimension: 3\nspace: right-anterior-superior\n"
                + orientation(true) + "kinds: domain domain domain\nendian: big\nencoding: raw\nsome key:=some value\n\n";
        Path f = dir.resolve("be_ras.nrrd");
        Files.write(f, concat(header.getBytes(StandardCharsets.US_ASCII), data(brain, ByteOrder.BIG_ENDIAN)));
        same(f);
    }

    @Test
    void detachedGzipInSubfolderAndCrLfHeader() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("sub/brain.raw.gz")))) {
            o.write(data(brain, ByteOrder.LITTLE_ENDIAN));
        }
        Path h = dir.resolve("gz.nhdr");
        Files.writeString(h, ("NRRD0004\ntype: short\ndimension: 3\nspace: LPS\n" + orientation(false)
                + "endian: little\nencoding: gz\ndata file: sub/brain.raw.gz\n").replace("\n", "\r\n"));
        same(h);
    }

    @Test
    void fourDWithSingletonNoneAxis() throws IOException {
        String header = "NRRD0004\ntype: short\ndimension: 4\nspace: left-posterior-superior\nsizes: 1 256 256 25\n"
                + "space directions: none (0.78125,0,0) (0,-0.78125,0) (0,0,6.5)\nkinds: list domain domain domain\n"
                + "space origin: (-99.609375,99.609375,-78)\nendian: little\nencoding: raw\n\n";
        Path f = dir.resolve("4d1.nrrd");
        Files.write(f, concat(header.getBytes(StandardCharsets.US_ASCII), data(brain, ByteOrder.LITTLE_ENDIAN)));
        same(f);
    }

    @Test
    void asciiLasSpaceAndTwoD() throws IOException {
        Path f = dir.resolve("ascii.nrrd");
        Files.writeString(f, "NRRD0004\ntype: float\ndimension: 3\nspace: left-anterior-superior\nsizes: 3 2 2\n"
                + "space directions: (2,0,0) (0,3,0) (0,0,4)\nspace origin: (10,20,30)\nencoding: ascii\n\n"
                + "1 2 3\n4.5 -5 6\n7,8,9\n10 11 1e2\n");
        Volume v = VolumeIO.read(f, null);
        assertEquals(VoxelType.FLOAT32, v.type());
        assertEquals(4.5, v.get(0, 1, 0));
        assertEquals(100, v.get(2, 1, 1));
        Geometry g = v.geometry();
        assertArrayEquals(new double[] {2, 3, 4}, g.spacing(), 0);
        assertArrayEquals(new double[] {10, -20, 30}, g.origin(), 0);
        assertArrayEquals(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}, g.direction(), 0);

        Path twoD = dir.resolve("2d.nrrd");
        Files.writeString(twoD, "NRRD0004\ntype: uchar\ndimension: 2\nspace: LPS\nsizes: 2 2\n"
                + "space directions: (0.5,0,0) (0,0.5,0)\nencoding: raw\n\nabcd");
        Volume t = VolumeIO.read(twoD, null);
        assertArrayEquals(new int[] {2, 2, 1}, t.geometry().dims());
        assertEquals('d', t.get(1, 1, 0));
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, t.geometry().direction(), 0);

        Path plain = dir.resolve("spacings.nrrd");
        Files.writeString(plain, "NRRD0001\ntype: unsigned char\ndimension: 3\nsizes: 2 1 2\nspacings: 1.5 2 3\n"
                + "encoding: raw\n\nwxyz");
        Volume p = VolumeIO.read(plain, null);
        assertArrayEquals(new double[] {1.5, 2, 3}, p.geometry().spacing(), 0);
        assertEquals('z', p.get(1, 0, 1));
    }

    @Test
    void segmentationNrrdCarriesSlicerSegmentKeys() throws IOException {
        Volume lab = VolumeIO.read(TestData.data("pyradiomics/brain1_label.nrrd"), null);
        LabelMap map = LabelMap.fromVolume(lab);
        LabelTable table = new LabelTable();
        table.put(LabelInfo.of(1, "tumour", 0xFF8000));
        Path f = dir.resolve("brain1.seg.nrrd");
        VolumeIO.writeLabels(map, table, f);
        Volume back = VolumeIO.read(f, null);
        assertEquals(VoxelType.UINT8, back.type());
        VolumeAssert.sameValues(lab, back, "seg.nrrd voxels");
        VolumeAssert.sameGeometry(lab.geometry(), back.geometry(), 1e-9, "seg.nrrd grid");
        NrrdHeader h = NrrdHeader.read(f);
        assertEquals("tumour", h.keyValues.get("Segment0_Name"));
        assertEquals("1", h.keyValues.get("Segment0_LabelValue"));
        assertEquals("0", h.keyValues.get("Segment0_Layer"));
        assertEquals("Segment_1", h.keyValues.get("Segment0_ID"));
        assertEquals("1.000000 0.501961 0.000000", h.keyValues.get("Segment0_Color"));
        assertEquals("Binary labelmap", h.keyValues.get("Segmentation_MasterRepresentation"));
        // the tumour lies on slices 11-17 (data README)
        String[] ext = h.keyValues.get("Segment0_Extent").split(" ");
        assertEquals("11", ext[4]);
        assertEquals("17", ext[5]);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
