package org.slicewise.app.cli;

import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.volume.Volume;
import picocli.CommandLine.Option;

/**
 * The {@code --interpolation}, {@code --propagation}, {@code --window} and {@code --select} options shared by the
 * pipeline subcommands (segment, simulate), used as a picocli {@code @Mixin} like
 * {@link SegmenterOptions}. Parsing and validation stay in {@link PipelineSupport}.
 */
final class PipelineFlags {
    @Option(names = "--interpolation", description = "linear, shape or hull (default: the prompts file's, else linear)")
    String interpolation;

    @Option(names = "--propagation", description = "none, seed-box, mask-prompt or both (default: none)")
    String propagation;

    @Option(names = "--window", description = "model input window: auto, pct, or WIDTH,LEVEL (default: auto)")
    String window;

    @Option(names = "--select", description = "prompts of the slices between keyframes: none (the interpolated box) or model "
            + "(the model picks among candidates; default: model unless --propagation is set; docs/pipeline.md)")
    String select;

    /**
     * Pipeline options for an image.
     *
     * @param fileInterpolation interpolation named by a prompts file (used when --interpolation is absent), or null
     * @param marginPx          RECIST box margin override, px, or null
     * @param marginFrac        RECIST box margin override, fraction of the long axis, or null
     */
    PipelineOptions options(Volume image, String fileInterpolation, Double marginPx, Double marginFrac) {
        String interp = interpolation != null ? interpolation : fileInterpolation;
        PipelineOptions o = PipelineSupport.options(interp, propagation, marginPx, marginFrac, PipelineSupport.window(image, window));
        return PipelineSupport.withSelection(o, select);
    }
}
