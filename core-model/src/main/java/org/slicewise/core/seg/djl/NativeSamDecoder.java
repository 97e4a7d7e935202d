package org.slicewise.core.seg.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputFrame;
import org.slicewise.core.seg.ObjectPrompt;

/**
 * SAM's prompt encoder and mask decoder computed on DJL NDArrays (PyTorch engine, libtorch eager)
 * with the weights of a standard segment-anything ONNX decoder export ({@link SamWeights}). It gives
 * the ONNX decoder's {@code low_res_masks} and {@code iou_predictions} (single-mask selection as
 * exported: score = iou + (num_points − 2.5)·[1000, 0, 0, 0], argmax), with or without a mask prompt,
 * at a fraction of the work:
 * <ul>
 * <li>block 0's prompt-independent image-side projections are cached per embedding (per thread, a few
 *     embeddings, LRU; {@code -Dslicewise.decoder.layer0Cache=N}, 0 disables);</li>
 * <li>attentions over the 4096 image tokens are reassociated ({@link SamTransformer});</li>
 * <li>the output upscaling (ConvT 2×2/2 → LayerNorm2d → GELU → ConvT 2×2/2 → GELU) and the
 *     hypernetwork product are per-pixel local — low-res pixel (Y, X) depends only on embedding cell
 *     (Y/4, X/4) — so they run only for the cells of the object's region ({@link Prompt#cells}); the
 *     rest of the 256×256 logits is {@link #FILL};</li>
 * <li>a mask prompt goes through mask_downscaling ({@link #downscaled}); its last 1×1 convolution is
 *     folded into block 0's projections, which become a rank-16 update of the embedding's cached ones
 *     ({@link SamTransformer#layer0(NDManager, SamTransformer.Layer0, NDArray)});</li>
 * <li>the final token→image attention runs only for the tokens that are read: the IoU token, then each
 *     box's selected mask token (2 of 5 + points tokens);</li>
 * <li>all objects of one call with the same number of points (and both with or both without a mask
 *     prompt) run as one batch, the output upscaling of all their regions included.</li>
 * </ul>
 * Native memory: weights live in this decoder's manager; each call's temporaries in a sub-manager
 * closed at the end of the call; cached block-0 tensors in the per-thread {@link Session}'s managers.
 */
final class NativeSamDecoder implements SamDecoder, AutoCloseable {
    /**
     * Low-res logit outside an object's computed region: far below any real SAM logit (about -10 to
     * -60 on our data), so it never thresholds in and never wins an overlap. Callers that feed the
     * low-res logits back as mask prompts ask for the full map instead.
     */
    static final float FILL = -10000f;
    static final int C = 256, L = 256, G = 64;

    /**
     * One object's prompt: SAM ONNX point coordinates in the 1024 input frame and labels (1/0 clicks,
     * 2/3 box corners, −1 padding), and the embedding cells {x0, y0, x1, y1} (end exclusive) whose
     * low-res logits are computed, or null for all.
     */
    record Prompt(float[] coords, float[] labels, int[] cells, float[] mask) {
        Prompt {
            if (mask != null && mask.length != L * L) {
                throw new IllegalArgumentException("mask prompt must be " + L + "x" + L + ", got " + mask.length + " values");
            }
        }

        Prompt(float[] coords, float[] labels, int[] cells) {
            this(coords, labels, cells, null);
        }

        int points() {
            return labels.length;
        }
    }

    /** Low-res logits (256×256), predicted IoU and the selected mask index (0..3). */
    record Result(float[] lowRes, float iou, int maskIndex) {
    }

    private final NDManager base;
    private final SamTransformer tf;
    private final float[] outputTokens, pointEmbeddings, notAPoint, gaussian;
    private final NDArray up1W, up1B, up2W, up2B, lnW, lnB;
    /** mask_downscaling as matmuls ({@link SamWeights.MaskDown}), or null: no native mask prompts. */
    private final NDArray[] maskDown;
    private final int cacheSize = Math.max(0, Integer.getInteger("slicewise.decoder.layer0Cache", 4));
    final String description;
    /** Whether mask prompts are decoded natively, and why not. */
    final String maskNote;

