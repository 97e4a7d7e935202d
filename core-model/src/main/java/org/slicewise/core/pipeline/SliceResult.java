package org.slicewise.core.pipeline;

import java.util.Map;

/**
 * The proposed labels of one slice after overlap resolution, inside a rectangle; plus each
 * object's predicted IoU on that slice.
 *
 * @param z        slice index
 * @param x0       region left
 * @param y0       region top
 * @param w        region width (0 when no object was found on the slice)
 * @param h        region height
 * @param labels   w×h labels, row-major, 0 = background
 * @param planned  labels that were segmented on this slice (their old voxels here are replaced)
 * @param iou      predicted IoU per planned label
 */
public record SliceResult(int z, int x0, int y0, int w, int h, short[] labels, int[] planned, Map<Integer, Float> iou) {
    public int labelAt(int x, int y) {
        int dx = x - x0, dy = y - y0;
        return dx >= 0 && dy >= 0 && dx < w && dy < h ? labels[dy * w + dx] & 0xFFFF : 0;
    }

    /** Voxels proposed for {@code label}. */
    public long count(int label) {
        long c = 0;
        for (short s : labels) {
            if ((s & 0xFFFF) == label) {
                c++;
            }
        }
        return c;
    }
}
