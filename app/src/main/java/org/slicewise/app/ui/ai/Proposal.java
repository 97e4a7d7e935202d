package org.slicewise.app.ui.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.SlicePatch;

/**
 * An AI result not yet applied (Slicer's preview-then-apply): per axial slice, the proposed labels
 * of the segmented objects, the plan (prompts) each slice was computed from, and the predicted IoU
 * per object and slice. {@link #accept} writes it with ONE {@link LabelEditor#apply} call, i.e. one
 * undo step; the segmented objects' old voxels on the covered slices are replaced.
 */
public final class Proposal {
    private final Set<Integer> labels;
    private final short[][] slices;
    private final Map<Integer, float[]> iou;
    private final Map<SliceKey, SlicePlan> plans;

    /** (label, z) key of a slice plan. */
    public record SliceKey(int label, int z) {
    }

    public Proposal(Set<Integer> labels, short[][] slices, Map<Integer, float[]> iou, Map<SliceKey, SlicePlan> plans) {
        this.labels = Set.copyOf(labels);
        this.slices = slices;
        this.iou = Map.copyOf(iou);
        this.plans = Map.copyOf(plans);
    }

    public Set<Integer> labels() { return labels; }

    /** Proposed labels per axial slice (null = nothing proposed there). Read-only. */
    public short[][] slices() { return slices; }

    /** Predicted IoU per slice for a label (NaN where the label was not segmented). */
    public float[] iou(int label) { return iou.get(label); }

    public Map<Integer, float[]> iou() { return iou; }

    public Map<SliceKey, SlicePlan> plans() { return plans; }

    /** Slices covered by the plan of any object. */
    public boolean covers(int z) {
        return plans.keySet().stream().anyMatch(k -> k.z() == z);
    }

    /** Lowest predicted IoU over the labels on slice z, NaN if none. */
    public float confidence(int z) {
        float m = Float.NaN;
        for (float[] f : iou.values()) {
            if (!Float.isNaN(f[z])) {
                m = Float.isNaN(m) ? f[z] : Math.min(m, f[z]);
            }
        }
        return m;
    }

    public long voxelCount() {
        long n = 0;
        for (short[] s : slices) {
            if (s != null) {
                for (short v : s) {
                    if (v != 0) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Applies the proposal as one undo step; returns the number of voxels changed. */
    public long accept(LabelEditor editor) {
        LabelMap map = editor.map();
        int nx = map.geometry().nx(), ny = map.geometry().ny(), n = nx * ny;
        List<SlicePatch> patches = new ArrayList<>();
        for (int z = 0; z < slices.length; z++) {
            final int zz = z;
            if (plans.keySet().stream().noneMatch(k -> k.z() == zz)) {
                continue;
            }
            short[] prop = slices[z];
            short[] cur = map.sliceOrNull(z);
            short[] values = new short[n];
            byte[] mask = new byte[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                int p = prop == null ? 0 : prop[i] & 0xFFFF;
                int c = cur == null ? 0 : cur[i] & 0xFFFF;
                if (p != 0) {
                    values[i] = (short) p;
                    mask[i] = 1;
                    any = true;
                } else if (c != 0 && labels.contains(c) && plans.containsKey(new SliceKey(c, z))) {
                    mask[i] = 1; // the object's old voxels on a re-segmented slice are cleared
                    any = true;
                }
            }
            if (any) {
                patches.add(new SlicePatch(z, 0, 0, nx, ny, values, mask));
            }
        }
        return editor.apply("AI segment " + labels, patches);
    }
}
