package org.slicewise.core.seg.djl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The weights of SAM's prompt encoder and mask decoder, taken out of a standard segment-anything
 * {@code SamOnnxModel} export (as plain float arrays, no engine types). Biases, norms, convolutions and
 * the hypernetwork/IoU MLPs are named initializers; the transformer's Linear weights are anonymous
 * {@code onnx::MatMul_*} initializers, found through the graph: the MatMul reading one feeds the Add
 * that adds the module's named bias. Anything missing or of an unexpected shape throws
 * {@link IllegalArgumentException} (the caller then keeps the ONNX decoder).
 */
final class SamWeights {
    static final int C = 256;
    static final String T = "mask_decoder.transformer.";
    static final String PE = "model.prompt_encoder.";

    /** y = x @ w + b with w [in, out] row-major. */
    record Linear(float[] w, int in, int out, float[] b) {
    }

    record Attention(Linear q, Linear k, Linear v, Linear o) {
    }

    record Norm(float[] w, float[] b) {
    }

    record Block(Attention self, Norm n1, Attention t2i, Norm n2, Linear mlp1, Linear mlp2, Norm n3, Norm n4, Attention i2t) {
    }

    final Block[] layers = new Block[2];
    Attention finalAttn;
    Norm finalNorm;
    /** iou token then the 4 mask tokens, [5, 256]. */
    float[] outputTokens;
    float[] noMask;
    /** point_embeddings 0..3, [4, 256]. */
    float[] pointEmbeddings;
    float[] notAPoint;
    /** Gaussian PE matrix [2, 128]. */
    float[] gaussian;
    /** ConvT 256→64 k2 s2 as [256, 64*4] (column o*4 + ky*2 + kx), its bias [64]. */
    float[] up1W;
    float[] up1B;
    Norm up1Norm;
    /** ConvT 64→32 k2 s2 as [64, 32*4], its bias [32]. */
    float[] up2W;
    float[] up2B;
    /** 4 hypernetwork MLPs of 3 layers, and the IoU head (3 layers). */
    final Linear[][] hyper = new Linear[4][];
    Linear[] iouHead;
    /**
     * The prompt encoder's mask_downscaling (Conv 1→4 k2 s2, LayerNorm2d, GELU, Conv 4→16 k2 s2,
     * LayerNorm2d, GELU, Conv 16→256 k1) as matmul weights, or null when the graph has none (mask
     * prompts then stay on the ONNX graph; {@link #maskDownMissing} says why).
     */
    MaskDown maskDown;
    String maskDownMissing;
    /** How many graph initializers were matched (for the load note). */
    int matched;

    /**
     * Conv weights as [in-patch, out] row-major: w0 [4 (ky·2+kx), 4], w1 [16 ((ky·2+kx)·4+c), 16],
     * w2 [16, 256]; LayerNorm2d weights/biases n0 (4), n1 (16), eps 1e-6.
     */
    record MaskDown(float[] w0, float[] b0, Norm n0, float[] w1, float[] b1, Norm n1, float[] w2, float[] b2) {
    }

    private final OnnxGraph g;
    private final Set<String> used = new HashSet<>();

    private SamWeights(OnnxGraph g) {
        this.g = g;
    }

    static SamWeights from(OnnxGraph g) {
        SamWeights s = new SamWeights(g);
        s.load();
        return s;
    }

