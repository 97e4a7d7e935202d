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
        if (encoderPrecision != null) {
            String p = encoderPrecision.trim().toLowerCase(java.util.Locale.ROOT);
            if (!org.slicewise.core.seg.ModelSpec.ENCODER_PRECISIONS.contains(p)) {
                throw new org.slicewise.core.BadInputException("--encoder-precision must be fp32 or int8, got \"" + encoderPrecision + "\"");
            }
            System.setProperty("slicewise.encoder.precision", p); // read when the model loads
        }
        if (decoder != null) {
            String d = decoder.trim().toLowerCase(java.util.Locale.ROOT);
            if (!org.slicewise.core.seg.ModelSpec.DECODER_IMPLS.contains(d)) {
                throw new org.slicewise.core.BadInputException("--decoder must be auto, native or onnx, got \"" + decoder + "\"");
            }
            System.setProperty("slicewise.decoder", d); // read when the model loads
        }
        return PipelineSupport.openSegmenter(model, device);
    }
}
