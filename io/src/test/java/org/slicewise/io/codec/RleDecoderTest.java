package org.slicewise.io.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slicewise.core.BadInputException;
import org.slicewise.io.TestData;

class RleDecoderTest {

    private static void assertSameAsNative(String encoded, String reference) throws Exception {
        DicomTestFile enc = DicomTestFile.read(TestData.data(encoded));
        DicomTestFile ref = DicomTestFile.read(TestData.data(reference));
        assertEquals("1.2.840.10008.1.2.5", enc.transferSyntax());
        int frames = enc.frames();
        assertEquals(ref.frames(), frames);
        List<byte[]> streams = enc.frames(frames);
        int frameBytes = enc.rows() * enc.columns() * enc.samplesPerPixel() * enc.bitsAllocated() / 8;
        byte[] nat = ref.nativePixels();
        for (int f = 0; f < frames; f++) {
            byte[] got = RleDecoder.decodeFrame(streams.get(f), enc.columns(), enc.rows(),
                    enc.samplesPerPixel(), enc.bitsAllocated());
            assertArrayEquals(Arrays.copyOfRange(nat, f * frameBytes, (f + 1) * frameBytes), got,
                    encoded + " frame " + f);
        }
    }

    @Test
    void mrSmall() throws Exception {
        assertSameAsNative("pydicom/MR_small_RLE.dcm", "pydicom/MR_small.dcm");
    }

    @Test
    void emriSmallTenFrames() throws Exception {
        assertSameAsNative("pydicom/emri_small_RLE.dcm", "pydicom/emri_small.dcm");
    }

    @Test
    void dcmQaTs4() throws Exception {
        assertSameAsNative("dcm_qa_ts/In/4.dcm", "dcm_qa_ts/In/1.dcm");
    }

    /** RLE files written by DCMTK's dcmcrle (tools/fixtures/make_jpegls_fixtures.py) against their sources. */
    @Test
    void dcmtkEncodedFixtures() throws Exception {
        String tsv = new String(CodecResources.resource("rle_fixtures.tsv"),
                java.nio.charset.StandardCharsets.US_ASCII);
        int n = 0;
        for (String line : tsv.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            int w = Integer.parseInt(f[2]);
            int h = Integer.parseInt(f[3]);
            int spp = Integer.parseInt(f[4]);
            int bits = Integer.parseInt(f[5]);
            java.nio.file.Path tmp = java.nio.file.Files.createTempFile("rle", ".dcm");
            try {
                java.nio.file.Files.write(tmp, CodecResources.resource(f[0]));
                DicomTestFile d = DicomTestFile.read(tmp);
                assertEquals("1.2.840.10008.1.2.5", d.transferSyntax());
                assertEquals(bits, d.bitsAllocated());
                byte[] got = RleDecoder.decodeFrame(d.frames(1).get(0), w, h, spp, bits);
                assertArrayEquals(CodecResources.resource(f[1]), got, f[0]);
                if (f[0].contains("fragments")) {
                    assertTrue(d.fragments().size() > 1, "expected a frame split over fragments");
                }
            } finally {
                java.nio.file.Files.delete(tmp);
            }
            n++;
        }
        assertEquals(5, n);
    }

    @Test
    void roundTripRgbAnd16And32Bit() {
        Random r = new Random(42);
        int[][] shapes = {{37, 11, 3, 8}, {64, 5, 1, 16}, {300, 3, 1, 32}, {1, 1, 1, 8}, {129, 2, 3, 16}};
        for (int[] s : shapes) {
            byte[] px = new byte[s[0] * s[1] * s[2] * s[3] / 8];
            for (int i = 0; i < px.length; i++) {
                // mix runs and noise so both PackBits forms occur
                px[i] = (byte) ((i / 7) % 3 == 0 ? r.nextInt(256) : (i / 50));
            }
            byte[] enc = RleEncoder.encodeFrame(px, s[0], s[1], s[2], s[3]);
            assertEquals(0, enc.length % 2);
            assertArrayEquals(px, RleDecoder.decodeFrame(enc, s[0], s[1], s[2], s[3]), Arrays.toString(s));
        }
    }

    @Test
    void malformedFramesAreRejected() {
        byte[] px = new byte[16 * 16 * 2];
        Arrays.fill(px, (byte) 7);
        byte[] good = RleEncoder.encodeFrame(px, 16, 16, 1, 16);
        // wrong segment count for the declared pixel format
        assertThrows(BadInputException.class, () -> RleDecoder.decodeFrame(good, 16, 16, 3, 16));
        assertThrows(BadInputException.class, () -> RleDecoder.decodeFrame(good, 16, 16, 1, 8));
        // short header
        assertThrows(BadInputException.class, () -> RleDecoder.decodeFrame(Arrays.copyOf(good, 40), 16, 16, 1, 16));
        // offset beyond the frame
        byte[] bad = good.clone();
        bad[8] = (byte) 0xFF;
        bad[9] = (byte) 0x7F;
        BadInputException e = assertThrows(BadInputException.class, () -> RleDecoder.decodeFrame(bad, 16, 16, 1, 16));
        assertTrue(e.getMessage().contains("segment 2"), e.getMessage());
        // truncated segment data
        assertThrows(BadInputException.class, () -> RleDecoder.decodeFrame(Arrays.copyOf(good, good.length - 4), 16, 16, 1, 16));
        // huge declared size from a tiny frame: refused before allocating
        assertThrows(BadInputException.class, () -> RleDecoder.decodeFrame(good, 60000, 60000, 1, 16));
        // unsupported bit depth
        assertThrows(BadInputException.class, () -> RleDecoder.decodeFrame(good, 16, 16, 1, 12));
        // garbage
        byte[] garbage = new byte[500];
        new Random(1).nextBytes(garbage);
        assertThrows(BadInputException.class, () -> RleDecoder.decodeFrame(garbage, 16, 16, 1, 16));
    }
}
