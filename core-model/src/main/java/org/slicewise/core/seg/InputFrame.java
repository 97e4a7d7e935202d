package org.slicewise.core.seg;

/**
 * Where a slice lies in the model's square input frame: the slice ({@code width × height}) is resized
 * to {@code newW × newH} at the top-left of an {@code size × size} frame (longest side + pad), or to
 * the full square (square resize). Maps prompts into the frame and builds the input tensor.
 */
public record InputFrame(int width, int height, int size, int newW, int newH) {
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};

    public static InputFrame of(ModelSpec spec, int width, int height) {
        int s = spec.inputSize();
        if (spec.resize() == ModelSpec.Resize.SQUARE) {
            return new InputFrame(width, height, s, s, s);
        }
        double scale = (double) s / Math.max(width, height);
        // SAM's ResizeLongestSide.get_preprocess_shape: int(x * scale + 0.5)
        int nw = (int) (width * scale + 0.5), nh = (int) (height * scale + 0.5);
        return new InputFrame(width, height, s, Math.min(s, Math.max(1, nw)), Math.min(s, Math.max(1, nh)));
    }

    /** x of a slice coordinate in the frame (SAM's apply_coords: x * newW / width). */
    public double toFrameX(double x) {
        return x * newW / (double) width;
    }

    public double toFrameY(double y) {
        return y * newH / (double) height;
    }

    /** The model input [3, size, size] (CHW) from a 0..255 slice: resize, normalise, zero-pad. */
    public float[] tensor(SliceImage img, ModelSpec.Normalization norm) {
        float[] r = Resample.resize(img.pixels(), width, height, newW, newH);
        int plane = size * size;
        float[] out = new float[3 * plane];
        if (norm == ModelSpec.Normalization.MINMAX01) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (float v : r) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            float k = 1f / Math.max(hi - lo, 1e-8f);
            for (int y = 0; y < newH; y++) {
                for (int x = 0; x < newW; x++) {
                    float v = (r[y * newW + x] - lo) * k;
                    int o = y * size + x;
                    out[o] = v;
                    out[plane + o] = v;
                    out[2 * plane + o] = v;
                }
            }
        } else {
            for (int c = 0; c < 3; c++) {
                float m = MEAN[c], is = 1f / STD[c];
                int base = c * plane;
                for (int y = 0; y < newH; y++) {
                    for (int x = 0; x < newW; x++) {
                        out[base + y * size + x] = (r[y * newW + x] - m) * is;
                    }
                }
            }
        }
        return out;
    }
}
