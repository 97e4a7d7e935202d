package org.slicewise.app.cli;

import org.slicewise.core.seg.SliceSegmenter;
import picocli.CommandLine.Option;

/**
 * The {@code --model}, {@code --device}, {@code --decoder} and {@code --encoder-precision} options of the pipeline subcommands (segment, simulate,
 * bench pipeline), used as a picocli {@code @Mixin}.
 */
final class SegmenterOptions {
    @Option(names = "--model", description = "model folder (default: the installed default model), or 'baseline'")
    String model;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--decoder", description = "SAM decoder implementation: auto (native when it passes its self-check), native or onnx"
            + " (default: model.json's decoder.implementation, else auto)")
    String decoder;

    @Option(names = "--encoder-precision", description = "fp32 or int8 (ONNX encoders: weight MatMuls quantised at load;"
            + " default: model.json's encoder.precision, else fp32)")
    String encoderPrecision;

    /** Opens the chosen segmenter (see {@link PipelineSupport#openSegmenter}). */
    SliceSegmenter open() {
        // read by the engine when the model loads
        override("--encoder-precision", encoderPrecision, org.slicewise.core.seg.ModelSpec.ENCODER_PRECISIONS, "slicewise.encoder.precision");
        override("--decoder", decoder, org.slicewise.core.seg.ModelSpec.DECODER_IMPLS, "slicewise.decoder");
        return PipelineSupport.openSegmenter(model, device);
    }

    /** Validates an optional flag against its allowed values and sets the system property the engine reads. */
    private static void override(String flag, String value, java.util.List<String> allowed, String property) {
        if (value == null) {
            return;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(v)) {
            String list = String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.get(allowed.size() - 1);
            throw new org.slicewise.core.BadInputException(flag + " must be " + list + ", got \"" + value + "\"");
        }
        System.setProperty(property, v);
    }
}
