package org.slicewise.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;

/** Synthetic series with known geometry: sorting, spacing, warnings, splitting, Enhanced multi-frame. */
class SeriesAssemblyTest {
    @TempDir
    Path tmp;

    static short[] ramp(int n, int base) {
        short[] p = new short[n];
        for (int i = 0; i < n; i++) {
            p[i] = (short) (base + i);
        }
        return p;
    }

    static DicomWriter slice(String uid, int instance, double[] ipp, double[] iop, short[] px, int rows, int cols) {
        DicomWriter w = new DicomWriter("1.2.840.10008.5.1.4.1.1.2", uid + "." + instance)
                .str(0x00080060, "CS", "CT").str(0x0020000E, "UI", uid).str(0x00200013, "IS", "" + instance);
        if (ipp != null) {
            w.ds(0x00200032, ipp);
        }
        return w.ds(0x00200037, iop).us(0x00280002, 1).str(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, rows).us(0x00280011, cols).ds(0x00280030, 0.8, 0.5)
                .us(0x00280100, 16).us(0x00280101, 16).us(0x00280102, 15).us(0x00280103, 1)
                .pixels(px);
    }

    private Path series(String name, String uid, double[][] positions, double[] iop) throws Exception {
        Path d = tmp.resolve(name);
        Files.createDirectories(d);
        for (int k = 0; k < positions.length; k++) {
            // file names in an order unrelated to the positions
            slice(uid, k + 1, positions[k], iop, ramp(12, 100 * k), 3, 4).write(d.resolve("f" + ((k * 7) % positions.length + 100) + ".dcm"));
        }
        return d;
    }

