package org.slicewise.core.seg;

/**
 * Separable resampling of single-channel float images. {@link #resize} is a triangle (bilinear)
 * filter whose support widens when shrinking (antialiased, as PIL's BILINEAR, which SAM's
 * preprocessing uses); {@link #bilinear} is PyTorch's {@code F.interpolate(mode="bilinear",
 * align_corners=False)} (no antialias) used to upsample mask logits.
 */
public final class Resample {
    private Resample() {
    }

    /** PIL-style bilinear resize of a {@code w × h} image to {@code nw × nh}. */
    public static float[] resize(float[] src, int w, int h, int nw, int nh) {
        if (w == nw && h == nh) {
            float[] c = new float[nw * nh];
            System.arraycopy(src, 0, c, 0, c.length);
            return c;
        }
        float[] tmp = new float[nw * h];
        Weights wx = weights(w, nw);
        for (int y = 0; y < h; y++) {
            int row = y * w, orow = y * nw;
            for (int x = 0; x < nw; x++) {
                float acc = 0;
                int b = wx.start[x];
                for (int k = 0; k < wx.count[x]; k++) {
                    acc += src[row + b + k] * wx.w[x * wx.stride + k];
                }
                tmp[orow + x] = acc;
            }
        }
        float[] out = new float[nw * nh];
        Weights wy = weights(h, nh);
        for (int y = 0; y < nh; y++) {
            int b = wy.start[y];
            for (int k = 0; k < wy.count[y]; k++) {
                float wk = wy.w[y * wy.stride + k];
                int row = (b + k) * nw, orow = y * nw;
                for (int x = 0; x < nw; x++) {
                    out[orow + x] += tmp[row + x] * wk;
                }
            }
        }
        return out;
    }

    private record Weights(int[] start, int[] count, float[] w, int stride) {
    }

    private static Weights weights(int in, int out) {
        double scale = (double) in / out;
        double support = Math.max(1.0, scale);
        int stride = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[out], count = new int[out];
        float[] w = new float[out * stride];
        double fs = Math.max(1.0, scale);
        for (int i = 0; i < out; i++) {
            double center = (i + 0.5) * scale;
            int x0 = (int) Math.max(0, Math.floor(center - support + 0.5));
            int x1 = (int) Math.min(in, Math.floor(center + support + 0.5));
            double sum = 0;
            int n = Math.min(x1 - x0, stride);
            for (int k = 0; k < n; k++) {
                double t = Math.abs((x0 + k - center + 0.5) / fs);
                double v = t < 1 ? 1 - t : 0;
                w[i * stride + k] = (float) v;
                sum += v;
            }
            for (int k = 0; k < n; k++) {
                w[i * stride + k] = sum > 0 ? (float) (w[i * stride + k] / sum) : 0;
            }
            start[i] = x0;
            count[i] = n;
        }
        return new Weights(start, count, w, stride);
    }

    /**
     * Source coordinate of output index {@code i} for PyTorch bilinear, align_corners=False, when
     * resizing {@code in} samples to {@code out}: {@code (i + 0.5) * in / out - 0.5}, clamped at 0.
     */
    static double srcCoord(int i, int in, int out) {
        double s = (i + 0.5) * ((double) in / out) - 0.5;
        return s < 0 ? 0 : s;
    }
}
