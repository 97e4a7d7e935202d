package org.slicewise.core.label;

/**
 * Requested new labels for a rectangle of one slice. {@code values[(y - y0) * w + (x - x0)]} is the
 * new label of voxel (x, y, z); where {@code mask} is non-null, only voxels with a non-zero mask
 * byte are written. Patches are clipped to the slice.
 */
public record SlicePatch(int z, int x0, int y0, int w, int h, short[] values, byte[] mask) {
    public SlicePatch {
        if (w < 0 || h < 0 || values.length < w * h || (mask != null && mask.length < w * h)) {
            throw new IllegalArgumentException("patch arrays smaller than " + w + "x" + h);
        }
    }

    /** A patch that writes {@code label} wherever {@code mask} is set. */
    public static SlicePatch fill(int z, int x0, int y0, int w, int h, byte[] mask, int label) {
        short[] v = new short[w * h];
        java.util.Arrays.fill(v, (short) label);
        return new SlicePatch(z, x0, y0, w, h, v, mask);
    }
}
