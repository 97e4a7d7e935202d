package org.slicewise.core.seg.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;

/**
 * SAM's TwoWayTransformer (2 blocks + final token-to-image attention) and output heads on DJL
 * NDArrays, with weights resident on the device. Same math as segment_anything's transformer.py and
 * mask_decoder.py; only the order of some products differs (exact in real arithmetic):
 * <ul>
 * <li>block 0's image-side projections (token→image keys/values, image→token queries) do not depend
 *     on the prompt: they come precomputed per embedding ({@link Layer0});</li>
 * <li>every other attention touching the 4096 image tokens is reassociated so that nothing projects
 *     4096×256 through a 256×128 matrix per box: token→image scores are (q_h W_k,h) X^T + q_h·b_k,h and
 *     outputs (P X) W_v,h + b_v,h (softmax rows sum to 1); image→token scores are X (W_q,h^T k_h^T) +
 *     b_q,h·k_h and outputs P (v_h W_o,h) + b_o — matrices of width heads×tokens (8×7) instead of 128;</li>
 * <li>the final token→image attention (it updates only the tokens, each independently) runs only for
 *     the tokens the heads read ({@link #finalToken}).</li>
 * </ul>
 * All boxes of one call with the same token count run as one batch.
 */
final class SamTransformer implements AutoCloseable {
    static final int C = 256, H = 8, N = 4096;
    private static final float LN_EPS = 1e-5f;
    private static final float SELF_SCALE = (float) Math.sqrt(32);
    private static final float CROSS_SCALE = 4f; // sqrt(128 / 8)

    private final NDManager weights;
    private final Block[] blocks = new Block[2];
    private final Cross finalAttn;
    private final Norm finalNorm;
    private final NDArray noMask;
    /** Dense positional encoding of the 64×64 grid, [4096, 256]. */
    final NDArray densePe;
    /** The same as [256, 4096]. */
    private final NDArray densePeT;
    private final Lin[][] hyper = new Lin[4][];
    private final Lin[] iouHead;
    /**
     * Mask prompts: [W_k; W_v; W_q] W₂ᵀ of block 0's image-side projections and the final
     * mask_downscaling conv ([384, 16]), their bias change [W_k; W_v; W_q](b₂ − no_mask) ([384, 1]),
     * W₂ [16, C] and b₂ − no_mask [C]; null without mask_downscaling weights.
     */
    private final NDArray maskProj, maskBias, maskW2, maskB2;

    private record Lin(NDArray w, NDArray b) {
    }

    private record Norm(NDArray w, NDArray b) {
    }

    /** Linear projections of one attention, plus per-head forms for the reassociated products; boH = b_o / H. */
    private record Cross(Lin q, Lin k, Lin v, Lin o, NDArray wqH, NDArray bqH, NDArray wkH, NDArray bkH, NDArray wvH,
                         NDArray bvH, NDArray woH, NDArray wvHT, NDArray bvHT, NDArray boH) {
    }

    private record Block(Lin sq, Lin sk, Lin sv, Lin so, Norm n1, Cross t2i, Norm n2, Lin mlp1, Lin mlp2, Norm n3, Norm n4,
                         Cross i2t) {
    }

    /**
     * Block 0's image-side tensors, head-major: without a mask prompt (shared by every prompt of one
     * embedding) x0 = embedding + no_mask_embed as contiguous [N, C], token→image keys kT
     * [H, dh, N] and values v [H, N, dh], image→token queries qT [H, dh, N]; with mask prompts (one per
     * object, {@link #layer0(NDManager, Layer0, NDArray)}) the same with a leading batch axis.
     */
    record Layer0(NDArray x0, NDArray kT, NDArray v, NDArray qT) {
    }

