package org.slicewise.core.seg.djl;

import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.seg.InputFrame;
import org.slicewise.core.seg.MaskPostprocess;
import org.slicewise.core.seg.ObjectPrompt;

/**
 * One object's prompt as the SAM ONNX decoder takes it (shared by the ONNX and the native decoder so
 * both see exactly the same points): clicks first (label 1 positive, 0 negative), then the box
 * corners (labels 2 and 3), all in input-frame coordinates; an object without a box gets one padding
 * point (label −1 at (0, 0)), as SAM's prompt encoder adds when no box is given.
 */
final class SamPoints {
    /** Extra cells of the native decoder's region around MaskPostprocess's region. */
    static final int MARGIN_CELLS = 2;

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
     * The native decoder's prompt. Its region: the cells covering MaskPostprocess's own region of the
     * object (box + max(8 voxels, 25% of its larger side), see {@link MaskPostprocess#margin}) mapped to
     * the input frame, plus {@link #MARGIN_CELLS} more cells on every side (4 low-res pixels each, more
     * than the one pixel of bilinear support), clipped to the grid. Inside it the low-res logits are the
     * full computation's; the final mask only reads inside it. Objects without a box get the whole grid.
     */
    static NativeSamDecoder.Prompt nativePrompt(ObjectPrompt o, InputFrame f) {
        return nativePrompt(o, f, false);
    }

    /**
     * The prompt (with the object's mask prompt, if any); with {@code full} the whole grid is computed
     * (low-res logits to be fed back as mask prompts).
     */
    static NativeSamDecoder.Prompt nativePrompt(ObjectPrompt o, InputFrame f, boolean full) {
        int n = count(o);
        float[] coords = new float[2 * n];
        float[] labels = new float[n];
        write(o, f, coords, labels, 0, n);
        return new NativeSamDecoder.Prompt(coords, labels, o.box() == null || full ? null : cells(o.box(), f), o.maskInput());
    }

    /** {x0, y0, x1, y1} (end exclusive) in 16-pixel cells of the 1024 frame. */
    static int[] cells(BoxPrompt b, InputFrame f) {
        int m = MaskPostprocess.margin(b) + 1;
        double cell = f.size() / 64.0;
        double x0 = f.toFrameX(Math.floor(Math.min(b.x0(), b.x1())) - m), x1 = f.toFrameX(Math.ceil(Math.max(b.x0(), b.x1())) + m + 1);
        double y0 = f.toFrameY(Math.floor(Math.min(b.y0(), b.y1())) - m), y1 = f.toFrameY(Math.ceil(Math.max(b.y0(), b.y1())) + m + 1);
        return new int[] {clamp((int) Math.floor(x0 / cell) - MARGIN_CELLS), clamp((int) Math.floor(y0 / cell) - MARGIN_CELLS),
                clamp((int) Math.ceil(x1 / cell) + MARGIN_CELLS - 1) + 1, clamp((int) Math.ceil(y1 / cell) + MARGIN_CELLS - 1) + 1};
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(63, v));
    }
}
