package org.slicewise.core.seg.djl;

import ai.djl.engine.Engine;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slicewise.core.BadInputException;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputFrame;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.ObjectPrompt;

/**
 * Chooses the decoder of a {@link DjlSamEngine}: the {@link NativeSamDecoder} for standard SAM ONNX
 * decoders ({@code "prompt": "sam-onnx-points"}, 1024 input, [256,64,64] embedding, 256 low-res) when
 * it loads and agrees with the ONNX graph on a synthetic embedding (self-check), else the ONNX graph.
 * {@code decoder.implementation} in model.json ({@code auto|native|onnx}), overridden at start-up by
 * {@code -Dslicewise.decoder} or explicitly by {@code --decoder} ({@link ModelSpec#withDecoderImpl}), forces
 * one; a forced native decoder that cannot be used is an error.
 */
final class FastDecoderSetup {
    /** Self-check tolerance on low-res logits inside the computed region, relative to their largest magnitude. */
    static final double CHECK_TOLERANCE = 2e-4;

    private FastDecoderSetup() {
    }

    /** The implementation asked for (model.json, a start-up option or an explicit choice: {@link ModelSpec#withDecoderImpl}). */
    static String requested(ModelSpec spec) {
        return spec.decoderImpl();
    }

    /** Why the native decoder cannot serve this model, or null when it can. */
    static String ineligible(ModelSpec spec) {
        if (spec.prompt() != ModelSpec.PromptMode.SAM_ONNX_POINTS || spec.engine() != ModelSpec.Engine.OnnxRuntime) {
            return "not a SAM ONNX points decoder";
        }
        int[] e = spec.embeddingShape();
        if (spec.inputSize() != 1024 || spec.lowResSize() != 256 || e[0] != 256 || e[1] != 64 || e[2] != 64) {
            return "not SAM's 1024 input / [256,64,64] embedding / 256 low-res layout";
        }
        return null;
    }

    static void install(DjlSamEngine engine, String device, Consumer<String> notes) {
        ModelSpec spec = engine.spec();
        String impl = requested(spec);
        if (impl.equals("onnx")) {
            engine.useNative(null, "ONNX decoder (decoder implementation \"onnx\" requested)");
            return;
        }
        boolean forced = impl.equals("native");
        String why = ineligible(spec);
        NativeSamDecoder d = null;
        try {
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
            Engine pt = Engine.getEngine("PyTorch");
            DeviceChoice dc = DeviceChoice.resolve(pt, device);
            if (!forced && engine.info().device().startsWith("gpu") && !dc.device().isGpu()) {
                throw new IllegalArgumentException("the ONNX decoder runs on the GPU but libtorch sees no CUDA device");
            }
            d = NativeSamDecoder.load(spec.decoderPath(), dc.device());
            double err = selfCheck(engine, d);
            engine.useNative(d, String.format(Locale.ROOT, "%s; %s; self-check vs ONNX: max |diff| %.2g of the logit range",
                    d.description, d.maskNote, err));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            if (d != null) {
                d.close();
            }
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
            if (forced) {
                throw BadInputException.of(spec.decoderPath(), "the native SAM decoder cannot be used: " + msg);
            }
            engine.useNative(null, "ONNX decoder (native SAM decoder not used: " + msg + ")");
            if (why == null && notes != null) {
                notes.accept("native SAM decoder not used (" + msg + "); decoding with the ONNX graph");
            }
        }
    }

    /**
     * Decodes a box, a click and (when both sides support it) a box with a mask prompt on a synthetic
     * embedding with both decoders; throws when the native
     * result differs. Returns the largest logit difference inside the box's computed region, relative
     * to the largest logit magnitude there.
     */
    static double selfCheck(DjlSamEngine engine, NativeSamDecoder d) {
        float[] emb = new float[256 * 64 * 64];
        long seed = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < emb.length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            emb[i] = (float) (((seed >>> 40) / (double) (1L << 24)) - 0.5) * 0.6f;
        }
        Embedding e = new Embedding(engine.spec().id(), new long[] {1, 256, 64, 64}, emb, null, 1024, 1024);
        InputFrame f = InputFrame.of(engine.spec(), 1024, 1024);
        List<ObjectPrompt> objs = new java.util.ArrayList<>(List.of(ObjectPrompt.box(1, new BoxPrompt(300, 280, 700, 650)),
                new ObjectPrompt(2, null, List.of(new PointPrompt(512, 400, true)), null)));
        if (d.maskPrompts() && engine.spec().maskInput()) {
            // a box with a mask prompt: smooth logits of both signs, as a previous decode gives
            float[] mask = new float[256 * 256];
            for (int y = 0; y < 256; y++) {
                for (int x = 0; x < 256; x++) {
                    mask[y * 256 + x] = (float) (12 * Math.sin(x / 17.0) * Math.cos(y / 23.0) - 3);
                }
            }
            objs.add(new ObjectPrompt(3, new BoxPrompt(280, 300, 720, 640), List.of(), mask));
        }
        int n = objs.size();
        float[][] ref = new float[n][];
        float[] refIou = new float[n];
        // on a short-lived thread: its ONNX predictor is closed right after, not left to the loading thread
        RuntimeException[] failure = new RuntimeException[1];
        Thread t = new Thread(() -> {
            try {
                engine.decodeOnnx(e, f, objs, ref, refIou);
            } catch (RuntimeException x) {
                failure[0] = x;
            }
        }, "slicewise-decoder-self-check");
        t.start();
        try {
            t.join();
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the decoder self-check");
        }
        engine.pruneDead();
        if (failure[0] != null) {
            throw failure[0];
        }
        NativeSamDecoder.Result[] r;
        try (NativeSamDecoder.Session s = d.newSession()) {
            List<NativeSamDecoder.Prompt> ps = new java.util.ArrayList<>();
            for (ObjectPrompt o : objs) {
                ps.add(SamPoints.nativePrompt(o, f));
            }
            r = d.decode(s, e, () -> emb, ps);
        }
        double worst = 0;
        for (int k = 0; k < n; k++) {
            float[] a = ref[k], b = r[k].lowRes();
            double max = 1e-6, diff = 0;
            for (int i = 0; i < a.length; i++) {
                if (b[i] != NativeSamDecoder.FILL) {
                    max = Math.max(max, Math.abs(a[i]));
                    diff = Math.max(diff, Math.abs(a[i] - b[i]));
                }
            }
            double rel = diff / max;
            if (!(rel <= CHECK_TOLERANCE) || !(Math.abs(refIou[k] - r[k].iou()) <= 1e-3)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "self-check failed: logits differ by %.3g (%.2g of their range), IoU %.5f vs %.5f", diff, rel, refIou[k], r[k].iou()));
            }
            worst = Math.max(worst, rel);
        }
        return worst;
    }
}
