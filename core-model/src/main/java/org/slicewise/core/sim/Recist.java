package org.slicewise.core.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slicewise.core.prompt.RecistMarker;
import org.slicewise.core.prompt.Segment;

/**
 * RECIST diameters of a mask on one slice: the long axis is the longest distance between two voxel
 * centres of the mask (found on its convex hull), the short axis the longest chord perpendicular to
 * it. Distances are measured in mm with the in-plane spacing, so anisotropic pixels are handled.
 */
public final class Recist {
    /** A measured marker with its lengths in mm (short = 0 when absent). */
    public record Measurement(RecistMarker marker, double longMm, double shortMm) {
    }

    private Recist() {
    }

    /**
     * Measures label {@code label} on one slice ({@code slice[x + y*nx]}, unsigned labels).
     *
     * @return the measurement, or null when fewer than two voxels carry the label
     */
    public static Measurement measure(short[] slice, int nx, int ny, int label, double sx, double sy) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < nx * ny; i++) {
            if ((slice[i] & 0xFFFF) == label) {
                pts.add(new double[] {(i % nx) * sx, (i / nx) * sy});
            }
        }
        if (pts.size() < 2) {
            return null;
        }
        List<double[]> hull = hull(pts);
        double best = -1;
        double[] pa = null, pb = null;
        for (int i = 0; i < hull.size(); i++) {
            for (int j = i + 1; j < hull.size(); j++) {
                double d = dist2(hull.get(i), hull.get(j));
                if (d > best) {
                    best = d;
                    pa = hull.get(i);
                    pb = hull.get(j);
                }
            }
        }
        double len = Math.sqrt(best);
        double ux = (pb[0] - pa[0]) / len, uy = (pb[1] - pa[1]) / len;
        double vx = -uy, vy = ux;
        // bin voxels by position along the long axis (half-voxel bins); widest spread across = short axis
        double bin = 0.5 * Math.min(sx, sy);
        Map<Long, double[]> spread = new HashMap<>();
        for (double[] p : pts) {
            double s = (p[0] - pa[0]) * ux + (p[1] - pa[1]) * uy;
            double t = (p[0] - pa[0]) * vx + (p[1] - pa[1]) * vy;
            double[] r = spread.computeIfAbsent(Math.round(s / bin), k -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
            r[0] = Math.min(r[0], t);
            r[1] = Math.max(r[1], t);
        }
        long bestBin = 0;
        double bestW = 0;
        for (var e : spread.entrySet()) {
            double w = e.getValue()[1] - e.getValue()[0];
            if (w > bestW) {
                bestW = w;
                bestBin = e.getKey();
            }
        }
        Segment lg = new Segment(pa[0] / sx, pa[1] / sy, pb[0] / sx, pb[1] / sy);
        Segment sh = null;
        if (bestW > 1e-9) {
            double s = bestBin * bin;
            double[] r = spread.get(bestBin);
            double cx = pa[0] + s * ux, cy = pa[1] + s * uy;
            sh = new Segment((cx + r[0] * vx) / sx, (cy + r[0] * vy) / sy, (cx + r[1] * vx) / sx, (cy + r[1] * vy) / sy);
        }
        return new Measurement(new RecistMarker(lg, sh), len, bestW);
    }

    private static double dist2(double[] a, double[] b) {
        double dx = a[0] - b[0], dy = a[1] - b[1];
        return dx * dx + dy * dy;
    }

    /** Convex hull (Andrew's monotone chain). */
    static List<double[]> hull(List<double[]> pts) {
        double[][] p = pts.toArray(new double[0][]);
        Arrays.sort(p, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int n = p.length;
        double[][] h = new double[2 * n][];
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) {
                k--;
            }
            h[k++] = p[i];
        }
        for (int i = n - 2, t = k + 1; i >= 0; i--) {
            while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0) {
                k--;
            }
            h[k++] = p[i];
        }
        List<double[]> out = new ArrayList<>(Arrays.asList(h).subList(0, Math.max(1, k - 1)));
        return out;
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
}
