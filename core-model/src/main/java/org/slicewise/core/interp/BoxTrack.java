package org.slicewise.core.interp;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.Extent;
import org.slicewise.core.prompt.Keyframe;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.prompt.ObjectPrompts;

/**
 * Per-slice boxes of one object from its keyframes: keyframe boxes as drawn (markers through the
 * margin policy), boxes between keyframes by {@link BoxInterpolation}, nothing beyond the outermost
 * keyframes unless the object has an extent; then the outermost box tapers towards the extent's
 * end like an ellipsoid cap: scale {@code sqrt(1 - (d / (D + 1))²)} about its centre at distance
 * d of D slices. Boxes are clipped to the image.
 */
public final class BoxTrack {
    private BoxTrack() {
    }

    public static NavigableMap<Integer, BoxPrompt> boxes(ObjectPrompts o, MarginPolicy margin, BoxInterpolation interp,
                                                         int nx, int ny, int nz) {
        return boxes(o, margin, interp, 0, nx, ny, nz);
    }

    /**
     * @param growth uncertainty growth of interpolated boxes: each side grows by
     *               {@code growth × u × (w + h) / 2}, where u = 1 − |2t − 1| is 0 at the keyframes and 1
     *               midway between them (the cross-section between two keyframes is least known there)
     */
    public static NavigableMap<Integer, BoxPrompt> boxes(ObjectPrompts o, MarginPolicy margin, BoxInterpolation interp,
                                                         double growth, int nx, int ny, int nz) {
        NavigableMap<Integer, BoxPrompt> keys = new TreeMap<>();
        for (Keyframe k : o.keyframes().values()) {
            keys.put(k.slice(), k.toBox(margin));
        }
        return fromKeyBoxes(keys, o.extent(), interp, growth, nx, ny, nz);
    }

    /** Same from keyframe boxes already resolved. */
    public static NavigableMap<Integer, BoxPrompt> fromKeyBoxes(NavigableMap<Integer, BoxPrompt> keys, Extent extent,
                                                                BoxInterpolation interp, double growth, int nx, int ny,
                                                                int nz) {
        NavigableMap<Integer, BoxPrompt> out = new TreeMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        int lo = 0, hi = nz - 1;
        if (extent != null) {
            lo = Math.max(lo, extent.zmin());
            hi = Math.min(hi, extent.zmax());
        }
        Map.Entry<Integer, BoxPrompt> prev = null;
        for (Map.Entry<Integer, BoxPrompt> e : keys.entrySet()) {
            if (prev != null) {
                int za = prev.getKey(), zb = e.getKey();
                for (int z = za + 1; z < zb; z++) {
                    double t = (z - za) / (double) (zb - za);
                    put(out, z, grow(interp.between(prev.getValue(), e.getValue(), t), growth * (1 - Math.abs(2 * t - 1))),
                            lo, hi, nx, ny);
                }
            }
            put(out, e.getKey(), e.getValue(), lo, hi, nx, ny);
            prev = e;
        }
        if (extent != null) {
            int first = keys.firstKey(), last = keys.lastKey();
            taper(out, keys.firstEntry().getValue(), first, extent.zmin(), lo, hi, nx, ny);
            taper(out, keys.lastEntry().getValue(), last, extent.zmax(), lo, hi, nx, ny);
        }
        return out;
    }

    private static void taper(NavigableMap<Integer, BoxPrompt> out, BoxPrompt b, int from, int to, int lo, int hi,
                              int nx, int ny) {
        int d = Math.abs(to - from);
        int step = to > from ? 1 : -1;
        for (int i = 1; i <= d; i++) {
            double r = i / (double) (d + 1);
            put(out, from + i * step, scale(b, Math.sqrt(1 - r * r)), lo, hi, nx, ny);
        }
    }

    static BoxPrompt grow(BoxPrompt b, double f) {
        if (b == null || f <= 0) {
            return b;
        }
        double m = f * (b.width() + b.height() + 2) / 2;
        return new BoxPrompt(b.x0() - m, b.y0() - m, b.x1() + m, b.y1() + m);
    }

    /** Box scaled about its centre (sizes measured between outer voxel edges). */
    public static BoxPrompt scale(BoxPrompt b, double s) {
        double cx = (b.x0() + b.x1()) / 2, cy = (b.y0() + b.y1()) / 2;
        double hw = Math.max(0, ((b.width() + 1) * s - 1) / 2), hh = Math.max(0, ((b.height() + 1) * s - 1) / 2);
        return new BoxPrompt(cx - hw, cy - hh, cx + hw, cy + hh);
    }

    private static void put(NavigableMap<Integer, BoxPrompt> out, int z, BoxPrompt b, int lo, int hi, int nx, int ny) {
        if (b == null || z < lo || z > hi) {
            return;
        }
        BoxPrompt c = clip(b, nx, ny);
        if (c != null) {
            out.put(z, c);
        }
    }

    /** The box clipped to the image, or null when it lies outside. */
    public static BoxPrompt clip(BoxPrompt b, int nx, int ny) {
        double x0 = Math.max(0, b.x0()), y0 = Math.max(0, b.y0());
        double x1 = Math.min(nx - 1, b.x1()), y1 = Math.min(ny - 1, b.y1());
        return x1 < x0 || y1 < y0 ? null : new BoxPrompt(x0, y0, x1, y1);
    }
}
