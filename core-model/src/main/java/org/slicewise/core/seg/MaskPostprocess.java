package org.slicewise.core.seg;

import java.util.ArrayList;
import java.util.List;
import org.slicewise.core.prompt.BoxPrompt;

/**
 * From the decoder's low-res logits to slice-resolution {@link ObjectMask}s. Upsampling follows
 * SAM's {@code postprocess_masks} exactly (bilinear, align_corners=False, low-res → input frame,
 * crop the unpadded part, → slice size) but is evaluated only inside the object's region: the box
 * grown by a margin, intersected with the bounding box of the positive low-res logits. Also: hole
 * filling, keeping the largest component, and resolving overlaps by the larger logit.
 */
public final class MaskPostprocess {
    private MaskPostprocess() {
    }

    /** Region margin around a box: max(8 voxels, 25% of the box's larger side). */
    public static int margin(BoxPrompt b) {
        return (int) Math.ceil(Math.max(8, 0.25 * Math.max(b.width(), b.height())));
    }

    /**
     * Upsamples one object's low-res logits ({@code L × L}) to slice resolution inside its region.
     *
     * @param box the object's box (slice voxels) or null (points only: the region follows the mask)
     */
    public static ObjectMask toObjectMask(int label, float[] lowRes, int lowResSize, float iou, InputFrame f, BoxPrompt box) {
        int[] r = region(lowRes, lowResSize, f, box);
        int rx0 = r[0], ry0 = r[1], rw = r[2], rh = r[3];
        int L = lowResSize, S = f.size();
        // stage 1 index tables: frame coordinate -> low-res coordinate
        int[] l0 = new int[S], l1 = new int[S];
        float[] la = new float[S];
        for (int i = 0; i < S; i++) {
            double s = Resample.srcCoord(i, L, S);
            int i0 = Math.min((int) s, L - 1);
            l0[i] = i0;
            l1[i] = Math.min(i0 + 1, L - 1);
            la[i] = (float) (s - i0);
        }
        // stage 2 tables: slice coordinate -> frame (crop) coordinate
        int[] fx0 = new int[rw], fx1 = new int[rw];
        float[] fxa = new float[rw];
        for (int i = 0; i < rw; i++) {
            double s = Resample.srcCoord(rx0 + i, f.newW(), f.width());
            int i0 = Math.min((int) s, f.newW() - 1);
            fx0[i] = i0;
            fx1[i] = Math.min(i0 + 1, f.newW() - 1);
            fxa[i] = (float) (s - i0);
        }
        float[] out = new float[rw * rh];
        float[] rowA = new float[rw], rowB = new float[rw];
        for (int j = 0; j < rh; j++) {
            double s = Resample.srcCoord(ry0 + j, f.newH(), f.height());
            int y0 = Math.min((int) s, f.newH() - 1);
            int y1 = Math.min(y0 + 1, f.newH() - 1);
            float ay = (float) (s - y0);
            frameRow(lowRes, L, y0, l0, l1, la, fx0, fx1, fxa, rowA);
            if (y1 != y0) {
                frameRow(lowRes, L, y1, l0, l1, la, fx0, fx1, fxa, rowB);
            } else {
                System.arraycopy(rowA, 0, rowB, 0, rw);
            }
            for (int i = 0; i < rw; i++) {
                out[j * rw + i] = rowA[i] * (1 - ay) + rowB[i] * ay;
            }
        }
        return new ObjectMask(label, rx0, ry0, rw, rh, out, iou, lowRes, L);
    }

    /** Values of frame row {@code fy} at the columns the slice region needs, bilinear in x. */
    private static void frameRow(float[] lr, int L, int fy, int[] l0, int[] l1, float[] la,
                                 int[] fx0, int[] fx1, float[] fxa, float[] dst) {
        int ya = l0[fy], yb = l1[fy];
        float wy = la[fy];
        for (int i = 0; i < dst.length; i++) {
            float a = frameValue(lr, L, ya, yb, wy, l0, l1, la, fx0[i]);
            float b = fx1[i] == fx0[i] ? a : frameValue(lr, L, ya, yb, wy, l0, l1, la, fx1[i]);
            dst[i] = a + (b - a) * fxa[i];
        }
    }

