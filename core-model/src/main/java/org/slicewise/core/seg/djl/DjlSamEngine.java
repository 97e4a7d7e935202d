package org.slicewise.core.seg.djl;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slicewise.core.BadInputException;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputFrame;
import org.slicewise.core.seg.MaskPostprocess;
import org.slicewise.core.seg.ModelInfo;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SegmentationEngine;
import org.slicewise.core.seg.SliceImage;

/**
 * A SAM-family model on DJL: one code path for TorchScript (PyTorch engine) and ONNX (ONNX Runtime
 * engine), driven by {@link ModelSpec}. Encoder and decoder are separate DJL models; each thread gets
 * its own predictors; every call's native tensors live in the predictor context's NDManager. This class
 * is lifecycle and routing: the decoder graph's inputs and runs are {@link OnnxSamDecoder}; standard SAM
 * ONNX decoders are computed by the {@link NativeSamDecoder} ({@link FastDecoderSetup}), mask prompts
 * included unless {@code -Dslicewise.decoder.maskPrompts=onnx}.
 */
public final class DjlSamEngine implements SegmentationEngine {
    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // ONNX models need no PyTorch "alternative engine" (we only create, name and read float arrays):
        // not loading libtorch for them saves start-up time and memory
        if (System.getProperty("ai.djl.onnx.disable_alternative") == null) {
            System.setProperty("ai.djl.onnx.disable_alternative", "true");
        }
        // DJL logs a CUDA probe warning on every CPU-only start; our own one-line device note says it
        // better (effective with slf4j-simple when no logger was created before)
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error");
        }
    }

    private final ModelSpec spec;
    private final Model encoder;
    private final Model decoder;
    private final ModelInfo info;
    private final String deviceNote;
    private final ThreadLocal<Predictor<List<Tensor>, List<Tensor>>> encoderPredictor;
    private final ThreadLocal<Predictor<List<Tensor>, List<Tensor>>> decoderPredictor;
    /** Every predictor made, with the thread that owns it (closed when that thread has died, or on close()). */
    private final ConcurrentLinkedQueue<Owned> predictors = new ConcurrentLinkedQueue<>();

    private record Owned(java.lang.ref.WeakReference<Thread> owner, AutoCloseable predictor) {
        boolean ownerDead() {
            Thread t = owner.get();
            return t == null || !t.isAlive();
        }
    }
    private final AtomicLong encoderRuns = new AtomicLong();
    private final AtomicLong fastRuns = new AtomicLong();
    /** The native SAM decoder (prompts without a mask input), or null: everything goes to the ONNX decoder. */
    private volatile NativeSamDecoder fast;
    private volatile String decoderNote = "ONNX decoder";
    private final ThreadLocal<NativeSamDecoder.Session> fastSession = ThreadLocal.withInitial(() -> track(fast.newSession()));
    private volatile boolean closed;
    /** Calls hold the read lock; close() takes the write lock, so it waits for in-flight calls. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private volatile Object[] lastConverted;
    /**
     * The model's identity for embeddings and caches: spec.id(), plus "+int8" when the encoder runs
     * quantised (its embeddings differ from the fp32 encoder's, so they must never share a cache entry).
     */
    private final String id;
    private final String encoderNote;

    private DjlSamEngine(ModelSpec spec, Model encoder, Model decoder, DeviceChoice device, EncoderFile encFile) {
        this.spec = spec;
        this.encoder = encoder;
        this.decoder = decoder;
        this.deviceNote = device.note();
        this.id = spec.id() + (encFile.int8() ? "+int8" : "");
        this.encoderNote = encFile.note();
        this.info = new ModelInfo(id, spec.name(), spec.engine().name(), device.device().toString(), spec.medical(),
                spec.licence(), spec.provenance());
        boolean named = spec.engine() == ModelSpec.Engine.OnnxRuntime;
        TensorTranslator encT = new TensorTranslator(named, Set.of(spec.encoderOutput()));
        TensorTranslator decT = new TensorTranslator(named, Set.of(spec.masksOutput(), spec.iouOutput()));
        this.encoderPredictor = ThreadLocal.withInitial(() -> track(encoder.newPredictor(encT)));
        this.decoderPredictor = ThreadLocal.withInitial(() -> track(decoder.newPredictor(decT)));
        this.graphDecoder = new OnnxSamDecoder(spec, in -> run(decoderPredictor, in, spec.decoderPath()), this::floats);
    }

    /**
     * Registers a new predictor of the calling thread. Predictors of threads that have died are closed
     * here: a ThreadLocal value of a dead thread is unreachable, and without this every short-lived
     * worker thread (task runners, pipeline runs) would leave a predictor and its native resources
     * behind until the engine is closed. Runs under the lifecycle read lock (from encode/decode), and a
     * dead thread cannot be using its predictor, so closing it here is safe.
     */
    private <T extends AutoCloseable> T track(T p) {
        pruneDead();
        predictors.add(new Owned(new java.lang.ref.WeakReference<>(Thread.currentThread()), p));
        return p;
    }

    /** Closes the predictors and sessions of threads that have died. */
    void pruneDead() {
        for (java.util.Iterator<Owned> it = predictors.iterator(); it.hasNext(); ) {
            Owned o = it.next();
            if (o.ownerDead() && predictors.remove(o)) {
                closeQuietly(o.predictor());
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Predictors (and native decoder sessions) currently open (for tests). */
    int openPredictors() {
        return predictors.size();
    }

    /**
     * Loads a model.
     *
     * @param device auto, cpu or gpu
     * @param notes  receives a one-line note when the device request could not be met (may be null)
     */
    public static DjlSamEngine load(ModelSpec spec, String device, Consumer<String> notes) {
        String engineName = spec.engine().name();
        Engine engine;
        try {
            engine = Engine.getEngine(engineName);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw BadInputException.of(spec.dir().resolve(ModelSpec.FILE_NAME), "engine " + engineName + " is not available: "
                    + firstLine(e.getMessage()));
        }
        DeviceChoice choice = DeviceChoice.resolve(engine, device);
        if (!choice.note().isEmpty() && notes != null) {
            notes.accept(choice.note());
        }
        Model enc = null;
        EncoderFile encFile = EncoderFile.of(spec);
        try {
            try {
                enc = loadOne(spec, encFile.path(), choice, engineName);
            } finally {
                encFile.deleteTemporary();
            }
            Model dec = loadOne(spec, spec.decoderPath(), choice, engineName);
            DjlSamEngine e = new DjlSamEngine(spec, enc, dec, choice, encFile);
            enc = null; // the engine owns both models now
            try {
                FastDecoderSetup.install(e, device, notes);
            } catch (RuntimeException x) {
                e.close();
                throw x;
            }
            return e;
        } catch (RuntimeException e) {
            if (enc != null) {
                enc.close();
            }
            throw e;
        }
    }

    private static Model loadOne(ModelSpec spec, Path file, DeviceChoice choice, String engineName) {
        Model m = Model.newInstance(spec.id() + ":" + file.getFileName(), choice.device(), engineName);
        try {
            m.load(file, null, options(spec, choice));
            return m;
        } catch (IOException | MalformedModelException | RuntimeException | UnsatisfiedLinkError e) {
            m.close();
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw BadInputException.of(file, "cannot be loaded by " + engineName + " (corrupt or not a "
                    + (engineName.equals("PyTorch") ? "TorchScript" : "ONNX") + " file?): " + firstLine(String.valueOf(c.getMessage())));
        }
    }

    /**
     * Engine options. ONNX Runtime: a session tuned for latency, handed to DJL through its option map
     * ("sessionOptions" plus the string keys DJL's OrtModel reads): intra-op threads = cores
     * (slicewise.threads), one inter-op thread, sequential execution, full graph optimisation
     * (slicewise.ort.optLevel: NO_OPT|BASIC_OPT|EXTENDED_OPT|ALL_OPT), memory pattern reuse, CPU arena,
     * and no thread spinning unless slicewise.ort.spin=true (spinning burns the cores the UI and other
     * work share; measured: the encoder was 1.45x faster without it on a busy 2-core machine).
     */
    static Map<String, Object> options(ModelSpec spec, DeviceChoice choice) {
        if (spec.engine() == ModelSpec.Engine.OnnxRuntime) {
            int cores = Integer.getInteger("slicewise.threads", Runtime.getRuntime().availableProcessors());
            String opt = System.getProperty("slicewise.ort.optLevel", "ALL_OPT");
            Map<String, Object> m = new java.util.HashMap<>();
            try {
                ai.onnxruntime.OrtSession.SessionOptions so = new ai.onnxruntime.OrtSession.SessionOptions();
                so.addConfigEntry("session.intra_op.allow_spinning", Boolean.parseBoolean(System.getProperty("slicewise.ort.spin", "false")) ? "1" : "0");
                m.put("sessionOptions", so);
            } catch (ai.onnxruntime.OrtException | RuntimeException | UnsatisfiedLinkError e) {
                // fall back to DJL's own session options
            }
            m.put("interOpNumThreads", "1");
            m.put("intraOpNumThreads", Integer.toString(cores));
            m.put("optLevel", opt);
            m.put("executionMode", "SEQUENTIAL");
            m.put("memoryPatternOptimization", "true");
            m.put("cpuArenaAllocator", "true");
            return m;
        }
        return choice.device().isGpu() ? Map.of("mapLocation", "true") : Map.of();
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Why the requested device was not used, or "" when it was. */
    public String deviceNote() {
        return deviceNote;
    }

    public long encoderRuns() {
        return encoderRuns.get();
    }

    /** Calls that went to the native SAM decoder (one per decode call, whatever the number of objects). */
    public long fastDecoderRuns() {
        return fastRuns.get();
    }

    /** Which decoder serves prompts without a mask input, and why. */
    @Override
    public String decoderNote() {
        return decoderNote;
    }

    /** Which encoder runs: "fp32", or "int8 (N weight MatMuls quantised at load)". */
    @Override
    public String encoderNote() {
        return encoderNote;
    }

    /** Whether the native SAM decoder is in use. */
    public boolean nativeDecoder() {
        return fast != null;
    }

    void useNative(NativeSamDecoder d, String note) {
        if (d != null) {
            d.bind(fastSession::get, this::floats);
        }
        this.fast = d;
        this.decoderNote = note;
    }

    NativeSamDecoder.Session nativeSession() {
        return fastSession.get();
    }

    /** ONNX decoder invocations (one per batch, or one per object when the graph has a fixed batch of 1). */
    public long decoderRuns() {
        return graphDecoder.runs();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Embedding encode(SliceImage image) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return encodeOpen(image);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Embedding encodeOpen(SliceImage image) {
        InputFrame f = InputFrame.of(spec, image.width(), image.height());
        int s = spec.inputSize();
        Tensor in = new Tensor(spec.encoderInput(), new long[] {1, 3, s, s}, f.tensor(image, spec.normalization()));
        Tensor out = pick(run(encoderPredictor, List.of(in), spec.encoderPath()), spec.encoderOutput(), spec.encoderPath());
        encoderRuns.incrementAndGet();
        int[] es = spec.embeddingShape();
        if (out.elements() != spec.embeddingElements()) {
            throw BadInputException.of(spec.encoderPath(), "produced shape " + Arrays.toString(out.shape())
                    + " but model.json says embeddingShape " + Arrays.toString(es));
        }
        return new Embedding(id, new long[] {1, es[0], es[1], es[2]}, out.data(), null, image.width(), image.height());
    }

    @Override
    public List<ObjectMask> decode(Embedding embedding, List<ObjectPrompt> objects) {
        return decode(embedding, objects, false);
    }

    @Override
    public List<ObjectMask> decode(Embedding embedding, List<ObjectPrompt> objects, boolean fullLowRes) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return decodeOpen(embedding, objects, fullLowRes);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private List<ObjectMask> decodeOpen(Embedding embedding, List<ObjectPrompt> objects, boolean fullLowRes) {
        if (!embedding.modelId().equals(id)) {
            throw new IllegalArgumentException("embedding of model " + embedding.modelId() + " given to model " + id);
        }
        if (objects.isEmpty()) {
            return List.of();
        }
        InputFrame f = InputFrame.of(spec, embedding.imageWidth(), embedding.imageHeight());
        int L = spec.lowResSize();
        float[][] lowRes = new float[objects.size()][];
        float[] iou = new float[objects.size()];
        // everything to the native decoder when in use; mask prompts too unless it cannot (or is told not to)
        NativeSamDecoder nd = fast;
        boolean nativeMasks = nd != null && nd.maskPrompts() && !"onnx".equals(System.getProperty("slicewise.decoder.maskPrompts"));
        List<Integer> toGraph = new ArrayList<>(), toNative = new ArrayList<>();
        List<ObjectPrompt> nativeObjs = objects;
        for (int i = 0; i < objects.size(); i++) {
            ObjectPrompt o = objects.get(i);
            boolean mask = o.maskInput() != null && spec.maskInput();
            (nd == null || (mask && !nativeMasks) ? toGraph : toNative).add(i);
            if (o.maskInput() != null && !spec.maskInput()) {
                // the model takes no mask prompt: the ONNX path ignores it, so must the native one
                nativeObjs = nativeObjs == objects ? new ArrayList<>(objects) : nativeObjs;
                nativeObjs.set(i, new ObjectPrompt(o.label(), o.box(), o.points(), null));
            }
        }
        route(graphDecoder, toGraph, embedding, f, objects, fullLowRes, lowRes, iou);
        if (!toNative.isEmpty()) {
            route(nd, toNative, embedding, f, nativeObjs, fullLowRes, lowRes, iou);
            fastRuns.incrementAndGet();
        }
        List<ObjectMask> masks = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            ObjectPrompt o = objects.get(i);
            masks.add(MaskPostprocess.toObjectMask(o.label(), lowRes[i], L, iou[i], f, o.box()));
        }
        return masks;
    }

    /** Decodes objects {@code idx} with {@code d} into the call's result arrays. */
    private static void route(SamDecoder d, List<Integer> idx, Embedding e, InputFrame f, List<ObjectPrompt> objects,
                              boolean fullLowRes, float[][] lowRes, float[] iou) {
        if (idx.isEmpty()) {
            return;
        }
        List<ObjectPrompt> sub = new ArrayList<>(idx.size());
        for (int i : idx) {
            sub.add(objects.get(i));
        }
        float[][] lr = new float[sub.size()][];
        float[] q = new float[sub.size()];
        d.decode(e, f, sub, fullLowRes, lr, q);
        for (int k = 0; k < idx.size(); k++) {
            lowRes[idx.get(k)] = lr[k];
            iou[idx.get(k)] = q[k];
        }
    }

    /** The model's own decoder graph (through DJL predictors): {@link OnnxSamDecoder}. */
    private final OnnxSamDecoder graphDecoder;

    /** The objects through the ONNX decoder graph: low-res logits and IoU per object. */
    void decodeOnnx(Embedding embedding, InputFrame f, List<ObjectPrompt> objects, float[][] lowRes, float[] iou) {
        graphDecoder.decode(embedding, f, objects, false, lowRes, iou);
    }

    /** fp32 values of an embedding; the conversion of the latest fp16 embedding is kept (interactive decodes reuse it). */
    private float[] floats(Embedding e) {
        if (e.data() != null) {
            return e.data();
        }
        Object[] last = lastConverted;
        if (last != null && last[0] == e) {
            return (float[]) last[1];
        }
        float[] f = e.asFloats();
        lastConverted = new Object[] {e, f};
        return f;
    }

    private List<Tensor> run(ThreadLocal<Predictor<List<Tensor>, List<Tensor>>> p, List<Tensor> in, Path file) {
        try {
            return p.get().predict(in);
        } catch (TranslateException | RuntimeException e) {
            Throwable c = e;
            while (c.getCause() != null && c.getCause() != c) {
                c = c.getCause();
            }
            throw BadInputException.of(file, "inference failed: " + firstLine(String.valueOf(c.getMessage())));
        }
    }

    static Tensor pick(List<Tensor> out, String key, Path file) {
        for (Tensor t : out) {
            if (t != null && key.equals(t.name())) {
                return t;
            }
        }
        throw BadInputException.of(file, "has no output \"" + key + "\" (check the outputs in model.json)");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model " + spec.id() + " is closed");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).trim();
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            graphDecoder.close();
            Owned p;
            while ((p = predictors.poll()) != null) {
                closeQuietly(p.predictor());
            }
            if (fast != null) {
                fast.close();
            }
            encoder.close();
            decoder.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
