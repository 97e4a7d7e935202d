package org.slicewise.io.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Default coding parameters of T.87 C.2.4.1.1.1 and A.2.1, values computed by hand from the formulas. */
class JpegLsParamsTest {

    private static void assertParams(JpegLsParams p, int t1, int t2, int t3, int range, int qbpp, int limit) {
        assertParams(p, t1, t2, t3, range, qbpp, limit, 64);
    }

    private static void assertParams(JpegLsParams p, int t1, int t2, int t3, int range, int qbpp, int limit, int reset) {
        assertEquals(t1, p.t1, "T1");
        assertEquals(t2, p.t2, "T2");
        assertEquals(t3, p.t3, "T3");
        assertEquals(range, p.range, "RANGE");
        assertEquals(qbpp, p.qbpp, "qbpp");
        assertEquals(limit, p.limit, "LIMIT");
        assertEquals(reset, p.reset, "RESET");
    }

    @Test
    void defaults() {
        assertParams(JpegLsParams.resolve(8, 0, null), 3, 7, 21, 256, 8, 32);
        // 12 and 16 bits: FACTOR = (min(MAXVAL,4095)+128)/256 = 16 (what CharLS writes in 7.dcm's LSE)
        assertParams(JpegLsParams.resolve(12, 0, null), 18, 67, 276, 4096, 12, 48);
        assertParams(JpegLsParams.resolve(16, 0, null), 18, 67, 276, 65536, 16, 64);
        // MAXVAL < 128: FACTOR = 256/(MAXVAL+1) = 16, thresholds floored at 2, 3, 4
        assertParams(JpegLsParams.resolve(4, 0, null), 2, 3, 4, 16, 4, 24); // LIMIT = 2*(4+8)
        // near-lossless: RANGE = (MAXVAL + 2 NEAR)/(2 NEAR + 1) + 1 = 52, qbpp 6
        assertParams(JpegLsParams.resolve(8, 2, null), 9, 17, 35, 52, 6, 32);
        // 2 bits, NEAR 1: FACTOR 64; T1 = max(2, 0+3) = 3; T2 = 5 and T3 = 7 exceed MAXVAL 3 -> clamped to 3
        assertParams(JpegLsParams.resolve(2, 1, null), 3, 3, 3, 2, 1, 20);
    }

    @Test
    void presetsAndValidation() {
        // MAXVAL 2500: FACTOR (2500+128)/256 = 10 -> 12, 43, 174 (as CharLS writes them); RANGE from MAXVAL
        assertParams(JpegLsParams.resolve(12, 0, new int[] {2500, 0, 0, 0, 32}), 12, 43, 174, 2501, 12, 48, 32);
        // a partial preset: T2, T3 defaults are clamped against the given T1
        JpegLsParams q = JpegLsParams.resolve(8, 0, new int[] {0, 10, 0, 0, 0});
        assertEquals(10, q.t1);
        assertEquals(10, q.t2);
        assertEquals(21, q.t3);
        assertThrows(IllegalArgumentException.class, () -> JpegLsParams.resolve(8, 0, new int[] {0, 9, 5, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> JpegLsParams.resolve(8, 200, null));
        assertThrows(IllegalArgumentException.class, () -> JpegLsParams.resolve(8, 0, new int[] {0, 0, 0, 0, 2}));
    }
}