    private NativeSamDecoder(NDManager base, SamWeights w) {
        this.base = base;
        NDManager wm = base.newSubManager();
        this.tf = new SamTransformer(wm, w);
        this.outputTokens = w.outputTokens;
        this.pointEmbeddings = w.pointEmbeddings;
        this.notAPoint = w.notAPoint;
        this.gaussian = w.gaussian;
        this.up1W = wm.create(w.up1W, new Shape(C, 64 * 4));
        this.up1B = wm.create(repeat4(w.up1B));
        this.up2W = wm.create(w.up2W, new Shape(64, 32 * 4));
        this.up2B = wm.create(repeat4(w.up2B));
        this.lnW = wm.create(w.up1Norm.w());
        this.lnB = wm.create(w.up1Norm.b());
        SamWeights.MaskDown md = w.maskDown;
        this.maskDown = md == null ? null : new NDArray[] {wm.create(md.w0(), new Shape(4, 4)), wm.create(md.b0()),
                wm.create(md.n0().w()), wm.create(md.n0().b()), wm.create(md.w1(), new Shape(16, 16)), wm.create(md.b1()),
                wm.create(md.n1().w()), wm.create(md.n1().b())};
        this.maskNote = md == null ? "mask prompts on the ONNX graph (" + w.maskDownMissing + ")" : "mask prompts native";
        this.description = "native SAM decoder (" + w.matched + " weights from the ONNX graph; libtorch on " + base.getDevice()
                + ", " + threads() + " intra-op threads, OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY") + ")";
    }

    /** Reads the weights of a SAM ONNX decoder; IllegalArgumentException when the graph is not the standard export. */
    /** Whether this decoder computes mask prompts (the graph's mask_downscaling was found). */
    boolean maskPrompts() {
        return maskDown != null;
    }

    static NativeSamDecoder load(Path onnxFile, Device device) {
        SamWeights w = SamWeights.from(OnnxGraph.read(onnxFile));
        NDManager base = Engine.getEngine("PyTorch").newBaseManager(device);
        if (System.getenv("OMP_WAIT_POLICY") == null && System.getenv("GOMP_SPINCOUNT") == null
                && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            // spinning OpenMP threads (the default) stall every op when the cores are shared with other
            // work; without passive waiting (set by the slicewise launcher) one intra-op thread is safer.
            // Only this decoder uses libtorch for ONNX models, so this affects nothing else.
            ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        }
        try {
            return new NativeSamDecoder(base, w);
        } catch (RuntimeException e) {
            base.close();
            throw e;
        }
    }

    /** libtorch's intra-op thread count (set by ai.djl.pytorch.num_threads; default: the physical cores). */
    static int threads() {
        try {
            return ai.djl.pytorch.jni.JniUtils.getNumThreads();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    private static float[] repeat4(float[] b) {
        float[] r = new float[b.length * 4];
        for (int i = 0; i < r.length; i++) {
            r[i] = b[i / 4];
        }
        return r;
    }

    /** Per-thread state: the block-0 cache (native tensors of a few embeddings). Not thread-safe. */
    final class Session implements AutoCloseable {
        private final NDManager root = base.newSubManager();
        private final LinkedHashMap<Object, Entry> lru = new LinkedHashMap<>(8, 0.75f, true);
        private final java.nio.ByteBuffer staging = java.nio.ByteBuffer.allocateDirect(C * G * G * 4).order(java.nio.ByteOrder.nativeOrder());
        long hits;
        long misses;

        private record Entry(WeakReference<Object> key, NDManager manager, SamTransformer.Layer0 layer0) {
        }

        private SamTransformer.Layer0 layer0(Object key, Supplier<float[]> embedding, NDManager call) {
            purgeCollected();
            if (cacheSize == 0) {
                misses++;
                return tf.layer0(call, embedding.get(), staging);
            }
            Entry e = lru.get(new IdKey(key));
            if (e != null && e.key().get() == key) {
                hits++;
                return e.layer0();
            }
            misses++;
            NDManager m = root.newSubManager();
            SamTransformer.Layer0 l0;
            try {
                l0 = tf.layer0(m, embedding.get(), staging);
            } catch (RuntimeException x) {
                m.close();
                throw x;
            }
            lru.put(new IdKey(key), new Entry(new WeakReference<>(key), m, l0));
            while (lru.size() > cacheSize) {
                Iterator<Map.Entry<Object, Entry>> it = lru.entrySet().iterator();
                it.next().getValue().manager().close();
                it.remove();
            }
            return l0;
        }

        private void purgeCollected() {
            for (Iterator<Map.Entry<Object, Entry>> it = lru.entrySet().iterator(); it.hasNext(); ) {
                Entry e = it.next().getValue();
                if (e.key().get() == null) {
                    e.manager().close();
                    it.remove();
                }
            }
        }

        int cached() {
            return lru.size();
        }

        @Override
        public void close() {
            lru.clear();
            root.close();
        }
    }

    /** Identity key (an embedding is cached by reference, never by value). */
    private static final class IdKey {
        private final WeakReference<Object> ref;
        private final int hash;

        IdKey(Object o) {
            ref = new WeakReference<>(o);
            hash = System.identityHashCode(o);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdKey k && k.hash == hash && k.ref.get() == ref.get() && ref.get() != null;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    Session newSession() {
        return new Session();
    }

    private volatile Supplier<Session> sessions;
    private volatile Function<Embedding, float[]> floats;

    /** Where {@link #decode(Embedding, InputFrame, List, boolean, float[][], float[])} gets the calling thread's session and fp32 values. */
    void bind(Supplier<Session> sessions, Function<Embedding, float[]> floats) {
        this.sessions = sessions;
        this.floats = floats;
    }

    @Override
    public void decode(Embedding embedding, InputFrame frame,
                       List<ObjectPrompt> objects, boolean fullLowRes, float[][] lowRes, float[] iou) {
        List<Prompt> prompts = new ArrayList<>(objects.size());
        for (ObjectPrompt o : objects) {
            prompts.add(SamPoints.nativePrompt(o, frame, fullLowRes));
        }
        Result[] r = decode(sessions.get(), embedding, () -> floats.apply(embedding), prompts);
        for (int k = 0; k < r.length; k++) {
            lowRes[k] = r[k].lowRes();
            iou[k] = r[k].iou();
        }
    }

    /**
     * Decodes the objects of one slice.
     *
     * @param key       the embedding's identity (cache key of block 0)
     * @param embedding its fp32 values [256, 64, 64] (asked for only on a cache miss)
     */
    Result[] decode(Session s, Object key, Supplier<float[]> embedding, List<Prompt> prompts) {
        Result[] out = new Result[prompts.size()];
        try (NDManager m = s.root.newSubManager()) {
            SamTransformer.Layer0 shared = null;
            // objects with the same number of points share one batch (padding would change SAM's result);
            // objects with a mask prompt form their own batches (block 0 per object)
            Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = 0; i < prompts.size(); i++) {
                Prompt p = prompts.get(i);
                if (p.mask() != null && maskDown == null) {
                    throw new IllegalStateException("this graph has no mask_downscaling: mask prompts go to the ONNX decoder");
                }
                groups.computeIfAbsent(p.mask() != null ? -1 - p.points() : p.points(), k -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<Integer, List<Integer>> g : groups.entrySet()) {
                boolean masked = g.getKey() < 0;
                int n = masked ? -1 - g.getKey() : g.getKey();
                if (shared == null) {
                    shared = s.layer0(key, embedding, m);
                }
                try (NDManager gm = m.newSubManager()) {
                    SamTransformer.Layer0 l0 = masked ? tf.layer0(gm, shared, downscaled(gm, g.getValue(), prompts)) : shared;
                    decodeGroup(gm, l0, n, g.getValue(), prompts, out);
                }
            }
        }
        return out;
    }

    /**
     * SAM's mask_downscaling of the group's mask prompts [B, 256, 256] up to its last 1×1 convolution
     * (which {@link SamTransformer#layer0(NDManager, SamTransformer.Layer0, NDArray)} folds into block 0's
     * projections): Conv 2×2/2 (1→4) → LayerNorm2d → GELU → Conv 2×2/2 (4→16) → LayerNorm2d → GELU, the
     * strided convolutions as matmuls over non-overlapping 2×2 patches; [B, 4096, 16].
     */
    private NDArray downscaled(NDManager m, List<Integer> idx, List<Prompt> prompts) {
        int b = idx.size(), h = L / 2, q = L / 4;
        float[] all = new float[b * L * L];
        for (int i = 0; i < b; i++) {
            System.arraycopy(prompts.get(idx.get(i)).mask(), 0, all, i * L * L, L * L);
        }
        NDArray[] w = maskDown;
        NDArray x = m.create(all, new Shape(b, h, 2, h, 2)).transpose(0, 1, 3, 2, 4).reshape(b, (long) h * h, 4);
        x = Activation.gelu(LayerNorm.layerNorm(x.matMul(w[0]).add(w[1]), new Shape(4), w[2], w[3], 1e-6f).singletonOrThrow());
        x = x.reshape(b, q, 2, q, 2, 4).transpose(0, 1, 3, 2, 4, 5).reshape(b, (long) q * q, 16);
        return Activation.gelu(LayerNorm.layerNorm(x.matMul(w[4]).add(w[5]), new Shape(16), w[6], w[7], 1e-6f).singletonOrThrow());
    }

    private void decodeGroup(NDManager gm, SamTransformer.Layer0 l0, int n, List<Integer> idx, List<Prompt> prompts, Result[] out) {
        int b = idx.size(), t = 5 + n;
        float[] tok = new float[b * t * C];
        for (int i = 0; i < b; i++) {
            tokens(prompts.get(idx.get(i)), tok, i * t * C);
        }
        SamTransformer.Out o = tf.run(l0, gm.create(tok, new Shape(b, t, C)));
        // the final attention only for the tokens that are read: the IoU token, then each box's selected mask token
        float[] iou = tf.iou(tf.finalToken(o, new int[b])).toFloatArray();
        int[] best = new int[b], token = new int[b];
        for (int i = 0; i < b; i++) {
            best[i] = select(iou, i * 4, n);
            token[i] = 1 + best[i];
        }
        NDArray maskTokens = tf.finalToken(o, token);
        NDArray[] hyper = new NDArray[4];
        NDArray[] rows = new NDArray[b];
        int[][] cells = new int[b][];
        for (int i = 0; i < b; i++) {
            if (hyper[best[i]] == null) {
                hyper[best[i]] = tf.hyper(maskTokens, best[i]);
            }
            rows[i] = hyper[best[i]].get(i);
            cells[i] = prompts.get(idx.get(i)).cells();
        }
        float[][] low = upscale(o.keys(), rows, cells);
        for (int i = 0; i < b; i++) {
            out[idx.get(i)] = new Result(low[i], iou[i * 4 + best[i]], best[i]);
        }
    }

    /** The exported single-mask choice: argmax of iou + (num_points − 2.5)·[1000, 0, 0, 0] (first on ties). */
    static int select(float[] iou, int off, int numPoints) {
        float w = ((float) numPoints - 2.5f) * 1000f;
        int best = 0;
        float bestScore = iou[off] + w;
        for (int j = 1; j < 4; j++) {
            if (iou[off + j] > bestScore) {
                bestScore = iou[off + j];
                best = j;
            }
        }
        return best;
    }

    /** Sparse prompt tokens: the 5 output tokens, then each point's PE (+0.5, /1024, 2x−1) plus its label embedding. */
    private void tokens(Prompt p, float[] dst, int off) {
        System.arraycopy(outputTokens, 0, dst, off, 5 * C);
        for (int k = 0; k < p.points(); k++) {
            int o = off + (5 + k) * C;
            int label = (int) p.labels()[k];
            if (label == -1) {
                System.arraycopy(notAPoint, 0, dst, o, C);
                continue;
            }
            float x = (p.coords()[2 * k] + 0.5f) / 1024f * 2f - 1f;
            float y = (p.coords()[2 * k + 1] + 0.5f) / 1024f * 2f - 1f;
            SamTransformer.peOf(x, y, gaussian, dst, o);
            if (label >= 0 && label < 4) {
                for (int c = 0; c < C; c++) {
                    dst[o + c] += pointEmbeddings[label * C + c];
                }
            }
        }
    }

    /**
     * Output upscaling and hypernetwork product of a batch of boxes: keys [B, 4096, C], each box's
     * hypernetwork output [32] and its cells {x0, y0, x1, y1} (end exclusive; null: all). The cells of
     * all boxes go through the two ConvT 2×2 stride 2 layers (per-cell matmuls, W [C, o·4 + ky·2 + kx])
     * together; only the final 32-wide product is per box. Returns each box's 256×256 low-res logits,
     * {@link #FILL} outside its cells.
     */
    private float[][] upscale(NDArray keys, NDArray[] hyper, int[][] cells) {
        int b = hyper.length;
        int[][] r = new int[b][];
        int total = 0;
        NDList parts = new NDList(b);
        NDArray grid = keys.reshape(b, G, G, C);
        for (int i = 0; i < b; i++) {
            r[i] = cells[i] == null ? new int[] {0, 0, G, G} : cells[i];
            int p = (r[i][3] - r[i][1]) * (r[i][2] - r[i][0]);
            parts.add(grid.get(i + ", " + r[i][1] + ":" + r[i][3] + ", " + r[i][0] + ":" + r[i][2] + ", :").reshape(p, C));
            total += p;
        }
        NDArray x = b == 1 ? parts.get(0) : NDArrays.concat(parts);
        NDArray u = x.matMul(up1W).add(up1B).reshape(total, 64, 4).transpose(0, 2, 1); // [P, 4 (ky1,kx1), 64]
        u = Activation.gelu(LayerNorm.layerNorm(u, new Shape(64), lnW, lnB, 1e-6f).singletonOrThrow());
        NDArray v = Activation.gelu(u.reshape(total * 4L, 64).matMul(up2W).add(up2B)).reshape(total * 4L, 32, 4);
        float[][] out = new float[b][];
        int off = 0;
        for (int i = 0; i < b; i++) {
            int hr = r[i][3] - r[i][1], wr = r[i][2] - r[i][0], p = hr * wr;
            NDArray vi = b == 1 ? v : v.get((off * 4L) + ":" + ((off + p) * 4L));
            off += p;
            NDArray mask = hyper[i].reshape(1, 1, 32).matMul(vi); // [P*4, 1, 4 (ky2,kx2)]
            float[] vals = mask.reshape(hr, wr, 2, 2, 2, 2).transpose(0, 2, 4, 1, 3, 5).reshape(4L * hr, 4L * wr).toFloatArray();
            if (cells[i] == null) {
                out[i] = vals;
                continue;
            }
            float[] low = new float[L * L];
            Arrays.fill(low, FILL);
            int w4 = 4 * wr;
            for (int row = 0; row < 4 * hr; row++) {
                System.arraycopy(vals, row * w4, low, (4 * r[i][1] + row) * L + 4 * r[i][0], w4);
            }
            out[i] = low;
        }
        return out;
    }

    @Override
    public void close() {
        base.close();
    }
}
