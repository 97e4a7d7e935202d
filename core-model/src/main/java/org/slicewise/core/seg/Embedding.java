package org.slicewise.core.seg;

/**
 * An image embedding produced by {@link SegmentationEngine#encode}: plain Java data (no engine
 * types), so it can be cached in memory or on disk and used from any thread.
 *
 * @param modelId     model that produced it
 * @param shape       tensor shape, e.g. [1, 256, 64, 64]
 * @param data        fp32 values, or null when stored as fp16
 * @param half        fp16 values (IEEE binary16 bits), or null when stored as fp32
 * @param imageWidth  width of the original slice
 * @param imageHeight height of the original slice
 */
public record Embedding(String modelId, long[] shape, float[] data, short[] half, int imageWidth, int imageHeight) {
    public long bytes() {
        return data != null ? 4L * data.length : 2L * half.length;
    }

    /** Values as fp32 (a fresh array when stored as fp16). */
    public float[] asFloats() {
        if (data != null) {
            return data;
        }
        float[] f = new float[half.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Half.toFloat(half[i]);
        }
        return f;
    }

    /** The same embedding stored as fp16 (half the memory). */
    public Embedding toHalf() {
        if (half != null) {
            return this;
        }
        short[] h = new short[data.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = Half.fromFloat(data[i]);
        }
        return new Embedding(modelId, shape, null, h, imageWidth, imageHeight);
    }
}
