package org.slicewise.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;
import org.slicewise.io.TestData;

/** The TotalSegmentator JPEG 2000 CT series with empty UIDs against its derived references. */
class TotalSegmentatorDicomTest {
    private static final String DIR = "totalsegmentator/example_ct_dicom";

    @Test
    void scanGroupsFilesWithEmptyUidsIntoOneSeries() throws Exception {
        List<DicomSeriesInfo> series = DicomSeriesReader.scan(TestData.data(DIR), Progress.NONE);
        assertEquals(1, series.size());
        DicomSeriesInfo s = series.get(0);
        assertTrue(s.uid().startsWith("nouid-"), s.uid());
        assertArrayEquals(new int[] {512, 512, 20}, s.dims());
        assertArrayEquals(new double[] {0.9765625, 0.9765625, 2.0}, s.spacing(), 1e-9);
        assertEquals(List.of("1.2.840.10008.1.2.4.90"), s.transferSyntaxes());
        assertEquals(20, s.files());
        assertEquals("CT", s.modality());
        assertEquals("CT Body 3.0", s.description());
        assertTrue(s.warnings().stream().anyMatch(w -> w.contains("no SeriesInstanceUID")));
    }

    @Test
    void perSliceStoredValuesMatchOpenJpegSha256() throws Exception {
        List<String> lines = Files.readAllLines(TestData.data("totalsegmentator/example_ct_dicom_decoded_sha256.txt"));
        int checked = 0;
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] t = line.trim().split("\\s+");
            Path f = TestData.data(DIR + "/" + t[t.length - 1]);
            assertEquals(t[0], Codecs.sha256(Codecs.rawLe(f)), f.getFileName().toString());
            checked++;
        }
        assertEquals(20, checked);
    }

    @Test
    void hounsfieldGeometryAndLiverMatchReferences() throws Exception {
        Volume v = DicomSeriesReader.load(TestData.data(DIR), null, Progress.NONE);
        Geometry g = v.geometry();
        assertEquals(VoxelType.INT16, v.type());
        assertArrayEquals(new int[] {512, 512, 20}, g.dims());
        assertArrayEquals(new double[] {0.9765625, 0.9765625, 2.0}, g.spacing(), 1e-9);
        assertArrayEquals(new double[] {-249.51171875, -437.51171875, -804.5}, g.origin(), 1e-6);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, g.direction(), 1e-12);
        assertEquals(-1024, v.minMax()[0], 0);
        assertEquals(40, v.metadata().suggestedWindow().center(), 0);
        assertEquals(300, v.metadata().suggestedWindow().width(), 0);
        NiftiRef hu = NiftiRef.read(TestData.data("totalsegmentator/example_ct_dicom_decoded_hu.nii.gz"));
        assertEquals(0, PatientSpace.mismatches(v, hu, 0, 0.01), "HU differ from the reference in patient space");

        NiftiRef seg = NiftiRef.read(TestData.data("totalsegmentator/example_seg_dicom.nii.gz"));
        double sum = 0;
        long n = 0;
        for (int k = 0; k < seg.dims[2]; k++) {
            for (int j = 0; j < seg.dims[1]; j++) {
                for (int i = 0; i < seg.dims[0]; i++) {
                    if (seg.get(i, j, k) == 5) {
                        double[] p = lps(seg.affineLps, i, j, k);
                        double[] ijk = g.patientToVoxel(p[0], p[1], p[2]);
                        sum += v.get((int) Math.rint(ijk[0]), (int) Math.rint(ijk[1]), (int) Math.rint(ijk[2]));
                        n++;
                    }
                }
            }
        }
        assertTrue(n > 10000, "liver voxels: " + n);
        assertEquals(89, sum / n, 3, "mean HU in the liver");
    }

    private static double[] lps(double[] a, int i, int j, int k) {
        return new double[] {a[0] * i + a[1] * j + a[2] * k + a[3], a[4] * i + a[5] * j + a[6] * k + a[7],
            a[8] * i + a[9] * j + a[10] * k + a[11]};
    }

    @Test
    void zipOfTheSeriesLoadsTheSameVolume(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path zip = tmp.resolve("series.zip");
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(TestData.data(DIR))) {
            s.sorted().limit(5).forEach(files::add);
        }
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (Path f : files) {
                out.putNextEntry(new java.util.zip.ZipEntry("dicom/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        assertTrue(DicomSeriesReader.isDicomInput(zip));
        Volume z = DicomSeriesReader.load(zip, null, Progress.NONE);
        assertArrayEquals(new int[] {512, 512, 5}, z.geometry().dims());
        Volume d = DicomSeriesReader.load(files.get(0), null, Progress.NONE);
        assertEquals(1, d.nz());
        int k = (int) Math.rint((d.geometry().origin()[2] - z.geometry().origin()[2]) / z.geometry().spacing(2));
        assertArrayEquals((short[]) d.slice(0), (short[]) z.slice(k));
    }
}
