package org.slicewise.core.pipeline;

import java.util.Locale;

/**
 * Optional propagation refinement between slices (per run). Slices are processed outward from the
 * nearest keyframe, so a slice's neighbour towards that keyframe is already segmented.
 * <ul>
 * <li>{@link #NONE}: every slice uses its interpolated box (slices are independent).</li>
 * <li>{@link #SEED_BOX}: the box is the bounding box of the neighbour's predicted mask (grown by
 * 2 voxels, kept inside the interpolated box grown by 20%), as LiteMedSAM/MedSAM2 propagate.</li>
 * <li>{@link #MASK_PROMPT}: the interpolated box plus the neighbour's low-res logits as SAM's mask prompt.</li>
 * <li>{@link #BOTH}: both.</li>
 * </ul>
 */
public enum Propagation {
    NONE, SEED_BOX, MASK_PROMPT, BOTH;

    /** The measured default (docs/pipeline.md). */
    public static final Propagation DEFAULT = NONE;

    public boolean seedsBox() {
        return this == SEED_BOX || this == BOTH;
    }

    public boolean masksPrompt() {
        return this == MASK_PROMPT || this == BOTH;
    }

    public static Propagation parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
