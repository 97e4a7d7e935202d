package org.slicewise.core.seg.djl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slicewise.core.BadInputException;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputFrame;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.ObjectPrompt;

/**
 * A model's own decoder graph (ONNX or TorchScript, run through the engine's DJL predictors) as a
 * {@link SamDecoder}: builds the graph's inputs ({@code sam-onnx-points}: points, labels, mask prompt by
 * name; {@code box-tensor}: embedding and boxes), runs it once per batch (or once per object for a
 * graph with a fixed batch of 1, optionally on {@code -Dslicewise.decode.threads} threads) and picks the
 * best mask of multimask graphs.
 */
final class OnnxSamDecoder implements SamDecoder, AutoCloseable {
    private final ModelSpec spec;
    /** Runs the decoder graph on the calling thread's predictor (errors as one-line BadInputException). */
    private final Function<List<Tensor>, List<Tensor>> run;
    private final Function<Embedding, float[]> floats;
    private final AtomicLong runs = new AtomicLong();
    /** Objects decoded concurrently when the graph cannot batch (-Dslicewise.decode.threads, default 1). */
    private final int decodeThreads = Math.max(1, Integer.getInteger("slicewise.decode.threads", 1));
    private ExecutorService decodePool;

    OnnxSamDecoder(ModelSpec spec, Function<List<Tensor>, List<Tensor>> run, Function<Embedding, float[]> floats) {
        this.spec = spec;
        this.run = run;
        this.floats = floats;
    }

    /** Graph invocations (one per batch, or one per object when the graph has a fixed batch of 1). */
    long runs() {
        return runs.get();
    }

    private synchronized ExecutorService decodePool() {
        if (decodePool == null) {
            decodePool = Executors.newFixedThreadPool(decodeThreads, r -> {
                Thread t = new Thread(r, "slicewise-decode");
                t.setDaemon(true);
                return t;
            });
        }
        return decodePool;
    }

    /** The objects through the decoder graph (the graph's own low-res map is always full). */
    @Override
    public void decode(Embedding embedding, InputFrame f, List<ObjectPrompt> objects, boolean fullLowRes, float[][] lowRes, float[] iou) {
        float[] emb = floats.apply(embedding);
        Tensor embT = new Tensor("image_embeddings", embedding.shape(), emb);
        if (spec.decoderBatch()) {
            decodeBatch(embT, f, objects, 0, objects.size(), lowRes, iou);
        } else if (decodeThreads > 1 && objects.size() > 1) {
            // the graph has a fixed batch of 1: decode the objects concurrently (one predictor per thread).
            // The pool threads use the engine's predictors under the caller's read lock: this call must
            // not return (and so release the lock, letting close() free them) while any of its tasks
            // still runs, also when one task failed or this thread was interrupted.
            java.util.concurrent.atomic.AtomicBoolean abort = new java.util.concurrent.atomic.AtomicBoolean();
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                int k = i;
                fs.add(decodePool().submit(() -> {
                    if (!abort.get()) {
                        decodeBatch(embT, f, objects, k, k + 1, lowRes, iou);
                    }
                }));
            }
            RuntimeException failure = null;
            boolean interrupted = false;
            for (java.util.concurrent.Future<?> fu : fs) {
                while (true) {
                    try {
                        fu.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                        abort.set(true); // tasks not yet started skip their decode; running ones finish
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (failure == null) {
                            failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                        }
                        break;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted");
            }
            if (failure != null) {
                throw failure;
            }
        } else {
            for (int i = 0; i < objects.size(); i++) {
                decodeBatch(embT, f, objects, i, i + 1, lowRes, iou);
            }
        }
    }

    /** One decoder call for objects [from, to). */
    private void decodeBatch(Tensor embT, InputFrame f, List<ObjectPrompt> objects, int from, int to, float[][] lowRes, float[] iou) {
        int b = to - from;
        List<Tensor> in = spec.prompt() == ModelSpec.PromptMode.SAM_ONNX_POINTS
                ? samOnnxInputs(embT, f, objects.subList(from, to)) : boxInputs(embT, f, objects.subList(from, to));
        List<Tensor> out = run.apply(in);
        runs.incrementAndGet();
        Tensor m = DjlSamEngine.pick(out, spec.masksOutput(), spec.decoderPath());
        Tensor q = DjlSamEngine.pick(out, spec.iouOutput(), spec.decoderPath());
        int L = spec.lowResSize();
        long plane = (long) L * L;
        if (m.elements() % (plane * b) != 0 || q.elements() != m.elements() / plane) {
            throw BadInputException.of(spec.decoderPath(), "decoder output shapes " + Arrays.toString(m.shape()) + " and "
                    + Arrays.toString(q.shape()) + " do not match " + b + " object(s) of " + L + "x" + L + " masks");
        }
        int k = (int) (m.elements() / (plane * b)); // masks per object (1, or 3 for multimask graphs)
        for (int i = 0; i < b; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (q.data()[i * k + j] > q.data()[i * k + best]) {
                    best = j;
                }
            }
            lowRes[from + i] = Arrays.copyOfRange(m.data(), (int) ((i * k + best) * plane), (int) ((i * k + best + 1) * plane));
            iou[from + i] = q.data()[i * k + best];
        }
    }

