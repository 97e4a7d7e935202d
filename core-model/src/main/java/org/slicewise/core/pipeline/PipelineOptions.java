package org.slicewise.core.pipeline;

import org.slicewise.core.interp.BoxInterpolation;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.seg.InputWindow;

/**
 * Settings of one pipeline run.
 *
 * @param margin        RECIST marker → box margin
 * @param interpolation box interpolation between keyframes (the box of {@link Selection#NONE}; candidate (a) of
 *                      {@link Selection#MODEL})
 * @param propagation   propagation refinement
 * @param window        model-input window (part of the embedding cache key)
 * @param growth        uncertainty growth of interpolated boxes (see {@link org.slicewise.core.interp.BoxTrack})
 * @param selection     how the prompt of a slice between keyframes is chosen; {@link Selection#MODEL} requires
 *                      propagation {@link Propagation#NONE} (both decide the in-between prompts)
 * @param encoders      encoder threads of the run: 1 (the default) fetches each embedding when the run reaches its
 *                      slice (latency: the interactive app); n ≥ 2 is the throughput mode of the batch CLI, n threads
 *                      encode the needed slices ahead of the decoder ({@link EncodeAhead}; each slice still once).
 *                      Results do not depend on it.
 */
public record PipelineOptions(MarginPolicy margin, BoxInterpolation interpolation, Propagation propagation,
                              InputWindow window, double growth, Selection selection, int encoders) {
    /** The measured default uncertainty growth (docs/pipeline.md). */
    public static final double DEFAULT_GROWTH = 0.0;

    public PipelineOptions(MarginPolicy margin, BoxInterpolation interpolation, Propagation propagation, InputWindow window) {
        this(margin, interpolation, propagation, window, DEFAULT_GROWTH, null);
    }

    public PipelineOptions(MarginPolicy margin, BoxInterpolation interpolation, Propagation propagation, InputWindow window,
                           double growth) {
        this(margin, interpolation, propagation, window, growth, null);
    }

    public PipelineOptions(MarginPolicy margin, BoxInterpolation interpolation, Propagation propagation, InputWindow window,
                           double growth, Selection selection) {
        this(margin, interpolation, propagation, window, growth, selection, 1);
    }

    public PipelineOptions {
        if (encoders < 1 || encoders > 64) {
            throw new IllegalArgumentException("encoders must be 1..64: " + encoders);
        }
        if (!(growth >= 0) || growth > 10) {
            throw new IllegalArgumentException("growth must be 0..10: " + growth);
        }
        margin = margin == null ? MarginPolicy.DEFAULT : margin;
        interpolation = interpolation == null ? BoxInterpolation.DEFAULT : interpolation;
        propagation = propagation == null ? Propagation.DEFAULT : propagation;
        window = window == null ? InputWindow.percentiles() : window;
        // unspecified: the default, except that a propagating run leaves the in-between prompts to propagation
        selection = selection == null ? (propagation == Propagation.NONE ? Selection.DEFAULT : Selection.NONE) : selection;
        if (selection != Selection.NONE && propagation != Propagation.NONE) {
            throw new IllegalArgumentException("selection " + selection + " needs propagation NONE, not " + propagation);
        }
    }

    public static PipelineOptions defaults(InputWindow window) {
        return new PipelineOptions(null, null, null, window);
    }

    public PipelineOptions withMargin(MarginPolicy m) {
        return new PipelineOptions(m, interpolation, propagation, window, growth, selection, encoders);
    }

    public PipelineOptions withInterpolation(BoxInterpolation i) {
        return new PipelineOptions(margin, i, propagation, window, growth, selection, encoders);
    }

    /** With propagation p; a propagating run leaves the in-between prompts to propagation (selection NONE). */
    public PipelineOptions withPropagation(Propagation p) {
        return new PipelineOptions(margin, interpolation, p, window, growth, p == Propagation.NONE ? selection : Selection.NONE, encoders);
    }

    public PipelineOptions withWindow(InputWindow w) {
        return new PipelineOptions(margin, interpolation, propagation, w, growth, selection, encoders);
    }

    public PipelineOptions withGrowth(double g) {
        return new PipelineOptions(margin, interpolation, propagation, window, g, selection, encoders);
    }

    /** With n encoder threads (see {@code encoders}; 1 = serial). */
    public PipelineOptions withEncoders(int n) {
        return new PipelineOptions(margin, interpolation, propagation, window, growth, selection, n);
    }

    public PipelineOptions withSelection(Selection s) {
        return new PipelineOptions(margin, interpolation, propagation, window, growth, s, encoders);
    }
}
