package org.slicewise.core.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.volume.Geometry;

/**
 * A pipeline result before it is applied (Slicer's preview-then-apply): per-slice proposed labels
 * and per-slice confidence. {@link #accept} writes it with ONE {@link LabelEditor#apply} call (one
 * undo step, locked labels respected). On every slice an object was segmented on, the object's
 * previous voxels there are replaced by the proposal (so accepting a re-run replaces, not adds).
 * Immutable.
 */
public final class Proposal {
    private final Geometry geometry;
    private final NavigableMap<Integer, SliceResult> slices;
    private final List<Integer> labels;
    private final RunStats stats;

    public Proposal(Geometry geometry, NavigableMap<Integer, SliceResult> slices, List<Integer> labels, RunStats stats) {
        this.geometry = geometry;
        this.slices = Collections.unmodifiableNavigableMap(new TreeMap<>(slices));
        this.labels = List.copyOf(labels);
        this.stats = stats;
    }

    public Geometry geometry() { return geometry; }

    /** Results by slice (only slices some object was segmented on). */
    public NavigableMap<Integer, SliceResult> slices() { return slices; }

    public SliceResult slice(int z) { return slices.get(z); }

    /** Labels of the objects in this run. */
    public List<Integer> labels() { return labels; }

    public RunStats stats() { return stats; }

    /** Proposed label at a voxel (0 outside the proposal). */
    public int labelAt(int x, int y, int z) {
        SliceResult r = slices.get(z);
        return r == null ? 0 : r.labelAt(x, y);
    }

    /** Predicted IoU of {@code label} per slice (NaN where it was not segmented); length nz. */
    public float[] confidence(int label) {
        float[] c = new float[geometry.nz()];
        Arrays.fill(c, Float.NaN);
        for (SliceResult r : slices.values()) {
            Float f = r.iou().get(label);
            if (f != null) {
                c[r.z()] = f;
            }
        }
        return c;
    }

    /** Lowest predicted IoU over the objects of each slice (NaN where nothing was segmented); length nz. */
    public float[] sliceConfidence() {
        float[] c = new float[geometry.nz()];
        Arrays.fill(c, Float.NaN);
        for (SliceResult r : slices.values()) {
            float m = Float.NaN;
            for (float f : r.iou().values()) {
                m = Float.isNaN(m) ? f : Math.min(m, f);
            }
            c[r.z()] = m;
        }
        return c;
    }

    /** Proposed voxels of {@code label}. */
    public long count(int label) {
        long n = 0;
        for (SliceResult r : slices.values()) {
            n += r.count(label);
        }
        return n;
    }

    /** Volume of {@code label} in mL. */
    public double volumeMl(int label) {
        return count(label) * geometry.spacing(0) * geometry.spacing(1) * geometry.spacing(2) / 1000.0;
    }

    /** The patches {@link #accept} applies, computed against the map's current content. */
    public List<SlicePatch> patches(LabelMap map) {
        if (!map.geometry().sameGrid(geometry, 1e-3)) {
            throw new IllegalArgumentException("the proposal's grid differs from the label map's");
        }
        int nx = geometry.nx();
        List<SlicePatch> out = new ArrayList<>();
        for (SliceResult r : slices.values()) {
            short[] cur = map.sliceOrNull(r.z());
            // region: the proposal's rectangle plus the old voxels of the planned labels
            int bx0 = r.w() > 0 ? r.x0() : Integer.MAX_VALUE, by0 = r.w() > 0 ? r.y0() : Integer.MAX_VALUE;
            int bx1 = r.w() > 0 ? r.x0() + r.w() - 1 : -1, by1 = r.w() > 0 ? r.y0() + r.h() - 1 : -1;
            if (cur != null) {
                for (int i = 0; i < cur.length; i++) {
                    if (cur[i] != 0 && planned(r, cur[i] & 0xFFFF)) {
                        int x = i % nx, y = i / nx;
                        bx0 = Math.min(bx0, x);
                        bx1 = Math.max(bx1, x);
                        by0 = Math.min(by0, y);
                        by1 = Math.max(by1, y);
                    }
                }
            }
            if (bx1 < 0) {
                continue;
            }
            int w = bx1 - bx0 + 1, h = by1 - by0 + 1;
            short[] values = new short[w * h];
            byte[] mask = new byte[w * h];
            for (int y = by0; y <= by1; y++) {
                for (int x = bx0; x <= bx1; x++) {
                    int o = (y - by0) * w + (x - bx0);
                    int nv = r.labelAt(x, y);
                    int old = cur == null ? 0 : cur[x + y * nx] & 0xFFFF;
                    if (nv != 0) {
                        values[o] = (short) nv;
                        mask[o] = 1;
                    } else if (old != 0 && planned(r, old)) {
                        mask[o] = 1;
                    }
                }
            }
            out.add(new SlicePatch(r.z(), bx0, by0, w, h, values, mask));
        }
        return out;
    }

    /**
     * Applies the proposal as one undo step; returns the number of voxels changed. The patches are
     * computed and applied under the editor's lock (the lock of its apply/undo/redo), so no edit from
     * another thread can land between reading the map and writing it: otherwise a voxel painted with
     * one of the planned labels in between would survive the "replace" (or the read could see a
     * half-applied slice).
     */
    public long accept(LabelEditor editor, String description) {
        synchronized (editor) {
            return editor.apply(description, patches(editor.map()));
        }
    }

    private static boolean planned(SliceResult r, int label) {
        for (int p : r.planned()) {
            if (p == label) {
                return true;
            }
        }
        return false;
    }

    /** Per-label proposed voxel counts (for summaries). */
    public Map<Integer, Long> counts() {
        Map<Integer, Long> m = new TreeMap<>();
        for (int l : labels) {
            m.put(l, count(l));
        }
        return m;
    }
}
