package org.slicewise.core.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.volume.Geometry;

/**
 * Dice, normalised surface distance (NSD), HD95 and volumes per label, as in the MedSAM paper and
 * Metrics Reloaded. Surfaces are the boundary voxels of each mask (foreground voxels with a
 * 6-neighbour in the background or outside the image); distances between surfaces are exact
 * Euclidean distances between voxel centres in mm (anisotropic {@link DistanceTransform}).
 * Work is confined to the bounding box of both masks.
 */
public final class SegmentationMetrics {
    /** Default NSD tolerance (mm), as in the MedSAM paper. */
    public static final double DEFAULT_TOLERANCE_MM = 2.0;

    private SegmentationMetrics() {
    }

    /** Scores of every label present in either map (both on the same grid). */
    public static Map<Integer, LabelScores> all(LabelMap pred, LabelMap gt, double toleranceMm) {
        TreeSet<Integer> labels = new TreeSet<>(present(pred));
        labels.addAll(present(gt));
        Map<Integer, LabelScores> out = new TreeMap<>();
        for (int l : labels) {
            out.put(l, score(pred, gt, l, toleranceMm));
        }
        return out;
    }

    /** Labels present in a map (except 0). */
    public static TreeSet<Integer> present(LabelMap m) {
        boolean[] seen = new boolean[65536];
        for (int z = 0; z < m.geometry().nz(); z++) {
            short[] s = m.sliceOrNull(z);
            if (s != null) {
                for (short v : s) {
                    seen[v & 0xFFFF] = true;
                }
            }
        }
        TreeSet<Integer> t = new TreeSet<>();
        for (int i = 1; i < seen.length; i++) {
            if (seen[i]) {
                t.add(i);
            }
        }
        return t;
    }

    public static LabelScores score(LabelMap pred, LabelMap gt, int label, double toleranceMm) {
        Geometry g = gt.geometry();
        if (!pred.geometry().sameGrid(g, 1e-3)) {
            throw new IllegalArgumentException("prediction and ground truth are on different grids");
        }
        return score((x, y, z) -> pred.get(x, y, z) == label, (x, y, z) -> gt.get(x, y, z) == label, g, label,
                toleranceMm);
    }

    /** A binary mask on a grid. */
    @FunctionalInterface
    public interface Mask {
        boolean at(int x, int y, int z);
    }

    public static LabelScores score(Mask p, Mask q, Geometry g, int label, double toleranceMm) {
        int nx = g.nx(), ny = g.ny(), nz = g.nz();
        double[] sp = g.spacing();
        double voxMl = sp[0] * sp[1] * sp[2] / 1000.0;
        int x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1;
        long np = 0, ng = 0, inter = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    boolean a = p.at(x, y, z), b = q.at(x, y, z);
                    if (a || b) {
                        if (a) np++;
                        if (b) ng++;
                        if (a && b) inter++;
                        x0 = Math.min(x0, x);
                        x1 = Math.max(x1, x);
                        y0 = Math.min(y0, y);
                        y1 = Math.max(y1, y);
                        z0 = Math.min(z0, z);
                        z1 = Math.max(z1, z);
                    }
                }
            }
        }
        if (np == 0 && ng == 0) {
            return new LabelScores(label, 1, 1, 0, toleranceMm, 0, 0, 0, 0);
        }
        double dice = 2.0 * inter / (np + ng);
        if (np == 0 || ng == 0) {
            return new LabelScores(label, dice, 0, Double.POSITIVE_INFINITY, toleranceMm, np, ng, np * voxMl, ng * voxMl);
        }
        // crop with a one-voxel border (inside the image) so boundary tests see the neighbours
        int cx0 = Math.max(0, x0 - 1), cy0 = Math.max(0, y0 - 1), cz0 = Math.max(0, z0 - 1);
        int cx1 = Math.min(nx - 1, x1 + 1), cy1 = Math.min(ny - 1, y1 + 1), cz1 = Math.min(nz - 1, z1 + 1);
        int cx = cx1 - cx0 + 1, cy = cy1 - cy0 + 1, cz = cz1 - cz0 + 1;
        byte[] a = new byte[cx * cy * cz], b = new byte[a.length];
        for (int z = 0; z < cz; z++) {
            for (int y = 0; y < cy; y++) {
                for (int x = 0; x < cx; x++) {
                    int i = x + cx * (y + cy * z);
                    a[i] = (byte) (p.at(x + cx0, y + cy0, z + cz0) ? 1 : 0);
                    b[i] = (byte) (q.at(x + cx0, y + cy0, z + cz0) ? 1 : 0);
                }
            }
        }
        int[] off = {cx0, cy0, cz0};
        int[] full = {nx, ny, nz};
        byte[] sa = boundary(a, cx, cy, cz, off, full), sb = boundary(b, cx, cy, cz, off, full);
        double[] da = DistanceTransform.squared(sa, cx, cy, cz, sp);
        double[] db = DistanceTransform.squared(sb, cx, cy, cz, sp);
        double[] dab = distances(sa, db);
        double[] dba = distances(sb, da);
        double tol2 = toleranceMm * toleranceMm;
        long within = 0;
        for (double d : dab) {
            if (d <= tol2 + 1e-9) within++;
        }
        for (double d : dba) {
            if (d <= tol2 + 1e-9) within++;
        }
        double nsd = within / (double) (dab.length + dba.length);
        double hd95 = Math.max(percentile95(dab), percentile95(dba));
        return new LabelScores(label, dice, nsd, hd95, toleranceMm, np, ng, np * voxMl, ng * voxMl);
    }

    /** Foreground voxels with a 6-neighbour in the background or outside the image. */
    static byte[] boundary(byte[] m, int cx, int cy, int cz, int[] off, int[] full) {
        byte[] s = new byte[m.length];
        for (int z = 0; z < cz; z++) {
            for (int y = 0; y < cy; y++) {
                for (int x = 0; x < cx; x++) {
                    int i = x + cx * (y + cy * z);
                    if (m[i] == 0) {
                        continue;
                    }
                    boolean edge = off[0] + x == 0 || off[0] + x == full[0] - 1 || off[1] + y == 0
                            || off[1] + y == full[1] - 1 || off[2] + z == 0 || off[2] + z == full[2] - 1;
                    if (edge || (x > 0 && m[i - 1] == 0) || (x < cx - 1 && m[i + 1] == 0)
                            || (y > 0 && m[i - cx] == 0) || (y < cy - 1 && m[i + cx] == 0)
                            || (z > 0 && m[i - cx * cy] == 0) || (z < cz - 1 && m[i + cx * cy] == 0)) {
                        s[i] = 1;
                    }
                }
            }
        }
        return s;
    }

    /** Squared distances at the voxels of {@code surface}, sorted. */
    private static double[] distances(byte[] surface, double[] sq) {
        int n = 0;
        for (byte v : surface) {
            if (v != 0) n++;
        }
        double[] d = new double[n];
        int k = 0;
        for (int i = 0; i < surface.length; i++) {
            if (surface[i] != 0) {
                d[k++] = sq[i];
            }
        }
        Arrays.sort(d);
        return d;
    }

    /** 95th percentile (numpy's linear interpolation) of sorted squared distances, as a distance. */
    static double percentile95(double[] sortedSq) {
        double pos = 0.95 * (sortedSq.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sortedSq.length - 1, lo + 1);
        double a = Math.sqrt(sortedSq[lo]), b = Math.sqrt(sortedSq[hi]);
        return a + (b - a) * (pos - lo);
    }
}
