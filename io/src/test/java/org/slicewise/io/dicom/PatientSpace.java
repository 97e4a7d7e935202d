package org.slicewise.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;

/** Test helper: compares a volume with a reference image voxel by voxel in LPS patient space. */
final class PatientSpace {
    private PatientSpace() {
    }

    /**
     * Maps every reference voxel to our voxel grid through both affines (the map must be a signed
     * axis permutation with integer offsets, i.e. the grids coincide) and returns the number of
     * voxels whose values differ by more than {@code tol}.
     */
    static long mismatches(Volume v, NiftiRef ref, double tol, double mmTol) {
        Geometry g = v.geometry();
        int[] rd = ref.dims;
        assertEquals((long) rd[0] * rd[1] * rd[2], g.voxelCount(), "voxel count");
        int[][] map = new int[4][3]; // our index = base + sum(ref index * step)
        double[] base = toOurs(g, ref, 0, 0, 0);
        for (int a = 0; a < 3; a++) {
            int[] e = new int[3];
            e[a] = 1;
            double[] p = toOurs(g, ref, e[0], e[1], e[2]);
            for (int c = 0; c < 3; c++) {
                double step = p[c] - base[c];
                assertEquals(Math.rint(step), step, 1e-3, "reference axis " + a + " is not one of our axes");
                map[a][c] = (int) Math.rint(step);
            }
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(Math.rint(base[c]), base[c], mmTol / g.spacing(c), "grids are offset along axis " + c);
            map[3][c] = (int) Math.rint(base[c]);
        }
        long bad = 0;
        for (int k = 0; k < rd[2]; k++) {
            for (int j = 0; j < rd[1]; j++) {
                for (int i = 0; i < rd[0]; i++) {
                    int x = map[3][0] + i * map[0][0] + j * map[1][0] + k * map[2][0];
                    int y = map[3][1] + i * map[0][1] + j * map[1][1] + k * map[2][1];
                    int z = map[3][2] + i * map[0][2] + j * map[1][2] + k * map[2][2];
                    assertTrue(x >= 0 && y >= 0 && z >= 0 && x < g.nx() && y < g.ny() && z < g.nz(), "maps outside");
                    if (Math.abs(v.get(x, y, z) - ref.get(i, j, k)) > tol) {
                        bad++;
                    }
                }
            }
        }
        return bad;
    }

    private static double[] toOurs(Geometry g, NiftiRef ref, int i, int j, int k) {
        double[] a = ref.affineLps;
        double x = a[0] * i + a[1] * j + a[2] * k + a[3];
        double y = a[4] * i + a[5] * j + a[6] * k + a[7];
        double z = a[8] * i + a[9] * j + a[10] * k + a[11];
        return g.patientToVoxel(x, y, z);
    }

    static void assertSpacing(Geometry g, double... expected) {
        assertArrayEquals(expected, g.spacing(), 1e-3);
    }
}
