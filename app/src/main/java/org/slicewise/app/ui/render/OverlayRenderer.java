package org.slicewise.app.ui.render;

import java.util.List;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.label.LabelMap;

/**
 * Composites label colours over a grey slice: a translucent fill with each label's colour and
 * opacity, plus an opaque outline where the label changes. A proposal (AI result not yet accepted)
 * is drawn as a bright dashed-looking outline with a light fill, so it is clearly "not yet yours".
 */
public final class OverlayRenderer {
    private int[] rgb = new int[1];
    private int[] alpha256 = new int[1];
    private short[] labelsBuf = new short[0];
    private short[] propBuf = new short[0];

    /** Per-label colour table from the label table (invisible labels get alpha 0). */
    public void setLabels(List<LabelInfo> labels) {
        int max = 0;
        for (LabelInfo l : labels) {
            max = Math.max(max, l.id());
        }
        int[] c = new int[max + 1];
        int[] a = new int[max + 1];
        for (LabelInfo l : labels) {
            c[l.id()] = l.rgb() & 0xFFFFFF;
            a[l.id()] = l.visible() ? (int) Math.round(l.opacity() * 256) : -1;
        }
        rgb = c;
        alpha256 = a;
    }

    /**
     * @param grey      grey ARGB pixels of the plane
     * @param out       output ARGB (may equal grey only if the caller owns grey)
     * @param labels    label map, or null
     * @param proposal  proposal slices (axial, one short[] per z or null), or null
     */
    public void composite(int[] grey, int[] out, ViewMapping m, int index, LabelMap labels, short[][] proposal) {
        int w = m.width(), h = m.height(), n = w * h;
        if (labelsBuf.length < n) {
            labelsBuf = new short[n];
            propBuf = new short[n];
        }
        boolean anyLabel = labels != null && extract(labels, null, m, index, labelsBuf);
        boolean anyProp = proposal != null && extract(null, proposal, m, index, propBuf);
        if (!anyLabel && !anyProp) {
            System.arraycopy(grey, 0, out, 0, n);
            return;
        }
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int i = r * w + c;
                int p = grey[i];
                if (anyLabel) {
                    int l = labelsBuf[i] & 0xFFFF;
                    if (l != 0 && l < rgb.length && alpha256[l] >= 0) {
                        boolean edge = isEdge(labelsBuf, w, h, c, r, l);
                        p = edge ? 0xFF000000 | rgb[l] : blend(p, rgb[l], alpha256[l]);
                    }
                }
                if (anyProp) {
                    int l = propBuf[i] & 0xFFFF;
                    if (l != 0) {
                        int col = l < rgb.length ? rgb[l] : 0xFFFF00;
                        if (isEdge(propBuf, w, h, c, r, l)) {
                            p = ((c + r) & 2) == 0 ? 0xFFFFFF00 : 0xFF000000 | col;
                        } else {
                            p = blend(p, col, 70);
                        }
                    }
                }
                out[i] = p;
            }
        }
    }

    private static boolean isEdge(short[] b, int w, int h, int c, int r, int l) {
        int i = r * w + c;
        return c == 0 || r == 0 || c == w - 1 || r == h - 1
                || (b[i - 1] & 0xFFFF) != l || (b[i + 1] & 0xFFFF) != l
                || (b[i - w] & 0xFFFF) != l || (b[i + w] & 0xFFFF) != l;
    }

    private static int blend(int argb, int rgbOver, int a256) {
        int ia = 256 - a256;
        int r = (((argb >> 16) & 0xFF) * ia + ((rgbOver >> 16) & 0xFF) * a256) >> 8;
        int g = (((argb >> 8) & 0xFF) * ia + ((rgbOver >> 8) & 0xFF) * a256) >> 8;
        int b = ((argb & 0xFF) * ia + (rgbOver & 0xFF) * a256) >> 8;
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    /** Copies the labels of the plane into dst in screen order; returns false when all zero. */
    private static boolean extract(LabelMap map, short[][] prop, ViewMapping m, int index, short[] dst) {
        int w = m.width(), h = m.height();
        int nx = m.geometry().nx();
        boolean any = false;
        if (m.orientation() == Orientation.AXIAL) {
            short[] s = map != null ? map.sliceOrNull(index) : prop[index];
            if (s == null) {
                return false;
            }
            for (int r = 0; r < h; r++) {
                int y = m.rowToVoxel(r);
                for (int c = 0; c < w; c++) {
                    short v = s[m.colToVoxel(c) + y * nx];
                    dst[r * w + c] = v;
                    any |= v != 0;
                }
            }
            return any;
        }
        for (int r = 0; r < h; r++) {
            int z = m.rowToVoxel(r);
            short[] s = map != null ? map.sliceOrNull(z) : prop[z];
            for (int c = 0; c < w; c++) {
                short v = 0;
                if (s != null) {
                    int vc = m.colToVoxel(c);
                    v = m.orientation() == Orientation.CORONAL ? s[vc + index * nx] : s[index + vc * nx];
                }
                dst[r * w + c] = v;
                any |= v != 0;
            }
        }
        return any;
    }
}
