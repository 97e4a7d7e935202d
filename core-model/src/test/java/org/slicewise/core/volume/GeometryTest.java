package org.slicewise.core.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeometryTest {
    /** brain1 as ITK reports it (shared/data README): direction rows (1,0,0), (0,-1,0), (0,0,1). */
    private static final Geometry BRAIN1 = new Geometry(new int[] {256, 256, 25},
            new double[] {0.78125, 0.78125, 6.5}, new double[] {-99.609375, 99.609375, -78},
            new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1});

    @Test
    void voxelToPatientUsesDirectionColumnsAndSpacing() {
        // voxel (255, 255, 24): x grows along +L, y along -P (anterior), z along +S
        assertArrayEquals(new double[] {-99.609375 + 255 * 0.78125, 99.609375 - 255 * 0.78125, -78 + 24 * 6.5},
                BRAIN1.voxelToPatient(255, 255, 24), 1e-9);
    }

    @Test
    void patientToVoxelInvertsVoxelToPatientForObliqueGrids() {
        double c = Math.cos(0.3), s = Math.sin(0.3);
        // rotation about z (columns are axis directions), with an anisotropic grid
        Geometry g = new Geometry(new int[] {10, 20, 30}, new double[] {0.5, 0.7, 2.5}, new double[] {3, -4, 5},
                new double[] {c, -s, 0, s, c, 0, 0, 0, 1});
        double[] p = g.voxelToPatient(3.25, 7.5, 11);
        assertArrayEquals(new double[] {3.25, 7.5, 11}, g.patientToVoxel(p[0], p[1], p[2]), 1e-9);
        // the i axis moves along the first column (c, s, 0)
        double[] p0 = g.voxelToPatient(0, 0, 0), p1 = g.voxelToPatient(1, 0, 0);
        assertArrayEquals(new double[] {0.5 * c, 0.5 * s, 0}, new double[] {p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]}, 1e-12);
    }

    @Test
    void affineMatchesVoxelToPatient() {
        double[] a = BRAIN1.affineLps();
        double[] p = BRAIN1.voxelToPatient(7, 9, 3);
        for (int r = 0; r < 3; r++) {
            double v = a[r * 4] * 7 + a[r * 4 + 1] * 9 + a[r * 4 + 2] * 3 + a[r * 4 + 3];
            org.junit.jupiter.api.Assertions.assertEquals(p[r], v, 1e-9);
        }
    }

    @Test
    void sameGridToleratesRoundingOnly() {
        Geometry near = new Geometry(BRAIN1.dims(), new double[] {0.78125, 0.78125, 6.5000001},
                new double[] {-99.609375, 99.609375, -78.00001}, BRAIN1.direction());
        assertTrue(BRAIN1.sameGrid(near, 1e-3));
        assertFalse(BRAIN1.sameGrid(BRAIN1.withDims(256, 256, 24), 1e-3));
        Geometry moved = new Geometry(BRAIN1.dims(), BRAIN1.spacing(), new double[] {-99, 99.609375, -78}, BRAIN1.direction());
        assertFalse(BRAIN1.sameGrid(moved, 1e-3));
    }

    @Test
    void rejectsBadGeometry() {
        assertThrows(IllegalArgumentException.class, () -> Geometry.axisAligned(0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Geometry.axisAligned(1, 1, 1, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Geometry.axisAligned(1, 1, 1, 1, Double.NaN, 1));
        Geometry singular = new Geometry(new int[] {1, 1, 1}, new double[] {1, 1, 1}, new double[3],
                new double[] {1, 0, 0, 1, 0, 0, 0, 0, 1});
        assertThrows(IllegalArgumentException.class, () -> singular.patientToVoxel(0, 0, 0));
    }
}
