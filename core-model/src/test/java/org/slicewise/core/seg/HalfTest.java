package org.slicewise.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfTest {
    @Test
    void knownEncodings() {
        assertEquals(0x3C00, Half.fromFloat(1f) & 0xFFFF);
        assertEquals(0xC000, Half.fromFloat(-2f) & 0xFFFF);
        assertEquals(0x7BFF, Half.fromFloat(65504f) & 0xFFFF);
        assertEquals(0x7C00, Half.fromFloat(1e6f) & 0xFFFF);
        assertEquals(0x0001, Half.fromFloat(5.9604645e-8f) & 0xFFFF);
        assertEquals(0x3555, Half.fromFloat(1f / 3) & 0xFFFF);
        assertEquals(65504f, Half.toFloat((short) 0x7BFF));
        assertEquals(5.9604645e-8f, Half.toFloat((short) 0x0001));
        assertEquals(Float.NEGATIVE_INFINITY, Half.toFloat((short) 0xFC00));
    }

    @Test
    void roundTripRelativeErrorWithinHalfPrecision() {
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 100_000; i++) {
            float f = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3));
            float back = Half.toFloat(Half.fromFloat(f));
            if (Math.abs(f) > 6.2e-5f) {
                assertEquals(f, back, Math.abs(f) * 4.9e-4f, "value " + f);
            } else {
                assertEquals(f, back, 3e-8f, "value " + f);
            }
        }
    }
}
