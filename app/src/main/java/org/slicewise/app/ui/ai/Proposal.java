package org.slicewise.app.ui.ai;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.pipeline.SliceResult;

/**
 * The UI's view of a pipeline {@link org.slicewise.core.pipeline.Proposal}: full-slice label arrays
 * for the overlay (built once, off the FX thread) and per-slice confidence for the strip. Accepting
 * delegates to the core proposal: ONE {@link LabelEditor#apply}, i.e. one undo step.
 */
public final class Proposal {
    private final org.slicewise.core.pipeline.Proposal core;
    private final short[][] slices;
    private final float[] confidence;
    private final Set<Integer> labels;

    public Proposal(org.slicewise.core.pipeline.Proposal core) {
        this.core = core;
        var g = core.geometry();
        int nx = g.nx();
        slices = new short[g.nz()][];
        for (Map.Entry<Integer, SliceResult> e : core.slices().entrySet()) {
            SliceResult r = e.getValue();
            if (r.w() == 0) {
                continue;
            }
            short[] s = new short[g.sliceSize()];
            boolean any = false;
            for (int y = 0; y < r.h(); y++) {
                for (int x = 0; x < r.w(); x++) {
                    short v = r.labels()[y * r.w() + x];
                    if (v != 0) {
                        s[(r.x0() + x) + (r.y0() + y) * nx] = v;
                        any = true;
                    }
                }
            }
            slices[e.getKey()] = any ? s : null;
        }
        confidence = core.sliceConfidence();
        labels = new LinkedHashSet<>(core.labels());
    }

    public org.slicewise.core.pipeline.Proposal core() { return core; }

    public Set<Integer> labels() { return labels; }

    /** Proposed labels per axial slice (null = nothing there). Read-only. */
    public short[][] slices() { return slices; }

    /** True when some object was segmented on slice z. */
    public boolean covers(int z) { return core.slices().containsKey(z); }

    /** Lowest predicted IoU over the objects on slice z (NaN if not segmented). */
    public float confidence(int z) { return z >= 0 && z < confidence.length ? confidence[z] : Float.NaN; }

    public long voxelCount() {
        long n = 0;
        for (int l : labels) {
            n += core.count(l);
        }
        return n;
    }

    /** Applies the proposal as one undo step; returns the number of voxels changed. */
    public long accept(LabelEditor editor) {
        return core.accept(editor, "AI segment " + labels);
    }
}
