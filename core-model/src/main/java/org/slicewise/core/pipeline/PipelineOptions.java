package org.slicewise.core.pipeline;

import org.slicewise.core.interp.BoxInterpolation;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.seg.InputWindow;

/**
 * Settings of one pipeline run.
 *
 * @param margin        RECIST marker → box margin
 * @param interpolation box interpolation between keyframes
 * @param propagation   propagation refinement
 * @param window        model-input window (part of the embedding cache key)
 * @param growth        uncertainty growth of interpolated boxes (see {@link org.slicewise.core.interp.BoxTrack})
 */
public record PipelineOptions(MarginPolicy margin, BoxInterpolation interpolation, Propagation propagation,
                              InputWindow window, double growth) {
    /** The measured default uncertainty growth (docs/pipeline.md). */
    public static final double DEFAULT_GROWTH = 0.0;

    public PipelineOptions(MarginPolicy margin, BoxInterpolation interpolation, Propagation propagation, InputWindow window) {
        this(margin, interpolation, propagation, window, DEFAULT_GROWTH);
    }

    public PipelineOptions {
        if (!(growth >= 0) || growth > 10) {
            throw new IllegalArgumentException("growth must be 0..10: " + growth);
        }
        margin = margin == null ? MarginPolicy.DEFAULT : margin;
        interpolation = interpolation == null ? BoxInterpolation.DEFAULT : interpolation;
        propagation = propagation == null ? Propagation.DEFAULT : propagation;
        window = window == null ? InputWindow.percentiles() : window;
    }

    public static PipelineOptions defaults(InputWindow window) {
        return new PipelineOptions(null, null, null, window);
    }

    public PipelineOptions withMargin(MarginPolicy m) {
        return new PipelineOptions(m, interpolation, propagation, window, growth);
    }

    public PipelineOptions withInterpolation(BoxInterpolation i) {
        return new PipelineOptions(margin, i, propagation, window, growth);
    }

    public PipelineOptions withPropagation(Propagation p) {
        return new PipelineOptions(margin, interpolation, p, window, growth);
    }

    public PipelineOptions withWindow(InputWindow w) {
        return new PipelineOptions(margin, interpolation, propagation, w, growth);
    }

    public PipelineOptions withGrowth(double g) {
        return new PipelineOptions(margin, interpolation, propagation, window, g);
    }
}