    private static float frameValue(float[] lr, int L, int ya, int yb, float wy, int[] l0, int[] l1, float[] la, int fx) {
        int xa = l0[fx], xb = l1[fx];
        float wx = la[fx];
        float top = lr[ya * L + xa] * (1 - wx) + lr[ya * L + xb] * wx;
        float bot = lr[yb * L + xa] * (1 - wx) + lr[yb * L + xb] * wx;
        return top * (1 - wy) + bot * wy;
    }

    /** {x0, y0, w, h} of the region to evaluate, clipped to the slice (never empty). */
    static int[] region(float[] lowRes, int L, InputFrame f, BoxPrompt box) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = 0; y < L; y++) {
            for (int x = 0; x < L; x++) {
                if (lowRes[y * L + x] > 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        int W = f.width(), H = f.height();
        // low-res pixel i covers frame [i, i+1) * S/L; frame -> slice multiplies by width/newW
        double kx = (double) f.size() / L * W / f.newW(), ky = (double) f.size() / L * H / f.newH();
        int x0, y0, x1, y1;
        if (maxX >= 0) {
            x0 = (int) Math.floor((minX - 2) * kx);
            y0 = (int) Math.floor((minY - 2) * ky);
            x1 = (int) Math.ceil((maxX + 3) * kx);
            y1 = (int) Math.ceil((maxY + 3) * ky);
        } else {
            x0 = 0;
            y0 = 0;
            x1 = 0;
            y1 = 0;
        }
        if (box != null) {
            int m = margin(box);
            int bx0 = (int) Math.floor(box.x0()) - m, by0 = (int) Math.floor(box.y0()) - m;
            int bx1 = (int) Math.ceil(box.x1()) + m + 1, by1 = (int) Math.ceil(box.y1()) + m + 1;
            if (maxX >= 0) {
                x0 = Math.max(x0, bx0);
                y0 = Math.max(y0, by0);
                x1 = Math.min(x1, bx1);
                y1 = Math.min(y1, by1);
            }
            if (maxX < 0 || x1 <= x0 || y1 <= y0) {
                x0 = bx0;
                y0 = by0;
                x1 = bx1;
                y1 = by1;
            }
        }
        x0 = clamp(x0, 0, W - 1);
        y0 = clamp(y0, 0, H - 1);
        x1 = clamp(x1, x0 + 1, W);
        y1 = clamp(y1, y0 + 1, H);
        return new int[] {x0, y0, x1 - x0, y1 - y0};
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    /** Fills holes (background not 4-connected to the region border) of the thresholded mask. */
    public static ObjectMask fillHoles(ObjectMask m) {
        int w = m.w(), h = m.h();
        float[] lg = m.logits().clone();
        boolean[] outside = new boolean[w * h];
        int[] stack = new int[w * h];
        int sp = 0;
        for (int x = 0; x < w; x++) {
            sp = seed(lg, outside, stack, sp, x);
            sp = seed(lg, outside, stack, sp, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            sp = seed(lg, outside, stack, sp, y * w);
            sp = seed(lg, outside, stack, sp, y * w + w - 1);
        }
        while (sp > 0) {
            int p = stack[--sp], x = p % w, y = p / w;
            if (x > 0) sp = seed(lg, outside, stack, sp, p - 1);
            if (x < w - 1) sp = seed(lg, outside, stack, sp, p + 1);
            if (y > 0) sp = seed(lg, outside, stack, sp, p - w);
            if (y < h - 1) sp = seed(lg, outside, stack, sp, p + w);
        }
        for (int i = 0; i < lg.length; i++) {
            if (lg[i] <= 0 && !outside[i]) {
                lg[i] = 1e-3f;
            }
        }
        return new ObjectMask(m.label(), m.x0(), m.y0(), w, h, lg, m.iou(), m.lowRes(), m.lowResSize());
    }

    private static int seed(float[] lg, boolean[] mark, int[] stack, int sp, int p) {
        if (!mark[p] && lg[p] <= 0) {
            mark[p] = true;
            stack[sp++] = p;
        }
        return sp;
    }

    /** Keeps only the largest 4-connected foreground component. */
    public static ObjectMask keepLargestComponent(ObjectMask m) {
        int w = m.w(), h = m.h();
        float[] lg = m.logits().clone();
        int[] comp = new int[w * h];
        int[] stack = new int[w * h];
        int best = 0, bestSize = 0, next = 0;
        for (int s = 0; s < lg.length; s++) {
            if (lg[s] <= 0 || comp[s] != 0) {
                continue;
            }
            int id = ++next, size = 0, sp = 0;
            comp[s] = id;
            stack[sp++] = s;
            while (sp > 0) {
                int p = stack[--sp], x = p % w, y = p / w;
                size++;
                if (x > 0 && lg[p - 1] > 0 && comp[p - 1] == 0) { comp[p - 1] = id; stack[sp++] = p - 1; }
                if (x < w - 1 && lg[p + 1] > 0 && comp[p + 1] == 0) { comp[p + 1] = id; stack[sp++] = p + 1; }
                if (y > 0 && lg[p - w] > 0 && comp[p - w] == 0) { comp[p - w] = id; stack[sp++] = p - w; }
                if (y < h - 1 && lg[p + w] > 0 && comp[p + w] == 0) { comp[p + w] = id; stack[sp++] = p + w; }
            }
            if (size > bestSize) {
                bestSize = size;
                best = id;
            }
        }
        for (int i = 0; i < lg.length; i++) {
            if (lg[i] > 0 && comp[i] != best) {
                lg[i] = -1e-3f;
            }
        }
        return new ObjectMask(m.label(), m.x0(), m.y0(), w, h, lg, m.iou(), m.lowRes(), m.lowResSize());
    }

    /**
     * Resolves overlaps: where several objects claim a voxel (logit &gt; 0), only the one with the
     * largest logit keeps it (independent of list order); the others get a small negative logit there.
     */
    public static List<ObjectMask> resolveOverlaps(List<ObjectMask> masks) {
        List<ObjectMask> out = new ArrayList<>(masks.size());
        for (int k = 0; k < masks.size(); k++) {
            ObjectMask m = masks.get(k);
            float[] lg = m.logits().clone();
            for (int dy = 0; dy < m.h(); dy++) {
                for (int dx = 0; dx < m.w(); dx++) {
                    int i = dy * m.w() + dx;
                    if (lg[i] <= 0) {
                        continue;
                    }
                    int x = m.x0() + dx, y = m.y0() + dy;
                    for (int o = 0; o < masks.size(); o++) {
                        if (o == k) {
                            continue;
                        }
                        float other = masks.get(o).logit(x, y);
                        // ties go to the earlier object so exactly one keeps the voxel
                        if (other > lg[i] || (other == m.logits()[i] && o < k)) {
                            lg[i] = -1e-3f;
                            break;
                        }
                    }
                }
            }
            out.add(new ObjectMask(m.label(), m.x0(), m.y0(), m.w(), m.h(), lg, m.iou(), m.lowRes(), m.lowResSize()));
        }
        return out;
    }

    /** Paints resolved masks into a {@code width × height} label slice (0 = background). */
    public static short[] paint(List<ObjectMask> masks, int width, int height) {
        short[] lab = new short[width * height];
        float[] best = new float[width * height];
        for (ObjectMask m : masks) {
            for (int dy = 0; dy < m.h(); dy++) {
                for (int dx = 0; dx < m.w(); dx++) {
                    float v = m.logits()[dy * m.w() + dx];
                    int p = (m.y0() + dy) * width + m.x0() + dx;
                    if (v > 0 && (lab[p] == 0 || v > best[p])) {
                        lab[p] = (short) m.label();
                        best[p] = v;
                    }
                }
            }
        }
        return lab;
    }
}
