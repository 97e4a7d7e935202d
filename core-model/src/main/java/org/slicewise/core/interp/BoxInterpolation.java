package org.slicewise.core.interp;

import java.util.Locale;
import org.slicewise.core.prompt.BoxPrompt;

/**
 * How the box of a slice between two keyframes is derived from the keyframes' boxes.
 * <ul>
 * <li>{@link #LINEAR}: each corner coordinate linearly in z.</li>
 * <li>{@link #SHAPE}: shape-based interpolation as in the MedSAM annotation study: the signed
 * (Euclidean) distance functions of the two rectangle masks are blended linearly and the bounding
 * box of the blended zero sub-level set is taken. The SDF of a convex set is convex, so the blend's
 * sub-level set is convex and its x/y extremes are found exactly by nested convex 1-D searches
 * instead of rasterising.</li>
 * <li>{@link #HULL}: the bounding box of both keyframe boxes (conservative: assumes the
 * cross-section between two keyframes stays inside their union).</li>
 * </ul>
 * All are exact on identical keyframes; they differ when the boxes move or change aspect (SHAPE
 * shrinks the in-between box where the keyframes do not overlap). docs/pipeline.md compares them.
 */
public enum BoxInterpolation {
    LINEAR, SHAPE, HULL;

    /** The measured default (docs/pipeline.md). */
    public static final BoxInterpolation DEFAULT = LINEAR;

    public static BoxInterpolation parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Box at fraction t (0 = a, 1 = b) between two keyframe boxes, or null when the shape-based
     * blend is empty (disjoint keyframes far apart).
     */
    public BoxPrompt between(BoxPrompt a, BoxPrompt b, double t) {
        if (t <= 0) {
            return a;
        }
        if (t >= 1) {
            return b;
        }
        if (this == HULL) {
            return new BoxPrompt(Math.min(a.x0(), b.x0()), Math.min(a.y0(), b.y0()), Math.max(a.x1(), b.x1()),
                    Math.max(a.y1(), b.y1()));
        }
        if (this == LINEAR) {
            return new BoxPrompt(lerp(a.x0(), b.x0(), t), lerp(a.y0(), b.y0(), t), lerp(a.x1(), b.x1(), t),
                    lerp(a.y1(), b.y1(), t));
        }
        return shape(a, b, t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    /**
     * Signed Euclidean distance to the rectangle mask of an inclusive voxel box (the mask's edge
     * lies half a voxel outside the outermost voxel centres).
     */
    static double sdf(BoxPrompt r, double x, double y) {
        double dx = Math.max(r.x0() - 0.5 - x, x - r.x1() - 0.5);
        double dy = Math.max(r.y0() - 0.5 - y, y - r.y1() - 0.5);
        double out = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
        return out + Math.min(Math.max(dx, dy), 0);
    }

    private static BoxPrompt shape(BoxPrompt a, BoxPrompt b, double t) {
        double lo = Math.min(a.x0(), b.x0()) - 0.5, hi = Math.max(a.x1(), b.x1()) + 0.5;
        double ylo = Math.min(a.y0(), b.y0()) - 0.5, yhi = Math.max(a.y1(), b.y1()) + 0.5;
        Blend f = (x, y) -> (1 - t) * sdf(a, x, y) + t * sdf(b, x, y);
        // g(x) = min_y f(x, y) is convex; its zero crossings bound the set in x
        java.util.function.DoubleUnaryOperator gx = x -> f.at(x, argmin(y -> f.at(x, y), ylo, yhi));
        java.util.function.DoubleUnaryOperator gy = y -> f.at(argmin(x -> f.at(x, y), lo, hi), y);
        double xm = argmin(gx, lo, hi);
        double ym = argmin(gy, ylo, yhi);
        if (gx.applyAsDouble(xm) > 0) {
            return null;
        }
        double x0 = root(gx, lo, xm), x1 = root(gx, hi, xm);
        double y0 = root(gy, ylo, ym), y1 = root(gy, yhi, ym);
        // back from mask edges to inclusive voxel-centre bounds
        x0 += 0.5;
        y0 += 0.5;
        x1 -= 0.5;
        y1 -= 0.5;
        if (x1 < x0) {
            x0 = x1 = (x0 + x1) / 2;
        }
        if (y1 < y0) {
            y0 = y1 = (y0 + y1) / 2;
        }
        return new BoxPrompt(x0, y0, x1, y1);
    }

    private interface Blend {
        double at(double x, double y);
    }

    /** Golden-section minimum of a convex function on [lo, hi]. */
    private static double argmin(java.util.function.DoubleUnaryOperator f, double lo, double hi) {
        final double g = 0.6180339887498949;
        double a = lo, b = hi;
        double c = b - g * (b - a), d = a + g * (b - a);
        double fc = f.applyAsDouble(c), fd = f.applyAsDouble(d);
        for (int i = 0; i < 60 && b - a > 1e-4; i++) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = f.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = f.applyAsDouble(d);
            }
        }
        return (a + b) / 2;
    }

    /** Bisection for the zero between an outside point (f ≥ 0) and an inside point (f ≤ 0). */
    private static double root(java.util.function.DoubleUnaryOperator f, double out, double in) {
        if (f.applyAsDouble(out) <= 0) {
            return out;
        }
        for (int i = 0; i < 50 && Math.abs(out - in) > 1e-5; i++) {
            double m = (out + in) / 2;
            if (f.applyAsDouble(m) > 0) {
                out = m;
            } else {
                in = m;
            }
        }
        return (out + in) / 2;
    }
}
