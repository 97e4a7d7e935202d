package org.slicewise.core.pipeline;

import java.util.Locale;

/**
 * How the prompt of a slice between two keyframes is chosen (per run).
 * <ul>
 * <li>{@link #NONE}: the interpolated box (slices are independent).</li>
 * <li>{@link #MODEL}: the model chooses. Keyframe slices are segmented first; then every slice between
 * two keyframes decodes two candidates in one batched call: (a) the interpolated box (grown by the margin
 * policy where both keyframes are drawn boxes: tight boxes interpolate too tight), and (b) the
 * HULL box (union of the two keyframe boxes) with a <em>prior</em> as SAM mask prompt: the two
 * keyframes' predicted masks, shape-interpolated to this slice by blending their signed distance
 * functions (see {@link CandidatePrior}). The candidate with the higher score
 * {@code predicted IoU − 0.1 × edge contact} is kept, where edge contact is the fraction of the box's
 * border ring the mask covers (a mask running along its box's edge is cut by the box). No prior (so
 * only candidate (a)) where a keyframe mask spans less than half its box along x or y (a failed
 * keyframe segmentation, {@link CandidatePrior#MIN_KEY_SPAN}) or the model gives no low-res mask.
 * docs/pipeline.md has the measurements (and the candidates and scores that were tried and lost).</li>
 * </ul>
 */
public enum Selection {
    NONE, MODEL;

    /** The measured default (docs/pipeline.md). */
    public static final Selection DEFAULT = MODEL;

    public static Selection parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
