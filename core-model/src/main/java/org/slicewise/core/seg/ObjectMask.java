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

    /** Dice of the two thresholded masks (1 when both are empty); only their overlapping region is scanned. */
    public double dice(ObjectMask o) {
        long inter = 0;
        int xa = Math.max(x0, o.x0), xb = Math.min(x0 + w, o.x0 + o.w);
        int ya = Math.max(y0, o.y0), yb = Math.min(y0 + h, o.y0 + o.h);
        for (int y = ya; y < yb; y++) {
            for (int x = xa; x < xb; x++) {
                inter += inside(x, y) && o.inside(x, y) ? 1 : 0;
            }
        }
        long sum = area() + o.area();
        return sum == 0 ? 1 : 2.0 * inter / sum;
    }
}
