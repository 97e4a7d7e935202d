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
 */
public record PipelineOptions(MarginPolicy margin, BoxInterpolation interpolation, Propagation propagation,
                              InputWindow window) {
    public PipelineOptions {
        margin = margin == null ? MarginPolicy.DEFAULT : margin;
        interpolation = interpolation == null ? BoxInterpolation.DEFAULT : interpolation;
        propagation = propagation == null ? Propagation.DEFAULT : propagation;
        window = window == null ? InputWindow.percentiles() : window;
    }

    public static PipelineOptions defaults(InputWindow window) {
        return new PipelineOptions(null, null, null, window);
    }

    public PipelineOptions withMargin(MarginPolicy m) {
        return new PipelineOptions(m, interpolation, propagation, window);
    }

    public PipelineOptions withInterpolation(BoxInterpolation i) {
        return new PipelineOptions(margin, i, propagation, window);
    }

    public PipelineOptions withPropagation(Propagation p) {
        return new PipelineOptions(margin, interpolation, p, window);
    }

    public PipelineOptions withWindow(InputWindow w) {
        return new PipelineOptions(margin, interpolation, propagation, w);
    }
}