    SamTransformer(NDManager weights, SamWeights w) {
        this.weights = weights;
        for (int l = 0; l < 2; l++) {
            SamWeights.Block b = w.layers[l];
            blocks[l] = new Block(lin(b.self().q()), lin(b.self().k()), lin(b.self().v()), lin(b.self().o()), norm(b.n1()),
                    cross(b.t2i()), norm(b.n2()), lin(b.mlp1()), lin(b.mlp2()), norm(b.n3()), norm(b.n4()), cross(b.i2t()));
        }
        finalAttn = cross(w.finalAttn);
        finalNorm = norm(w.finalNorm);
        noMask = weights.create(w.noMask, new Shape(C, 1));
        densePe = weights.create(densePe(w.gaussian), new Shape(N, C));
        densePeT = weights.create(transpose(densePe(w.gaussian), N, C), new Shape(C, N));
        for (int m = 0; m < 4; m++) {
            hyper[m] = new Lin[] {lin(w.hyper[m][0]), lin(w.hyper[m][1]), lin(w.hyper[m][2])};
        }
        iouHead = new Lin[] {lin(w.iouHead[0]), lin(w.iouHead[1]), lin(w.iouHead[2])};
        if (w.maskDown == null) {
            maskProj = maskBias = maskW2 = maskB2 = null;
        } else {
            float[] db = new float[C];
            for (int c = 0; c < C; c++) {
                db[c] = w.maskDown.b2()[c] - w.noMask[c];
            }
            maskW2 = weights.create(w.maskDown.w2(), new Shape(16, C));
            maskB2 = weights.create(db);
            Cross t2i = blocks[0].t2i, i2t = blocks[0].i2t;
            // W_k, W_v (token→image) and W_q (image→token) as [128, C] (views of their [H, dh, C] forms)
            NDList views = new NDList(t2i.wkH.reshape(C / 2, C), t2i.wvHT.reshape(C / 2, C), i2t.wqH.reshape(C / 2, C));
            NDArray proj = NDArrays.concat(views); // [384, C]
            NDArray w2T = maskW2.transpose();
            NDArray dbCol = weights.create(db, new Shape(C, 1));
            maskProj = proj.matMul(w2T);
            maskBias = proj.matMul(dbCol);
            views.close();
            proj.close();
            w2T.close();
            dbCol.close();
        }
    }