    /** SAM ONNX decoder inputs (by name): box corners as labels 2/3, clicks 1/0, padding point -1 without a box. */
    private List<Tensor> samOnnxInputs(Tensor embT, InputFrame f, List<ObjectPrompt> objs) {
        int b = objs.size();
        int n = 0;
        for (ObjectPrompt o : objs) {
            n = Math.max(n, SamPoints.count(o));
        }
        float[] coords = new float[b * n * 2];
        float[] labels = new float[b * n];
        float[] maskIn = new float[b * spec.lowResSize() * spec.lowResSize()];
        float[] hasMask = new float[b];
        for (int i = 0; i < b; i++) {
            ObjectPrompt o = objs.get(i);
            SamPoints.write(o, f, coords, labels, i * n, n);
            if (o.maskInput() != null && spec.maskInput()) {
                int plane = spec.lowResSize() * spec.lowResSize();
                if (o.maskInput().length != plane) {
                    throw new IllegalArgumentException("mask prompt must be " + spec.lowResSize() + "x" + spec.lowResSize());
                }
                System.arraycopy(o.maskInput(), 0, maskIn, i * plane, plane);
                hasMask[i] = 1;
            }
        }
        int L = spec.lowResSize();
        float s = spec.inputSize();
        return List.of(embT,
                new Tensor("point_coords", new long[] {b, n, 2}, coords),
                new Tensor("point_labels", new long[] {b, n}, labels),
                new Tensor("mask_input", new long[] {b, 1, L, L}, maskIn),
                new Tensor("has_mask_input", new long[] {b}, hasMask),
                // the decoder's own upsampling stays at the input frame: we upsample only inside regions
                new Tensor("orig_im_size", new long[] {2}, new float[] {s, s}));
    }

    /** MedSAM-style decoder inputs (by position): embedding, boxes [B,4] in input-frame coordinates. */
    private List<Tensor> boxInputs(Tensor embT, InputFrame f, List<ObjectPrompt> objs) {
        float[] boxes = new float[objs.size() * 4];
        for (int i = 0; i < objs.size(); i++) {
            BoxPrompt bx = objs.get(i).box();
            if (bx == null) {
                throw new BadInputException("model " + spec.id() + " takes box prompts only; object " + objs.get(i).label() + " has none");
            }
            boxes[4 * i] = (float) f.toFrameX(bx.x0());
            boxes[4 * i + 1] = (float) f.toFrameY(bx.y0());
            boxes[4 * i + 2] = (float) f.toFrameX(bx.x1());
            boxes[4 * i + 3] = (float) f.toFrameY(bx.y1());
        }
        return List.of(embT, new Tensor("boxes", new long[] {objs.size(), 4}, boxes));
    }

    @Override
    public synchronized void close() {
        if (decodePool != null) {
            decodePool.shutdownNow();
        }
    }
}