    private void load() {
        for (int l = 0; l < 2; l++) {
            String p = T + "layers." + l + ".";
            layers[l] = new Block(attention(p + "self_attn", C), norm(p + "norm1"), attention(p + "cross_attn_token_to_image", C / 2),
                    norm(p + "norm2"), matmulLinear(p + "mlp.lin1", C, 2048), matmulLinear(p + "mlp.lin2", 2048, C), norm(p + "norm3"),
                    norm(p + "norm4"), attention(p + "cross_attn_image_to_token", C / 2));
        }
        finalAttn = attention(T + "final_attn_token_to_image", C / 2);
        finalNorm = norm(T + "norm_final_attn");
        pointEmbeddings = new float[4 * C];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(named(PE + "point_embeddings." + i + ".weight", C), 0, pointEmbeddings, i * C, C);
        }
        notAPoint = named(PE + "not_a_point_embed.weight", C);
        gaussian = named(PE + "pe_layer.positional_encoding_gaussian_matrix", 2 * C / 2);
        up1W = convT(named("mask_decoder.output_upscaling.0.weight", C * 64 * 4));
        up1B = named("mask_decoder.output_upscaling.0.bias", 64);
        up2W = convT(named("mask_decoder.output_upscaling.3.weight", 64 * 32 * 4));
        up2B = named("mask_decoder.output_upscaling.3.bias", 32);
        up1Norm = layerNorm2dAfter("mask_decoder.output_upscaling.0.weight", 64);
        for (int m = 0; m < 4; m++) {
            hyper[m] = mlp("mask_decoder.output_hypernetworks_mlps." + m, new int[] {C, C, C, 32});
        }
        iouHead = mlp("mask_decoder.iou_prediction_head", new int[] {C, C, C, 4});
        outputTokens = outputTokens();
        noMask = noMaskEmbed();
        try {
            maskDown = maskDownscaling();
        } catch (IllegalArgumentException e) {
            maskDown = null;
            maskDownMissing = e.getMessage();
        }
        matched = used.size();
    }

    private float[] named(String name, int elements) {
        OnnxGraph.FloatTensor t = g.initializer(name);
        if (t == null) {
            throw new IllegalArgumentException("no initializer " + name);
        }
        if (t.elements() != elements) {
            throw new IllegalArgumentException(name + " has " + t.elements() + " values, expected " + elements);
        }
        used.add(name);
        return t.data();
    }

    private Norm norm(String prefix) {
        return new Norm(named(prefix + ".weight", C), named(prefix + ".bias", C));
    }

    private Attention attention(String prefix, int internal) {
        return new Attention(matmulLinear(prefix + ".q_proj", C, internal), matmulLinear(prefix + ".k_proj", C, internal),
                matmulLinear(prefix + ".v_proj", C, internal), matmulLinear(prefix + ".out_proj", internal, C));
    }

    /**
     * A Linear exported as MatMul(x, W[in,out]) + named bias: the Add reading {@code prefix.bias} has
     * the MatMul's output as its other input, and that MatMul's second input is the weight initializer.
     */
    private Linear matmulLinear(String prefix, int in, int out) {
        String biasName = prefix + ".bias";
        float[] bias = named(biasName, out);
        OnnxGraph.FloatTensor w = null;
        for (OnnxGraph.Node add : g.consumers(biasName)) {
            if (!add.opType().equals("Add") || add.inputs().size() != 2) {
                continue;
            }
            String other = add.inputs().get(0).equals(biasName) ? add.inputs().get(1) : add.inputs().get(0);
            OnnxGraph.Node mm = g.producer(other);
            if (mm != null && mm.opType().equals("MatMul") && mm.inputs().size() == 2) {
                OnnxGraph.FloatTensor t = g.initializer(mm.inputs().get(1));
                if (t != null) {
                    if (w != null && w != t) {
                        throw new IllegalArgumentException(biasName + " is added to two different MatMul weights");
                    }
                    w = t;
                }
            }
        }
        if (w == null || w.dims().length != 2 || w.dims()[0] != in || w.dims()[1] != out) {
            throw new IllegalArgumentException("no MatMul weight [" + in + "," + out + "] found for " + biasName);
        }
        used.add(w.name());
        return new Linear(w.data(), in, out, bias);
    }

    /** An MLP of named nn.Linear weights [out, in] (Gemm, transB=1), transposed to [in, out]. */
    private Linear[] mlp(String prefix, int[] dims) {
        Linear[] ls = new Linear[dims.length - 1];
        for (int i = 0; i < ls.length; i++) {
            int in = dims[i], out = dims[i + 1];
            float[] w = named(prefix + ".layers." + i + ".weight", in * out);
            float[] t = new float[in * out];
            for (int o = 0; o < out; o++) {
                for (int k = 0; k < in; k++) {
                    t[k * out + o] = w[o * in + k];
                }
            }
            ls[i] = new Linear(t, in, out, named(prefix + ".layers." + i + ".bias", out));
        }
        return ls;
    }

    /** mask_downscaling's convolutions (named) and LayerNorm2d weights (the [c,1,1] Mul/Add after each conv). */
    private MaskDown maskDownscaling() {
        String p = PE + "mask_downscaling.";
        float[] c0 = named(p + "0.weight", 4 * 4), c1 = named(p + "3.weight", 16 * 4 * 4), c2 = named(p + "6.weight", C * 16);
        float[] w0 = new float[16], w1 = new float[16 * 4 * 4], w2 = new float[16 * C];
        for (int o = 0; o < 4; o++) {
            for (int k = 0; k < 4; k++) {
                w0[k * 4 + o] = c0[o * 4 + k]; // [o, 1, ky, kx]
            }
        }
        for (int o = 0; o < 16; o++) {
            for (int c = 0; c < 4; c++) {
                for (int k = 0; k < 4; k++) {
                    w1[(k * 4 + c) * 16 + o] = c1[(o * 4 + c) * 4 + k]; // [o, c, ky, kx]
                }
            }
        }
        for (int o = 0; o < C; o++) {
            for (int c = 0; c < 16; c++) {
                w2[c * C + o] = c2[o * 16 + c];
            }
        }
        return new MaskDown(w0, named(p + "0.bias", 4), layerNorm2dAfter(p + "0.weight", 4), w1, named(p + "3.bias", 16),
                layerNorm2dAfter(p + "3.weight", 16), w2, named(p + "6.bias", C));
    }

    /** ConvTranspose weight [in, out, 2, 2] is already [in, out*4] row-major (column o*4 + ky*2 + kx). */
    private static float[] convT(float[] w) {
        return w;
    }

    /**
     * LayerNorm2d after a ConvTranspose: exported as ReduceMean/Sub/Pow/.../Div, then Mul by an
     * (anonymous) [c,1,1] weight and Add of a [c,1,1] bias. Found by following the graph forward from
     * the ConvTranspose that reads {@code convWeight}.
     */
    private Norm layerNorm2dAfter(String convWeight, int c) {
        Deque<String> todo = new ArrayDeque<>();
        for (OnnxGraph.Node n : g.consumers(convWeight)) {
            todo.addAll(n.outputs());
        }
        Set<String> seen = new HashSet<>();
        int steps = 0;
        while (!todo.isEmpty() && steps++ < 40) {
            String t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            for (OnnxGraph.Node n : g.consumers(t)) {
                if (n.opType().equals("Mul")) {
                    OnnxGraph.FloatTensor w = constantInput(n, c);
                    if (w != null) {
                        for (OnnxGraph.Node a : g.consumers(n.outputs().get(0))) {
                            OnnxGraph.FloatTensor b = a.opType().equals("Add") ? constantInput(a, c) : null;
                            if (b != null) {
                                used.add(w.name());
                                used.add(b.name());
                                return new Norm(w.data(), b.data());
                            }
                        }
                    }
                }
                todo.addAll(n.outputs());
            }
        }
        throw new IllegalArgumentException("no LayerNorm2d weight/bias after " + convWeight);
    }

    private OnnxGraph.FloatTensor constantInput(OnnxGraph.Node n, int elements) {
        for (String in : n.inputs()) {
            OnnxGraph.FloatTensor t = g.initializer(in);
            if (t != null && t.elements() == elements) {
                return t;
            }
        }
        return null;
    }

    /** iou_token + mask_tokens: the [1,5,256] initializer expanded to the batch (Expand node). */
    private float[] outputTokens() {
        List<OnnxGraph.FloatTensor> found = new ArrayList<>();
        for (OnnxGraph.Node n : g.nodes()) {
            if (n.opType().equals("Expand")) {
                OnnxGraph.FloatTensor t = g.initializer(n.inputs().get(0));
                if (t != null && t.elements() == 5 * C) {
                    found.add(t);
                }
            }
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected one [1,5,256] output-token initializer, found " + found.size());
        }
        used.add(found.get(0).name());
        return found.get(0).data();
    }

    /** no_mask_embed: the [1,256,1,1] initializer multiplied by (1 - has_mask_input). */
    private float[] noMaskEmbed() {
        for (OnnxGraph.Node sub : g.consumers("has_mask_input")) {
            if (!sub.opType().equals("Sub")) {
                continue;
            }
            for (OnnxGraph.Node mul : g.consumers(sub.outputs().get(0))) {
                OnnxGraph.FloatTensor t = mul.opType().equals("Mul") ? constantInput(mul, C) : null;
                if (t != null) {
                    used.add(t.name());
                    return t.data();
                }
            }
        }
        throw new IllegalArgumentException("no no_mask_embed found (Mul of (1 - has_mask_input))");
    }
}