    private static double[][] zs(double... z) {
        double[][] p = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            p[i] = new double[] {10, 20, z[i]};
        }
        return p;
    }

    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    @Test
    void sortsByPositionAndTakesSpacingFromPositions() throws Exception {
        Path d = series("a", "1.2.3.1", zs(5, -5, 0, 10, -10), AXIAL);
        Volume v = DicomSeriesReader.load(d, null, Progress.NONE);
        assertArrayEquals(new int[] {4, 3, 5}, v.geometry().dims());
        assertArrayEquals(new double[] {0.5, 0.8, 5}, v.geometry().spacing(), 1e-12);
        assertArrayEquals(new double[] {10, 20, -10}, v.geometry().origin(), 1e-12);
        // slice k of the volume is the file at z = -10 + 5k: instance 5, 2, 3, 1, 4
        int[] instance = {5, 2, 3, 1, 4};
        for (int k = 0; k < 5; k++) {
            assertEquals(100 * (instance[k] - 1), v.get(0, 0, k), 0);
        }
        assertTrue(v.metadata().warnings().isEmpty(), v.metadata().warnings().toString());
    }

    @Test
    void sagittalSeriesHasItsNormalAsThirdAxis() throws Exception {
        double[] iop = {0, 1, 0, 0, 0, -1};
        double[][] p = {{30, 0, 0}, {10, 0, 0}, {20, 0, 0}};
        Volume v = DicomSeriesReader.load(series("sag", "1.2.3.9", p, iop), null, Progress.NONE);
        // normal = row x col = (0,1,0) x (0,0,-1) = (-1,0,0): ascending along it means x descending
        assertArrayEquals(new double[] {0, 0, -1, 1, 0, 0, 0, -1, 0}, v.geometry().direction(), 1e-12);
        assertArrayEquals(new double[] {30, 0, 0}, v.geometry().origin(), 1e-12);
        assertEquals(10, v.geometry().spacing(2), 1e-12);
    }

    @Test
    void warnsAboutMissingUnevenTiltedAndDuplicatedSlices() throws Exception {
        List<String> w = DicomSeriesReader.scan(series("gap", "1.2.3.2", zs(0, 2, 4, 10, 12), AXIAL), Progress.NONE).get(0).warnings();
        assertTrue(w.stream().anyMatch(s -> s.startsWith("missing slices")), w.toString());
        w = DicomSeriesReader.scan(series("uneven", "1.2.3.3", zs(0, 2, 4.3, 6), AXIAL), Progress.NONE).get(0).warnings();
        assertTrue(w.stream().anyMatch(s -> s.startsWith("uneven slice spacing")), w.toString());
        double[][] tilt = {{0, 0, 0}, {0, 0.5, 2}, {0, 1, 4}, {0, 1.5, 6}};
        w = DicomSeriesReader.scan(series("tilt", "1.2.3.4", tilt, AXIAL), Progress.NONE).get(0).warnings();
        assertTrue(w.stream().anyMatch(s -> s.startsWith("gantry tilt")), w.toString());
        DicomSeriesInfo dup = DicomSeriesReader.scan(series("dup", "1.2.3.5", zs(0, 2, 2, 4), AXIAL), Progress.NONE).get(0);
        assertEquals(3, dup.dims()[2]);
        assertTrue(dup.warnings().stream().anyMatch(s -> s.contains("share a position")), dup.warnings().toString());
    }

    @Test
    void mixedOrientationsInOneUidAreSplitNotStacked() throws Exception {
        Path d = series("mixed", "1.2.3.6", zs(0, 2, 4, 6), AXIAL);
        slice("1.2.3.6", 50, new double[] {0, 0, 0}, new double[] {0, 1, 0, 0, 0, -1}, ramp(12, 0), 3, 4).write(d.resolve("sag.dcm"));
        List<DicomSeriesInfo> s = DicomSeriesReader.scan(d, Progress.NONE);
        assertEquals(2, s.size());
        assertEquals("1.2.3.6", s.get(0).uid());
        assertEquals(4, s.get(0).dims()[2]);
        assertEquals("1.2.3.6#2", s.get(1).uid());
        assertTrue(s.get(0).warnings().stream().anyMatch(x -> x.contains("mixes 2 orientations")));
        assertEquals(1, DicomSeriesReader.load(d, "1.2.3.6#2", Progress.NONE).nz());
    }

    @Test
    void enhancedMultiFrameUsesPerFrameFunctionalGroups() throws Exception {
        int frames = 4;
        byte[][] items = new byte[frames][];
        double[] z = {6, 0, 4, 2}; // frames stored out of order
        for (int f = 0; f < frames; f++) {
            byte[] pos = DicomWriter.item().ds(0x00200032, -5, -6, z[f]).body();
            byte[] vt = DicomWriter.item().ds(0x00281052, f * 10).ds(0x00281053, 2).body();
            items[f] = DicomWriter.item().seq(0x00209113, f % 2 == 0, pos).seq(0x00289145, true, vt).body();
        }
        byte[] shared = DicomWriter.item()
                .seq(0x00209116, false, DicomWriter.item().ds(0x00200037, 1, 0, 0, 0, 1, 0).body())
                .seq(0x00289110, true, DicomWriter.item().ds(0x00180050, 2).ds(0x00280030, 0.7, 0.6).body()).body();
        short[] px = new short[frames * 6];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) i;
        }
        Path f = tmp.resolve("enhanced.dcm");
        new DicomWriter("1.2.840.10008.5.1.4.1.1.2.1", "1.2.3.7.1").str(0x00080060, "CS", "CT")
                .str(0x0020000E, "UI", "1.2.3.7").us(0x00280002, 1).str(0x00280004, "CS", "MONOCHROME2")
                .str(0x00280008, "IS", "" + frames).us(0x00280010, 2).us(0x00280011, 3)
                .us(0x00280100, 16).us(0x00280101, 16).us(0x00280102, 15).us(0x00280103, 0)
                .seq(0x52009229, false, shared).seq(0x52009230, true, items)
                .pixels(px).write(f);
        Volume v = DicomSeriesReader.load(f, null, Progress.NONE);
        assertArrayEquals(new int[] {3, 2, 4}, v.geometry().dims());
        assertArrayEquals(new double[] {0.6, 0.7, 2}, v.geometry().spacing(), 1e-12);
        assertArrayEquals(new double[] {-5, -6, 0}, v.geometry().origin(), 1e-12);
        int[] frameAt = {1, 3, 2, 0}; // z = 0, 2, 4, 6
        for (int k = 0; k < 4; k++) {
            int fr = frameAt[k];
            assertEquals((fr * 6 + 5) * 2 + fr * 10, v.get(2, 1, k), 0, "slice " + k);
        }
        // the same object with its per-frame sequence sent as VR UN (implicit VR inside)
        byte[][] implicitItems = new byte[frames][];
        for (int i = 0; i < frames; i++) {
            byte[] pos = DicomWriter.item().implicitVr().ds(0x00200032, -5, -6, z[i]).body();
            byte[] vt = DicomWriter.item().implicitVr().ds(0x00281052, i * 10).ds(0x00281053, 2).body();
            implicitItems[i] = DicomWriter.item().implicitVr().seq(0x00209113, true, pos).seq(0x00289145, false, vt).body();
        }
        Path g = tmp.resolve("enhanced-un.dcm");
        new DicomWriter("1.2.840.10008.5.1.4.1.1.2.1", "1.2.3.8.1").str(0x00080060, "CS", "CT")
                .str(0x0020000E, "UI", "1.2.3.8").us(0x00280002, 1).str(0x00280004, "CS", "MONOCHROME2")
                .str(0x00280008, "IS", "" + frames).us(0x00280010, 2).us(0x00280011, 3)
                .us(0x00280100, 16).us(0x00280101, 16).us(0x00280102, 15).us(0x00280103, 0)
                .seq(0x52009229, false, shared).seq(0x52009230, "UN", true, implicitItems)
                .pixels(px).write(g);
        Volume u = DicomSeriesReader.load(g, null, Progress.NONE);
        assertTrue(v.geometry().sameGrid(u.geometry(), 1e-12));
        for (int k = 0; k < 4; k++) {
            assertArrayEquals((short[]) v.slice(k), (short[]) u.slice(k));
        }
    }

    @Test
    void classicMultiFrameStepsAlongTheNormal() throws Exception {
        Path f = tmp.resolve("mf.dcm");
        new DicomWriter("1.2.840.10008.5.1.4.1.1.20", "1.2.3.20.1").str(0x00080060, "CS", "NM")
                .ds(0x00180088, 2.5).str(0x0020000E, "UI", "1.2.3.20").ds(0x00200032, 1, 2, 3)
                .ds(0x00200037, 0, 1, 0, 0, 0, -1).us(0x00280002, 1).str(0x00280004, "CS", "MONOCHROME2")
                .str(0x00280008, "IS", "3").us(0x00280010, 2).us(0x00280011, 2).ds(0x00280030, 1, 1)
                .us(0x00280100, 16).us(0x00280101, 16).us(0x00280102, 15).us(0x00280103, 0)
                .pixels(ramp(12, 0)).write(f);
        Volume v = DicomSeriesReader.load(f, null, Progress.NONE);
        assertArrayEquals(new int[] {2, 2, 3}, v.geometry().dims());
        assertArrayEquals(new double[] {1, 1, 2.5}, v.geometry().spacing(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, v.geometry().origin(), 1e-12);
        assertEquals(8, v.get(0, 0, 2), 0);
    }

    @Test
    void cancellationStopsALoad() throws Exception {
        Path d = series("cancel", "1.2.3.30", zs(0, 1, 2, 3), AXIAL);
        Progress cancelled = new Progress() {
            @Override
            public void update(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                () -> DicomSeriesReader.load(d, null, cancelled));
    }
}
