package org.slicewise.core.seg.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slicewise.core.BadInputException;
import org.slicewise.core.seg.ModelSpec;

/**
 * The encoder file to load: the model's own, or (encoder precision int8, ONNX Runtime) a temporary
 * copy with its weight MatMuls quantised by {@link OnnxInt8}, deleted once the session has read it.
 */
record EncoderFile(Path path, boolean int8, String note, boolean temporary) {

    static EncoderFile of(ModelSpec spec) {
        if (!"int8".equals(spec.encoderPrecision())) {
            return new EncoderFile(spec.encoderPath(), false, "fp32", false);
        }
        if (spec.engine() != ModelSpec.Engine.OnnxRuntime) {
            return new EncoderFile(spec.encoderPath(), false, "fp32 (int8 asked for, but only ONNX encoders are quantised)", false);
        }
        Path src = spec.encoderPath();
        OnnxInt8.Result q;
        try {
            q = OnnxInt8.quantizeMatMuls(Files.readAllBytes(src));
        } catch (IOException | RuntimeException e) {
            throw BadInputException.of(src, "cannot be quantised to int8: " + e.getMessage());
        }
        if (q.quantised() == 0) {
            return new EncoderFile(src, false, "fp32 (int8 asked for, but the graph has no weight MatMuls)", false);
        }
        try {
            Path tmp = Files.createTempFile("slicewise-" + spec.id() + "-int8-", ".onnx");
            Files.write(tmp, q.model());
            return new EncoderFile(tmp, true, "int8 (" + q.quantised() + " weight MatMuls quantised at load, dynamic)", true);
        } catch (IOException e) {
            throw BadInputException.of(src, "cannot write its int8 copy to the temporary folder: " + e.getMessage());
        }
    }

    void deleteTemporary() {
        if (temporary) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                path.toFile().deleteOnExit();
            }
        }
    }
}
