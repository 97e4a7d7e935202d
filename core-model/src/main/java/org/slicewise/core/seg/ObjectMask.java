package org.slicewise.core.seg;

/**
 * Decoder output for one object on one slice: mask logits at slice resolution inside a region
 * (the object's box grown by a margin, clipped to the slice), plus the model's predicted IoU and
 * its low-res logits (for mask-prompt propagation).
 *
 * @param label      label id
 * @param x0         region left (slice voxels)
 * @param y0         region top
 * @param w          region width
 * @param h          region height
 * @param logits     w×h logits, row-major; voxel is inside where logit &gt; 0
 * @param iou        predicted IoU (model confidence)
 * @param lowRes     low-res logits as the model produced them (e.g. 256×256), or null
 * @param lowResSize side of the square low-res map
 */
public record ObjectMask(int label, int x0, int y0, int w, int h, float[] logits, float iou, float[] lowRes,
                         int lowResSize) {
    public boolean inside(int x, int y) {
        int dx = x - x0, dy = y - y0;
        return dx >= 0 && dy >= 0 && dx < w && dy < h && logits[dy * w + dx] > 0;
    }

    public float logit(int x, int y) {
        int dx = x - x0, dy = y - y0;
        return dx >= 0 && dy >= 0 && dx < w && dy < h ? logits[dy * w + dx] : Float.NEGATIVE_INFINITY;
    }

    public long area() {
        long a = 0;
        for (float f : logits) {
            if (f > 0) {
                a++;
            }
        }
        return a;
    }
}
