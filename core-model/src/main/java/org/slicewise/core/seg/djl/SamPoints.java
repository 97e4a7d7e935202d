package org.slicewise.core.seg.djl;

import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.seg.InputFrame;
import org.slicewise.core.seg.ObjectPrompt;

/**
 * One object's prompt as the SAM ONNX decoder takes it (shared by the ONNX and the native decoder so
 * both see exactly the same points): clicks first (label 1 positive, 0 negative), then the box
 * corners (labels 2 and 3), all in input-frame coordinates; an object without a box gets one padding
 * point (label −1 at (0, 0)), as SAM's prompt encoder adds when no box is given.
 */
final class SamPoints {
    /** Region margin of the native decoder, in 64×64 embedding cells, on top of half the box size. */
    static final int MARGIN_CELLS = 8;

    private SamPoints() {
    }

    static int count(ObjectPrompt o) {
        return (o.box() != null ? 2 : 1) + o.points().size();
    }

    /** Writes the object's points into coords[2·off ..] and labels[off ..], padding up to n points with −1. */
    static void write(ObjectPrompt o, InputFrame f, float[] coords, float[] labels, int off, int n) {
        int p = off;
        for (PointPrompt pt : o.points()) {
            coords[2 * p] = (float) f.toFrameX(pt.x());
            coords[2 * p + 1] = (float) f.toFrameY(pt.y());
            labels[p++] = pt.positive() ? 1 : 0;
        }
        if (o.box() != null) {
            BoxPrompt bx = o.box();
            coords[2 * p] = (float) f.toFrameX(bx.x0());
            coords[2 * p + 1] = (float) f.toFrameY(bx.y0());
            labels[p++] = 2;
            coords[2 * p] = (float) f.toFrameX(bx.x1());
            coords[2 * p + 1] = (float) f.toFrameY(bx.y1());
            labels[p++] = 3;
        }
        while (p < off + n) {
            coords[2 * p] = 0;
            coords[2 * p + 1] = 0;
            labels[p++] = -1; // padding point at (0, 0)
        }
    }

    /**
     * The native decoder's prompt. Its region: the box's embedding cells grown by half the box's larger
     * side plus {@link #MARGIN_CELLS} on every side, clipped to the grid; that covers MaskPostprocess's
     * region (box + max(8 voxels, 25%) and one low-res pixel of bilinear support) with room to spare.
     * Objects without a box get the whole grid (their mask may be anywhere).
     */
    static NativeSamDecoder.Prompt nativePrompt(ObjectPrompt o, InputFrame f) {
        int n = count(o);
        float[] coords = new float[2 * n];
        float[] labels = new float[n];
        write(o, f, coords, labels, 0, n);
        return new NativeSamDecoder.Prompt(coords, labels, o.box() == null ? null : cells(o.box(), f, f.size() / 64.0));
    }

    /** {x0, y0, x1, y1} (end exclusive) in cells of {@code cell} frame pixels. */
    static int[] cells(BoxPrompt b, InputFrame f, double cell) {
        int cx0 = (int) Math.floor(Math.min(f.toFrameX(b.x0()), f.toFrameX(b.x1())) / cell);
        int cx1 = (int) Math.floor(Math.max(f.toFrameX(b.x0()), f.toFrameX(b.x1())) / cell);
        int cy0 = (int) Math.floor(Math.min(f.toFrameY(b.y0()), f.toFrameY(b.y1())) / cell);
        int cy1 = (int) Math.floor(Math.max(f.toFrameY(b.y0()), f.toFrameY(b.y1())) / cell);
        int m = MARGIN_CELLS + (int) Math.ceil(0.5 * Math.max(cx1 - cx0 + 1, cy1 - cy0 + 1));
        return new int[] {clamp(cx0 - m), clamp(cy0 - m), clamp(cx1 + m) + 1, clamp(cy1 + m) + 1};
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(63, v));
    }
}
