package org.slicewise.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slicewise.core.volume.Geometry;

class SegmentationMetricsTest {
    static SegmentationMetrics.Mask box(int x0, int x1, int y0, int y1, int z0, int z1) {
        return (x, y, z) -> x >= x0 && x <= x1 && y >= y0 && y <= y1 && z >= z0 && z <= z1;
    }

    @Test
    void identicalMasksAreAPerfectMatch() {
        Geometry g = Geometry.axisAligned(20, 20, 20, 1, 1, 1);
        LabelScores s = SegmentationMetrics.score(box(5, 9, 5, 9, 5, 9), box(5, 9, 5, 9, 5, 9), g, 1, 2);
        assertEquals(1, s.dice(), 0);
        assertEquals(1, s.nsd(), 0);
        assertEquals(0, s.hd95(), 0);
        assertEquals(0.125, s.predMl(), 1e-12);
    }

    @Test
    void handComputedCubeAgainstElongatedBox() {
        // P = 5x5x5 cube (98 surface voxels), G = the cube extended by 4 voxels in x (9x5x5, 162 surface voxels).
        // P's surface is within 2 mm of G's everywhere; G's surface rings at x=12 (16 voxels, 3 mm) and the end
        // face x=13 (25 voxels, 4 mm) are not: NSD = (98 + 162 - 41) / (98 + 162).
        Geometry g = Geometry.axisAligned(20, 20, 20, 1, 1, 1);
        LabelScores s = SegmentationMetrics.score(box(5, 9, 5, 9, 5, 9), box(5, 13, 5, 9, 5, 9), g, 1, 2);
        assertEquals(2.0 * 125 / (125 + 225), s.dice(), 1e-12);
        assertEquals(219.0 / 260, s.nsd(), 1e-12);
        // directed 95th percentiles: P->G sorted [89 x 0, 8 x 1, 1 x 2] -> 1; G->P [89x0,16x1,16x2,16x3,25x4] -> 4
        assertEquals(4, s.hd95(), 1e-12);
        assertEquals(125, s.predVoxels());
        assertEquals(225, s.gtVoxels());
        // with 3 mm tolerance only the end face (4 mm) is outside
        assertEquals((260.0 - 25) / 260, SegmentationMetrics.score(box(5, 9, 5, 9, 5, 9), box(5, 13, 5, 9, 5, 9), g, 1, 3).nsd(), 1e-12);
    }

    @Test
    void anisotropicSpacingScalesDistancesAndVolumes() {
        // same masks with 2 mm voxels along x: G's extra rings sit at 2, 4, 6, 8 mm; tolerance 2 keeps only x=10
        Geometry g = Geometry.axisAligned(20, 20, 20, 2, 1, 0.5);
        LabelScores s = SegmentationMetrics.score(box(5, 9, 5, 9, 5, 9), box(5, 13, 5, 9, 5, 9), g, 1, 2);
        // P surface: x=9 face interior voxels are 1-2 mm (y/z spacing 1 and 0.5) from G's ring: all within
        assertEquals((98.0 + 162 - 16 - 16 - 25) / 260, s.nsd(), 1e-12);
        assertEquals(8, s.hd95(), 1e-12);
        assertEquals(125 * 1.0 / 1000, s.predMl(), 1e-12);
    }

    @Test
    void emptyPredictionScoresZero() {
        Geometry g = Geometry.axisAligned(10, 10, 10, 1, 1, 1);
        LabelScores s = SegmentationMetrics.score((x, y, z) -> false, box(2, 4, 2, 4, 2, 4), g, 1, 2);
        assertEquals(0, s.dice());
        assertEquals(0, s.nsd());
        assertEquals(Double.POSITIVE_INFINITY, s.hd95());
    }

    @Test
    void distanceTransformIsExactAgainstBruteForce() {
        Random r = new Random(7);
        int nx = 13, ny = 9, nz = 7;
        double[] sp = {0.7, 1.3, 2.5};
        byte[] f = new byte[nx * ny * nz];
        for (int i = 0; i < 6; i++) {
            f[r.nextInt(f.length)] = 1;
        }
        double[] d = DistanceTransform.squared(f, nx, ny, nz, sp);
        for (int i = 0; i < f.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < f.length; j++) {
                if (f[j] != 0) {
                    double dx = (i % nx - j % nx) * sp[0], dy = ((i / nx) % ny - (j / nx) % ny) * sp[1];
                    double dz = (i / (nx * ny) - j / (nx * ny)) * sp[2];
                    best = Math.min(best, dx * dx + dy * dy + dz * dz);
                }
            }
            assertEquals(best, d[i], 1e-9, "voxel " + i);
        }
    }
}
