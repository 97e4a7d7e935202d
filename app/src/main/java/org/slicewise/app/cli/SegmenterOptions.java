package org.slicewise.app.cli;

import org.slicewise.core.seg.SliceSegmenter;
import picocli.CommandLine.Option;

/**
 * The {@code --model} and {@code --device} options of the pipeline subcommands (segment, simulate,
 * bench pipeline), used as a picocli {@code @Mixin}.
 */
final class SegmenterOptions {
    @Option(names = "--model", description = "model folder (default: the installed default model), or 'baseline'")
    String model;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    /** Opens the chosen segmenter (see {@link PipelineSupport#openSegmenter}). */
    SliceSegmenter open() {
        return PipelineSupport.openSegmenter(model, device);
    }
}
