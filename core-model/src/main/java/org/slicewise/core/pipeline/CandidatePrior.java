package org.slicewise.core.pipeline;

import org.slicewise.core.metrics.DistanceTransform;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.seg.ObjectMask;

/**
 * The pieces of {@link Selection#MODEL}: the shape-interpolated prior of a slice between two
 * keyframes, the HULL candidate box and the candidate score.
 *
 * <p>The prior is built in the model's low-res mask frame (e.g. 256×256, the frame SAM's mask prompt
 * lives in), so it needs no knowledge of the model's resize policy: each keyframe's predicted low-res
 * mask (logit &gt; 0) gets an exact signed Euclidean distance function φ (negative inside, via
 * {@link DistanceTransform}), the two are blended {@code (1 − t)·φa + t·φb} (shape-based
 * interpolation, as {@link org.slicewise.core.interp.BoxInterpolation#SHAPE} does for rectangles),
 * and the blend's zero sub-level set becomes a hard mask prompt: {@code +LIMIT} inside, {@code −LIMIT}
 * outside. (Soft prompts {@code clamp(−s·φ, ±LIMIT)} were measured: s = 1 or 2 logits per low-res
 * pixel make the model return a fraction of the liver (Dice 0.76 → 0.3–0.5); s ≥ 4 behaves like the
 * hard prompt; so there is no slope to tune.)
 */
public final class CandidatePrior {
    /** Magnitude of the prompt logits: SAM's own confident low-res logits are of this order (±10..30). */
    public static final float LIMIT = 20;
    /**
     * A keyframe mask that spans less than this fraction of its keyframe box along x or y is a failed
     * segmentation of the keyframe (the radiologist marked a larger object): no prior is built from it,
     * and the slices next to it keep the interpolated box. docs/pipeline.md has the measured spans
     * (failed stomach keyframes 0.23–0.50, every other keyframe of the seven objects ≥ 0.60).
     */
    public static final double MIN_KEY_SPAN = 0.5;
    /**
     * Weight of the edge contact in the score. (A score with the first 0.15 of contact free and weight 0.5 was
     * measured on 2026-11-22 and not adopted: docs/pipeline.md, "Tight boxes and the edge weight".)
     */
    public static final double EDGE_WEIGHT = 0.1;

    private CandidatePrior() {
    }

    /**
     * Signed distance (low-res pixels) of the mask {@code logits > 0}: negative inside, positive
     * outside, ±0.5 at the pixels next to the boundary; null when the mask is empty.
     */
    public static double[] sdf(float[] logits, int size) {
        int n = size * size;
        byte[] fg = new byte[n], bg = new byte[n];
        boolean any = false, all = true;
        for (int i = 0; i < n; i++) {
            if (logits[i] > 0) {
                fg[i] = 1;
                any = true;
            } else {
                bg[i] = 1;
                all = false;
            }
        }
        if (!any || all) {
            return null;
        }
        double[] sp = {1, 1, 1};
        double[] toFg = DistanceTransform.squared(fg, size, size, 1, sp);
        double[] toBg = DistanceTransform.squared(bg, size, size, 1, sp);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = fg[i] != 0 ? 0.5 - Math.sqrt(toBg[i]) : Math.sqrt(toFg[i]) - 0.5;
        }
        return s;
    }

    /**
     * Mask-prompt logits at fraction t (0 = a, 1 = b) between two keyframe SDFs of one low-res size;
     * null when either is null. The blend may be empty (disjoint keyframe masks far apart): the prompt
     * is then −LIMIT everywhere (the prior expects nothing) and the model decides with the box.
     */
    public static float[] prior(double[] sdfA, double[] sdfB, double t) {
        if (sdfA == null || sdfB == null || sdfA.length != sdfB.length) {
            return null;
        }
        float[] out = new float[sdfA.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (1 - t) * sdfA[i] + t * sdfB[i] < 0 ? LIMIT : -LIMIT;
        }
        return out;
    }

    /**
     * How well a keyframe's predicted mask spans the keyframe's box: the smaller of the two ratios
     * (mask extent / box extent) along x and y, in voxels; 0 for an empty mask.
     */
    public static double boxAgreement(ObjectMask m, BoxPrompt box) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 0; y < m.h(); y++) {
            for (int x = 0; x < m.w(); x++) {
                if (m.logits()[y * m.w() + x] > 0) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0 || box == null) {
            return 0;
        }
        double rx = (x1 - x0 + 1) / (box.x1() - box.x0() + 1), ry = (y1 - y0 + 1) / (box.y1() - box.y0() + 1);
        return Math.min(1, Math.min(rx, ry));
    }

    /** The bounding box of both keyframe boxes (HULL interpolation). */
    public static BoxPrompt hull(BoxPrompt a, BoxPrompt b) {
        return new BoxPrompt(Math.min(a.x0(), b.x0()), Math.min(a.y0(), b.y0()), Math.max(a.x1(), b.x1()),
                Math.max(a.y1(), b.y1()));
    }

    /**
     * Fraction of the box's border ring (the voxels of its outermost rows and columns, inside the
     * image) that the mask covers: near 1 when the box cuts the object, near 0 when it encloses it.
     */
    public static double edgeContact(ObjectMask m, BoxPrompt box) {
        if (box == null) {
            return 0;
        }
        int x0 = (int) Math.ceil(box.x0()), x1 = (int) Math.floor(box.x1());
        int y0 = (int) Math.ceil(box.y0()), y1 = (int) Math.floor(box.y1());
        if (x1 < x0 || y1 < y0) {
            return 0;
        }
        long ring = 0, in = 0;
        for (int x = x0; x <= x1; x++) {
            ring += y1 > y0 ? 2 : 1;
            in += (m.inside(x, y0) ? 1 : 0) + (y1 > y0 && m.inside(x, y1) ? 1 : 0);
        }
        for (int y = y0 + 1; y < y1; y++) {
            ring += x1 > x0 ? 2 : 1;
            in += (m.inside(x0, y) ? 1 : 0) + (x1 > x0 && m.inside(x1, y) ? 1 : 0);
        }
        return ring == 0 ? 0 : in / (double) ring;
    }

    /** Candidate score: the model's predicted IoU minus {@link #EDGE_WEIGHT} × edge contact. */
    public static double score(ObjectMask m, BoxPrompt box) {
        return m.iou() - EDGE_WEIGHT * edgeContact(m, box);
    }
}
