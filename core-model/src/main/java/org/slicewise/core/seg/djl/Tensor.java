package org.slicewise.core.seg.djl;

/**
 * A named fp32 tensor as plain Java data (what crosses the translator boundary).
 *
 * @param name  tensor name (ONNX input/output name) or null (positional, TorchScript)
 * @param shape dimensions
 * @param data  row-major values
 */
record Tensor(String name, long[] shape, float[] data) {
    long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
