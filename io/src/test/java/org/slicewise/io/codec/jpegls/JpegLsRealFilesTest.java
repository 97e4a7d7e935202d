package org.slicewise.io.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slicewise.io.TestData;
import org.slicewise.io.codec.DicomTestFile;

/** Bit-exact decoding of the real JPEG-LS DICOM files in ../shared/data against their native twins. */
class JpegLsRealFilesTest {

    static byte[] toLittleEndian(JpegLsImage img, int bytesPerSample) {
        int[] s = img.samples();
        byte[] out = new byte[s.length * bytesPerSample];
        for (int i = 0; i < s.length; i++) {
            int v = s[i];
            out[i * bytesPerSample] = (byte) v;
            if (bytesPerSample == 2) {
                out[i * 2 + 1] = (byte) (v >> 8);
            }
        }
        return out;
    }

    private static void assertSameAsNative(String encoded, String reference) throws Exception {
        DicomTestFile enc = DicomTestFile.read(TestData.data(encoded));
        DicomTestFile ref = DicomTestFile.read(TestData.data(reference));
        assertEquals("1.2.840.10008.1.2.4.80", enc.transferSyntax());
        int frames = enc.frames();
        assertEquals(ref.frames(), frames);
        List<byte[]> streams = enc.frames(frames);
        int bps = enc.bitsAllocated() / 8;
        byte[] nat = ref.nativePixels();
        int frameBytes = enc.rows() * enc.columns() * enc.samplesPerPixel() * bps;
        for (int f = 0; f < frames; f++) {
            JpegLsImage img = JpegLsDecoder.decode(streams.get(f));
            assertEquals(enc.columns(), img.width());
            assertEquals(enc.rows(), img.height());
            assertEquals(enc.samplesPerPixel(), img.components());
            byte[] expected = java.util.Arrays.copyOfRange(nat, f * frameBytes, (f + 1) * frameBytes);
            assertArrayEquals(expected, toLittleEndian(img, bps), encoded + " frame " + f);
        }
    }

    @Test
    void mrSmallLossless() throws Exception {
        assertSameAsNative("pydicom/MR_small_jpeg_ls_lossless.dcm", "pydicom/MR_small.dcm");
    }

    @Test
    void emriSmallTenFrames() throws Exception {
        assertSameAsNative("pydicom/emri_small_jpeg_ls_lossless.dcm", "pydicom/emri_small.dcm");
    }

    @Test
    void dcmQaTs7And8() throws Exception {
        assertSameAsNative("dcm_qa_ts/In/7.dcm", "dcm_qa_ts/In/1.dcm");
        assertSameAsNative("dcm_qa_ts/In/8.dcm", "dcm_qa_ts/In/1.dcm");
    }

    @Test
    void jlsl16Bits15StoredMatchesGdcmHash() throws Exception {
        DicomTestFile enc = DicomTestFile.read(TestData.data("pydicom/JLSL_16_15_1_1F.dcm"));
        JpegLsImage img = JpegLsDecoder.decode(enc.frames(1).get(0));
        assertEquals(128, img.width());
        assertEquals(128, img.height());
        String expected = null;
        for (String line : Files.readAllLines(TestData.data("pydicom/decoded_pixel_sha256.txt"))) {
            if (line.contains("JLSL_16_15_1_1F.dcm")) {
                expected = line.split("\\s+")[0];
            }
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(toLittleEndian(img, 2));
        assertEquals(expected, HexFormat.of().formatHex(digest).substring(0, 16));
    }
}
