package org.slicewise.app.cli;

import java.util.List;
import java.util.function.UnaryOperator;
import org.slicewise.core.seg.ModelSpec;
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
        String precision = checked("--encoder-precision", encoderPrecision, ModelSpec.ENCODER_PRECISIONS);
        String impl = checked("--decoder", decoder, ModelSpec.DECODER_IMPLS);
        UnaryOperator<ModelSpec> choices = s -> {
            ModelSpec r = precision == null ? s : s.withEncoderPrecision(precision);
            return impl == null ? r : r.withDecoderImpl(impl);
        };
        return PipelineSupport.openSegmenter(model, device, choices);
    }

    /** An optional flag's value, lower-cased, after checking it against its allowed values; null when absent. */
    private static String checked(String flag, String value, List<String> allowed) {
        return value == null ? null : ModelSpec.oneOf(value, allowed, flag);
    }
}
