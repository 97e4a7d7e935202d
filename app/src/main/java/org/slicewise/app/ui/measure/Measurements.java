package org.slicewise.app.ui.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelSnapshot;
import org.slicewise.core.volume.Geometry;

/**
 * Per-object measurements on the mask: volume in mL, and the RECIST long-axis diameter (longest
 * in-plane segment between two boundary voxels) with the longest perpendicular short axis, on the
 * axial slice where the long axis is largest.
 */
public final class Measurements {
    private Measurements() {
    }

    /** Result for one label. */
    public record Result(int label, long voxels, double volumeMl, double longMm, double shortMm, int recistSlice) {
    }

    public static Result measure(LabelMap map, int label) {
        return measure(map.geometry(), map::sliceOrNull, label);
    }

    /** Measures an immutable snapshot (safe on any thread while editing goes on). */
    public static Result measure(LabelSnapshot snap, int label) {
        return measure(snap.geometry(), snap::sliceOrNull, label);
    }

    private static Result measure(Geometry g, IntFunction<short[]> slices, int label) {
        double sx = g.spacing(0), sy = g.spacing(1), sz = g.spacing(2);
        long count = 0;
        double bestLong = 0, bestShort = 0;
        int bestZ = -1;
        int nx = g.nx(), ny = g.ny();
        for (int z = 0; z < g.nz(); z++) {
            short[] s = slices.apply(z);
            if (s == null) {
                continue;
            }
            List<double[]> boundary = new ArrayList<>();
            long c = 0;
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    if ((s[x + y * nx] & 0xFFFF) != label) {
                        continue;
                    }
                    c++;
                    if (x == 0 || y == 0 || x == nx - 1 || y == ny - 1 || (s[x - 1 + y * nx] & 0xFFFF) != label
                            || (s[x + 1 + y * nx] & 0xFFFF) != label || (s[x + (y - 1) * nx] & 0xFFFF) != label
                            || (s[x + (y + 1) * nx] & 0xFFFF) != label) {
                        boundary.add(new double[] {x * sx, y * sy});
                    }
                }
            }
            count += c;
            if (boundary.isEmpty()) {
                continue;
            }
            double[] l = longAxis(boundary);
            if (l[0] > bestLong) {
                bestLong = l[0];
                bestShort = shortAxis(boundary, l);
                bestZ = z;
            }
        }
        double ml = count * sx * sy * sz / 1000.0;
        return new Result(label, count, ml, bestLong, bestShort, bestZ);
    }

    /** [length, x0, y0, x1, y1] of the longest boundary-to-boundary segment (mm). */
    static double[] longAxis(List<double[]> pts) {
        double best = 0;
        double[] r = {0, 0, 0, 0, 0};
        int step = Math.max(1, pts.size() / 2000); // subsample very long contours
        for (int i = 0; i < pts.size(); i += step) {
            double[] a = pts.get(i);
            for (int j = i + 1; j < pts.size(); j++) {
                double[] b = pts.get(j);
                double d = (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
                if (d > best) {
                    best = d;
                    r = new double[] {0, a[0], a[1], b[0], b[1]};
                }
            }
        }
        r[0] = Math.sqrt(best);
        return r;
    }

    /**
     * Longest extent perpendicular to the long axis: boundary points are binned by their position
     * along the axis (1 mm bins); per bin, the spread across the axis; the maximum spread.
     */
    static double shortAxis(List<double[]> pts, double[] l) {
        if (l[0] == 0) {
            return 0;
        }
        double ux = (l[3] - l[1]) / l[0], uy = (l[4] - l[2]) / l[0];
        java.util.Map<Long, double[]> bins = new java.util.HashMap<>();
        for (double[] p : pts) {
            double t = (p[0] - l[1]) * ux + (p[1] - l[2]) * uy;
            double o = -(p[0] - l[1]) * uy + (p[1] - l[2]) * ux;
            double[] mm = bins.computeIfAbsent(Math.round(t), k -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
            mm[0] = Math.min(mm[0], o);
            mm[1] = Math.max(mm[1], o);
        }
        double best = 0;
        for (double[] mm : bins.values()) {
            best = Math.max(best, mm[1] - mm[0]);
        }
        return best;
    }
}