    /** SAM's PositionEmbeddingRandom on the 64×64 grid: ((i+0.5)/64)·2−1, @G, ·2π, [sin, cos]; [4096, 256]. */
    static float[] densePe(float[] g) {
        float[] pe = new float[N * C];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                peOf((x + 0.5f) / 64f * 2f - 1f, (y + 0.5f) / 64f * 2f - 1f, g, pe, (y * 64 + x) * C);
            }
        }
        return pe;
    }

    /** Random-Fourier PE of one point already mapped to [-1, 1]², into dst[off .. off+256). */
    static void peOf(float x, float y, float[] g, float[] dst, int off) {
        int half = C / 2;
        for (int j = 0; j < half; j++) {
            float v = (x * g[j] + y * g[half + j]) * 6.2831855f;
            dst[off + j] = (float) Math.sin(v);
            dst[off + half + j] = (float) Math.cos(v);
        }
    }

    private Lin lin(SamWeights.Linear l) {
        return new Lin(weights.create(l.w(), new Shape(l.in(), l.out())), weights.create(l.b()));
    }

    private Norm norm(SamWeights.Norm n) {
        return new Norm(weights.create(n.w()), weights.create(n.b()));
    }

    private Cross cross(SamWeights.Attention a) {
        int in = a.q().in(), d = a.q().out(), dh = d / H;
        // W_q,h / W_k,h as [H, dh, C]: the transpose of the [C, d] MatMul weight
        NDArray wqH = weights.create(transpose(a.q().w(), in, d), new Shape(H, dh, in));
        NDArray wkH = weights.create(transpose(a.k().w(), in, d), new Shape(H, dh, in));
        // W_v,h as [H, C, dh]
        float[] wv = a.v().w();
        float[] wvH = new float[in * d];
        for (int h = 0; h < H; h++) {
            for (int c = 0; c < in; c++) {
                System.arraycopy(wv, c * d + h * dh, wvH, (h * in + c) * dh, dh);
            }
        }
        // W_o,h as [H, dh, C]: rows h*dh.. of the [d, C] out_proj weight
        NDArray woH = weights.create(a.o().w(), new Shape(H, dh, a.o().out()));
        return new Cross(lin(a.q()), lin(a.k()), lin(a.v()), lin(a.o()), wqH, weights.create(a.q().b(), new Shape(H, dh, 1)),
                wkH, weights.create(a.k().b(), new Shape(H, dh, 1)), weights.create(wvH, new Shape(H, in, dh)),
                weights.create(a.v().b(), new Shape(H, 1, dh)), woH, weights.create(transpose(a.v().w(), in, d), new Shape(H, dh, in)),
                weights.create(a.v().b(), new Shape(H, dh, 1)), weights.create(scaled(a.o().b(), 1f / H)));
    }

    private static float[] scaled(float[] a, float k) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * k;
        }
        return r;
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    /**
     * Block 0's image-side projections of an embedding [C, 64, 64] (no mask input), in manager m. The
     * embedding goes through {@code staging}, a reusable direct buffer of C·N floats (libtorch reads it
     * in place; it is free again when this returns): no 4 MiB direct buffer per call left to the GC.
     */
    Layer0 layer0(NDManager m, float[] embedding, ByteBuffer staging) {
        if (embedding.length != C * N) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " values; the SAM decoder needs 256x64x64");
        }
        staging.clear();
        staging.asFloatBuffer().put(embedding, 0, C * N);
        NDArray raw = m.create(staging, new Shape(C, N), DataType.FLOAT32);
        NDArray x0T = raw.add(noMask); // src = emb + no_mask_embed, [C, N]
        raw.close();
        NDArray xpT = x0T.add(densePeT);
        Cross t2i = blocks[0].t2i, i2t = blocks[0].i2t;
        // DJL attaches a result to its first operand's manager: products with a weight first are moved to m
        NDArray kT = own(t2i.wkH.matMul(xpT), m).addi(t2i.bkH); // [H, dh, N]
        NDArray vT = own(t2i.wvHT.matMul(x0T), m).addi(t2i.bvHT);
        NDArray qT = own(i2t.wqH.matMul(xpT), m).addi(i2t.bqH);
        // x0 laid out [N, C] contiguously (a copy, once per embedding): the per-box residual add then
        // streams both operands instead of striding through a transposed view
        NDArray x0 = x0T.transpose(1, 0).reshape(N * C).reshape(N, C);
        return new Layer0(x0, kT, vT.transpose(0, 2, 1), qT);
    }

    /**
     * Block 0's image-side tensors for B objects with mask prompts, from the embedding's shared ones.
     * SAM's src is embedding + dense with dense = mask_downscaling(mask) = g W₂ + b₂ (g [B, N, 16]: the
     * downscaled mask after the second GELU, W₂ the final 1×1 convolution) instead of embedding +
     * no_mask_embed. Every block-0 projection is linear in src, so each one's change is rank 16:
     * W (dense − no_mask) = (W W₂ᵀ) gᵀ + W (b₂ − no_mask), with W W₂ᵀ precomputed ([128, 16] per
     * projection): per object 16-wide products instead of three 4096×256×128 projections (exact in
     * real arithmetic; float rounding differs). Tensors with a leading batch axis, in manager m.
     */
    Layer0 layer0(NDManager m, Layer0 shared, NDArray g) {
        if (maskProj == null) {
            throw new IllegalStateException("no mask_downscaling weights");
        }
        long b = g.getShape().get(0);
        int d = C / 2, dh = d / H;
        NDArray add = own(maskProj.matMul(g.transpose(0, 2, 1)), m).addi(maskBias); // [B, 3·128, N]: k, v, q
        NDArray kT = add.get(":, 0:" + d + ", :").reshape(b, H, dh, N).addi(shared.kT());
        NDArray vT = add.get(":, " + d + ":" + 2 * d + ", :").reshape(b, H, dh, N);
        NDArray qT = add.get(":, " + 2 * d + ":, :").reshape(b, H, dh, N).addi(shared.qT());
        NDArray v = vT.transpose(0, 1, 3, 2).add(shared.v()); // [B, H, N, dh]
        NDArray x0 = g.matMul(maskW2).addi(maskB2).addi(shared.x0()); // [B, N, C]
        return new Layer0(x0, kT, v, qT);
    }

    private static NDArray own(NDArray a, NDManager m) {
        a.attach(m);
        return a;
    }

    /**
     * The transformer after its two blocks, for one batch of boxes: queries [B, T, C], image tokens
     * keys [B, N, C] (final: the last attention updates only queries), keys + dense PE, and the token
     * PE [B, T, C]. The final token→image attention runs per needed token ({@link #finalToken}).
     */
    record Out(NDArray queries, NDArray keys, NDArray kp, NDArray pe) {
    }

    /**
     * Runs the transformer for {@code tokens} [B, T, C] (output tokens then point embeddings) against
     * one embedding's block-0 tensors; all temporaries live in the caller's manager.
     */
    Out run(Layer0 l0, NDArray tokens) {
        long b = tokens.getShape().get(0);
        NDArray pe = tokens;
        Block b0 = blocks[0];
        // block 0: self-attention without PE, output replaces the queries
        NDArray qs = ln(selfAttn(b0, tokens, tokens, tokens), b0.n1);
        long t = tokens.getShape().get(1);
        boolean perObject = l0.kT().getShape().dimension() == 4; // mask prompts: one block-0 set per object
        NDArray o;
        if (perObject) {
            NDArray q = heads(lin(qs.add(pe), b0.t2i.q), b).div(CROSS_SCALE); // [B, H, T, dh]
            o = merge(q.matMul(l0.kT()).softmax(-1).matMul(l0.v())); // [B, T, C/2]
        } else {
            // token -> image with the precomputed keys/values; boxes folded into the token axis per head
            NDArray q = headMajor(lin(qs.add(pe), b0.t2i.q)).div(CROSS_SCALE); // [H, B*T, dh]
            NDArray p = q.matMul(l0.kT()).softmax(-1); // [H, BT, N]
            o = p.matMul(l0.v()).reshape(H, b, t, C / 2 / H).transpose(1, 2, 0, 3).reshape(b, t, C / 2);
        }
        qs = ln(qs.add(lin(o, b0.t2i.o)), b0.n2);
        qs = mlp(b0, qs);
        // image -> token with the precomputed image queries: scores [., T, N], softmax over T
        NDArray v = heads(lin(qs, b0.i2t.v), b);
        NDArray pi;
        if (perObject) {
            pi = heads(lin(qs.add(pe), b0.i2t.k), b).div(CROSS_SCALE).matMul(l0.qT()).softmax(2); // [B, H, T, N]
        } else {
            NDArray k = headMajor(lin(qs.add(pe), b0.i2t.k)).div(CROSS_SCALE);
            pi = k.matMul(l0.qT()).reshape(H, b, t, N).softmax(2).transpose(1, 0, 2, 3); // [B, H, T, N]
        }
        NDArray keys = ln(imageOut(b0.i2t, pi, v).addi(l0.x0()), b0.n4);

        Block b1 = blocks[1];
        NDArray qpe = qs.add(pe);
        qs = ln(qs.add(selfAttn(b1, qpe, qpe, qs)), b1.n1);
        NDArray kp = keys.add(densePe);
        qs = ln(qs.add(tokenToImage(b1.t2i, qs.add(pe), keys, kp)), b1.n2);
        qs = mlp(b1, qs);
        NDArray i2 = imageToToken(b1.i2t, qs.add(pe), qs, kp);
        keys = ln(i2.addi(keys), b1.n4);

        kp = keys.add(densePe);
        return new Out(qs, keys, kp, pe);
    }

    /**
     * The final token→image attention and norm for one token per box ({@code token[i]} of box i), [B, C].
     * Attention and LayerNorm act per query token, so computing only the tokens that are read (the IoU
     * token, then the selected mask token) gives the same values as running all T of them.
     */
    NDArray finalToken(Out o, int[] token) {
        long b = token.length;
        NDArray q = pick(o.queries(), token), pe = pick(o.pe(), token); // [B, 1, C]
        return ln(q.add(tokenToImage(finalAttn, q.add(pe), o.keys(), o.kp())), finalNorm).reshape(b, C);
    }

    /** Row token[i] of x[i] for each i: [B, 1, C]. */
    private static NDArray pick(NDArray x, int[] token) {
        boolean same = true;
        for (int t : token) {
            same &= t == token[0];
        }
        if (same) {
            return x.get(":, " + token[0] + ":" + (token[0] + 1) + ", :");
        }
        NDList rows = new NDList(token.length);
        for (int i = 0; i < token.length; i++) {
            rows.add(x.get(i + ", " + token[i] + ":" + (token[i] + 1) + ", :"));
        }
        return NDArrays.stack(rows);
    }

    /** IoU predictions [B, 4] from the final iou token [B, C]. */
    NDArray iou(NDArray iouToken) {
        return mlp3(iouHead, iouToken);
    }

    /** Hypernetwork output [B, 32] of mask m from final mask tokens [B, C]. */
    NDArray hyper(NDArray maskToken, int m) {
        return mlp3(hyper[m], maskToken);
    }

    private static NDArray mlp3(Lin[] l, NDArray x) {
        NDArray h = Activation.relu(lin(x, l[0]));
        h = Activation.relu(lin(h, l[1]));
        return lin(h, l[2]);
    }

    private NDArray mlp(Block b, NDArray qs) {
        return ln(qs.add(lin(Activation.relu(lin(qs, b.mlp1)), b.mlp2)), b.n3);
    }

    /** Token self-attention (256 internal, 8 heads of 32). */
    private static NDArray selfAttn(Block b, NDArray qIn, NDArray kIn, NDArray vIn) {
        long n = qIn.getShape().get(0);
        NDArray q = heads(lin(qIn, b.sq), n), k = heads(lin(kIn, b.sk), n), v = heads(lin(vIn, b.sv), n);
        NDArray p = q.matMul(k.transpose(0, 1, 3, 2)).div(SELF_SCALE).softmax(-1);
        return lin(merge(p.matMul(v)), b.so);
    }

    /** Tokens attend to per-box image tokens: scores (q_h W_k,h) X^T + q_h·b_k,h; output (P X) W_v,h + b_v,h. */
    private static NDArray tokenToImage(Cross a, NDArray qIn, NDArray keys, NDArray kp) {
        long b = qIn.getShape().get(0), t = qIn.getShape().get(1);
        NDArray q = heads(lin(qIn, a.q), b).div(CROSS_SCALE); // [B, H, T, dh]
        NDArray g = q.matMul(a.wkH).reshape(b, H * t, C);
        NDArray cb = q.matMul(a.bkH).reshape(b, H * t, 1);
        NDArray p = g.matMul(kp.transpose(0, 2, 1)).add(cb).softmax(-1); // [B, HT, N]
        NDArray px = p.matMul(keys).reshape(b, H, t, C);
        return lin(merge(px.matMul(a.wvH).add(a.bvH)), a.o);
    }

    /** Per-box image tokens attend to the tokens: scores X (W_q,h^T k_h^T) + b_q,h·k_h; output P (v_h W_o,h) + b_o. */
    private static NDArray imageToToken(Cross a, NDArray kIn, NDArray vIn, NDArray kp) {
        long b = kIn.getShape().get(0), t = kIn.getShape().get(1);
        NDArray k = heads(lin(kIn, a.k), b).div(CROSS_SCALE); // [B, H, T, dh]
        NDArray v = heads(lin(vIn, a.v), b);
        NDArray m = k.matMul(a.wqH).reshape(b, H * t, C);
        NDArray cb = k.matMul(a.bqH).reshape(b, H * t, 1);
        // scores transposed, [B, H*T, N]: the softmax over T then runs along a non-innermost axis (fast)
        NDArray s = m.matMul(kp.transpose(0, 2, 1)).addi(cb);
        return imageOut(a, s.reshape(b, H, t, N).softmax(2), v);
    }

    /**
     * Σ_h P_h (v_h W_o,h) + b_o for P as [B, H, T, N] and v [B, H, T, dh]: [B, N, C]. Each head's P rows
     * sum to 1 over the tokens (softmax over T), so b_o is folded into the small factor as b_o / H per
     * head and token row instead of a pass over the [B, N, C] result (exact in real arithmetic).
     */
    private static NDArray imageOut(Cross a, NDArray p, NDArray v) {
        long b = v.getShape().get(0), t = v.getShape().get(2);
        NDArray vw = v.matMul(a.woH).addi(a.boH).reshape(b, H * t, C);
        return p.reshape(b, H * t, N).transpose(0, 2, 1).matMul(vw);
    }

    /** [B, T, D] -> [H, B*T, D/H] (contiguous). */
    private static NDArray headMajor(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), t = s.get(1), d = s.get(2);
        return x.reshape(b * t, H, d / H).transpose(1, 0, 2);
    }

    private static NDArray lin(NDArray x, Lin l) {
        return x.matMul(l.w).add(l.b);
    }

    private static NDArray ln(NDArray x, Norm n) {
        return LayerNorm.layerNorm(x, new Shape(C), n.w, n.b, LN_EPS).singletonOrThrow();
    }

    /** [B, T, D] -> [B, H, T, D/H]. */
    private static NDArray heads(NDArray x, long b) {
        Shape s = x.getShape();
        long t = s.get(s.dimension() - 2), d = s.get(s.dimension() - 1);
        return x.reshape(b, t, H, d / H).transpose(0, 2, 1, 3);
    }

    /** [B, H, T, dh] -> [B, T, H*dh]. */
    private static NDArray merge(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    }

    @Override
    public void close() {
        weights.close();
    }
}
