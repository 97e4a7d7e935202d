package org.slicewise.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;
import org.slicewise.io.TestData;

/** Conformance on the shared real files: dcm_qa_ts (9 syntaxes, mosaic) and pydicom's codec files. */
class DicomConformanceTest {

    private static Volume load(Path p) throws Exception {
        return DicomSeriesReader.load(p, null, Progress.NONE);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8, 9})
    void dcmQaTsAllSyntaxesDecodeToIdenticalPixels(int i) throws Exception {
        Path f = TestData.data("dcm_qa_ts/In/" + i + ".dcm");
        assumeTrue(Codecs.available(f), "codec for " + f + " not merged yet");
        byte[] ref = Codecs.rawLe(TestData.data("dcm_qa_ts/In/1.dcm"));
        assertArrayEquals(ref, Codecs.rawLe(f), "raw pixels of " + i + ".dcm differ from 1.dcm");
        Volume a = load(TestData.data("dcm_qa_ts/In/1.dcm"));
        Volume b = load(f);
        assertTrue(a.geometry().sameGrid(b.geometry(), 1e-6));
        for (int z = 0; z < a.nz(); z++) {
            assertArrayEquals((short[]) a.slice(z), (short[]) b.slice(z));
        }
    }

    @Test
    void dcmQaTsMosaicMatchesDcm2niixReference() throws Exception {
        Volume v = load(TestData.data("dcm_qa_ts/In/1.dcm"));
        Geometry g = v.geometry();
        assertArrayEquals(new int[] {64, 64, 35}, g.dims());
        PatientSpace.assertSpacing(g, 3.25, 3.25, 3.6);
        assertEquals("MR", v.metadata().modality());
        assertEquals(VoxelType.INT16, v.type());
        NiftiRef ref = NiftiRef.read(TestData.data("dcm_qa_ts/Ref/1.nii"));
        assertEquals(0, PatientSpace.mismatches(v, ref, 0, 0.01), "voxels differ from dcm2niix in patient space");
        assertEquals(763, v.metadata().suggestedWindow().center(), 1e-9);
        assertEquals(1639, v.metadata().suggestedWindow().width(), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm",
        "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm", "emri_small.dcm", "emri_small_RLE.dcm",
        "emri_small_big_endian.dcm", "emri_small_jpeg_2k_lossless.dcm", "emri_small_jpeg_ls_lossless.dcm",
        "JLSL_16_15_1_1F.dcm", "CT_small.dcm"})
    void pydicomFilesMatchGdcmHashes(String name) throws Exception {
        Path f = TestData.data("pydicom/" + name);
        assumeTrue(Codecs.available(f), "codec for " + name + " not merged yet");
        String expected = null;
        for (String line : Files.readAllLines(TestData.data("pydicom/decoded_pixel_sha256.txt"))) {
            String[] t = line.trim().split("\\s+");
            if (t.length > 1 && t[1].equals(name)) {
                expected = t[0];
            }
        }
        assertEquals(16, expected.length());
        assertEquals(expected, Codecs.sha256(Codecs.rawLe(f)).substring(0, 16), name);
        Volume v = load(f);
        assertTrue(v.nz() >= 1);
    }

    @Test
    void mrSmallVariantsGiveIdenticalVolumes() throws Exception {
        Volume ref = load(TestData.data("pydicom/MR_small.dcm"));
        assertArrayEquals(new int[] {64, 64, 1}, ref.geometry().dims());
        assertArrayEquals(new double[] {-83.9063, -91.2, 6.6406}, ref.geometry().origin(), 1e-9);
        for (String n : List.of("MR_small_bigendian.dcm", "MR_small_implicit.dcm", "MR_small_jp2klossless.dcm",
                "MR_small_RLE.dcm", "MR_small_jpeg_ls_lossless.dcm")) {
            Path f = TestData.data("pydicom/" + n);
            if (!Codecs.available(f)) {
                continue;
            }
            Volume v = load(f);
            assertTrue(ref.geometry().sameGrid(v.geometry(), 1e-9), n);
            assertArrayEquals((short[]) ref.slice(0), (short[]) v.slice(0), n);
        }
    }

    @Test
    void emriSmallIsTenFramesWithoutGeometry() throws Exception {
        Volume v = load(TestData.data("pydicom/emri_small.dcm"));
        assertArrayEquals(new int[] {64, 64, 10}, v.geometry().dims());
        assertTrue(v.metadata().warnings().stream().anyMatch(w -> w.contains("ImagePositionPatient")));
    }

    @Test
    void ctSmallIsHounsfield() throws Exception {
        Volume v = load(TestData.data("pydicom/CT_small.dcm"));
        assertEquals("CT", v.metadata().modality());
        assertArrayEquals(new int[] {128, 128, 1}, v.geometry().dims());
        PatientSpace.assertSpacing(v.geometry(), 0.661468, 0.661468, 5.0);
        // pydicom: RescaleIntercept -1024, slope 1; HU = stored - 1024
        short[] raw = (short[]) SeriesLoader.decodeFile(Codecs.header(TestData.data("pydicom/CT_small.dcm")))[0];
        double[] mm = v.minMax();
        assertTrue(mm[0] >= -1024 - 32768 && mm[1] < 32768);
        assertEquals(raw[1000] - 1024 + 0.0, v.get(1000 % 128, 1000 / 128, 0), 1e-9);
    }

    @Test
    void sameInstanceInSeveralSyntaxesIsOneSeriesOfTenFrames(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        for (String n : List.of("emri_small.dcm", "emri_small_big_endian.dcm", "emri_small_jpeg_2k_lossless.dcm")) {
            Files.copy(TestData.data("pydicom/" + n), tmp.resolve(n));
        }
        List<DicomSeriesInfo> s = DicomSeriesReader.scan(tmp, Progress.NONE);
        assertEquals(1, s.size());
        assertArrayEquals(new int[] {64, 64, 10}, s.get(0).dims());
        assertTrue(s.get(0).warnings().stream().anyMatch(w -> w.startsWith("2 file(s) repeat a SOP Instance UID")),
                s.get(0).warnings().toString());
    }
}
