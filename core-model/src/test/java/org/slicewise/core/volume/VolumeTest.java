package org.slicewise.core.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VolumeTest {
    @Test
    void typedAccessAndUnsignedInterpretation() {
        Geometry g = Geometry.axisAligned(3, 2, 2, 1, 1, 1);
        for (VoxelType t : VoxelType.values()) {
            Volume v = Volume.allocate(g, t, null);
            double big = t.integral() ? t.maxValue() : 1234.5;
            v.set(2, 1, 1, big);
            v.set(0, 0, 0, t.signed() ? -7 : 7);
            assertEquals(big, v.get(2, 1, 1), 1e-3 * Math.abs(big), t.id());
            assertEquals(t.signed() ? -7 : 7, v.get(0, 0, 0), t.id());
            float[] f = v.sliceAsFloat(1, null);
            assertEquals((float) big, f[2 + 3], Math.ulp((float) big), t.id());
            assertArrayEquals(new double[] {t.signed() ? -7 : 0, big}, v.minMax(), 1e-3 * Math.abs(big), t.id());
        }
    }

    @Test
    void slicesAreViewsNotCopies() {
        Volume v = Volume.allocate(Geometry.axisAligned(4, 4, 3, 1, 1, 1), VoxelType.INT16, null);
        ((short[]) v.slice(2))[5] = -1024;
        assertEquals(-1024, v.get(1, 1, 2));
    }

    @Test
    void rejectsMismatchedSlices() {
        Geometry g = Geometry.axisAligned(2, 2, 2, 1, 1, 1);
        assertThrows(IllegalArgumentException.class,
                () -> new Volume(g, VoxelType.INT16, new Object[] {new short[4]}, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Volume(g, VoxelType.INT16, new Object[] {new short[4], new float[4]}, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Volume(g, VoxelType.INT16, new Object[] {new short[4], new short[3]}, null));
    }
}
