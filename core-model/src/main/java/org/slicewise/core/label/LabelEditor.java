package org.slicewise.core.label;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import org.slicewise.core.Progress;

/**
 * The single mutation path of a {@link LabelMap}. Every change is applied through
 * {@link #apply(String, List)}, which honours locked labels, and records an undo step holding only
 * the bounding rectangle of the voxels that actually changed on each slice (never a volume copy).
 */
public final class LabelEditor {
    private final LabelMap map;
    private final LabelTable table;
    private final UndoHistory history;
    private final List<IntConsumer> sliceListeners = new CopyOnWriteArrayList<>();
    private long version;
    /** The newest snapshot: its immutable slice copies are reused by the next one. Guarded by this. */
    private LabelSnapshot lastSnapshot;

    public LabelEditor(LabelMap map, LabelTable table, UndoHistory history) {
        this.map = map;
        this.table = table;
        this.history = history;
    }

    public LabelMap map() { return map; }

    public LabelTable table() { return table; }

    public UndoHistory history() { return history; }

    /** Incremented on every change (edit, undo, redo): a cheap "dirty" marker for autosave. */
    public synchronized long version() { return version; }

    /** Called with the slice index of every changed slice (on the thread that made the change). */
    public void addSliceListener(IntConsumer l) { sliceListeners.add(l); }

    /**
     * Applies patches as one undo step. Voxels whose current label is locked, or patches writing a
     * locked label over another one, are left untouched.
     *
     * @return the number of voxels changed (0: nothing recorded)
     */
    public synchronized long apply(String description, List<SlicePatch> patches) {
        List<Delta> deltas = new ArrayList<>();
        long changed = 0;
        boolean[] locked = lockedLabels();
        for (SlicePatch p : patches) {
            Delta d = applyPatch(p, locked);
            if (d != null) {
                deltas.add(d);
                changed += d.changed;
            }
        }
        if (!deltas.isEmpty()) {
            history.push(new LabelStep(description, deltas));
            version++;
            for (Delta d : deltas) {
                fireSlice(d.z);
            }
        }
        return changed;
    }

    public long apply(String description, SlicePatch patch) {
        return apply(description, List.of(patch));
    }

    /**
     * The plan brought up to date with the map as it is now: slices changed since it was built (their
     * {@link LabelMap#sliceModCount} differs) are rescanned under this lock, so its
     * {@link LabelErasure#voxels()} is exact at this moment. Cheap when few slices changed.
     */
    public synchronized LabelErasure refresh(LabelErasure plan) {
        return plan.refreshed(map);
    }

    /**
     * Erases every voxel that holds {@code plan.label()} at this moment, as one undo step (none when
     * there is nothing to erase). Under this lock the plan is first {@link #refresh refreshed}:
     * slices unchanged since its scan use its patches (their content is the scanned one), slices
     * edited since, including slices that gained the label, are rescanned. The patches are masked to
     * the label's voxels, so no other label is ever touched; locks are honoured as in {@link #apply}.
     *
     * @return the number of voxels erased
     */
    public synchronized long eraseLabel(String description, LabelErasure plan) {
        return apply(description, refresh(plan).patches());
    }

    /** locked[id] for every label id of the table (looked up once per apply, not per voxel). */
    private boolean[] lockedLabels() {
        List<LabelInfo> all = table.labels();
        int max = 0;
        for (LabelInfo l : all) {
            max = Math.max(max, l.id());
        }
        boolean[] locked = new boolean[max + 1];
        for (LabelInfo l : all) {
            locked[l.id()] = l.locked() && l.id() != 0;
        }
        return locked;
    }

    private Delta applyPatch(SlicePatch p, boolean[] locked) {
        int nx = map.geometry().nx(), ny = map.geometry().ny();
        if (p.z() < 0 || p.z() >= map.geometry().nz()) {
            throw new IllegalArgumentException("slice " + p.z() + " outside 0.." + (map.geometry().nz() - 1));
        }
        int xa = Math.max(0, p.x0()), ya = Math.max(0, p.y0());
        int xb = Math.min(nx, p.x0() + p.w()), yb = Math.min(ny, p.y0() + p.h());
        if (xa >= xb || ya >= yb) {
            return null;
        }
        short[] cur = map.sliceOrNull(p.z());
        // first pass: find the bounding box of voxels that would change
        int bx0 = Integer.MAX_VALUE, by0 = Integer.MAX_VALUE, bx1 = -1, by1 = -1;
        for (int y = ya; y < yb; y++) {
            int pr = (y - p.y0()) * p.w() - p.x0();
            for (int x = xa; x < xb; x++) {
                if (willChange(p, pr + x, cur == null ? 0 : cur[x + y * nx] & 0xFFFF, locked)) {
                    if (x < bx0) bx0 = x;
                    if (x > bx1) bx1 = x;
                    if (y < by0) by0 = y;
                    if (y > by1) by1 = y;
                }
            }
        }
        if (bx1 < 0) {
            return null;
        }
        short[] s = map.sliceForWrite(p.z());
        int w = bx1 - bx0 + 1, h = by1 - by0 + 1;
        short[] before = new short[w * h], after = new short[w * h];
        long changed = 0;
        for (int y = by0; y <= by1; y++) {
            int pr = (y - p.y0()) * p.w() - p.x0();
            for (int x = bx0; x <= bx1; x++) {
                int i = x + y * nx, o = (y - by0) * w + (x - bx0);
                before[o] = s[i];
                if (x >= xa && x < xb && willChange(p, pr + x, s[i] & 0xFFFF, locked)) {
                    s[i] = p.values()[pr + x];
                    changed++;
                }
                after[o] = s[i];
            }
        }
        map.markModified(p.z());
        return new Delta(p.z(), bx0, by0, w, h, before, after, changed);
    }

    private static boolean willChange(SlicePatch p, int pi, int old, boolean[] locked) {
        if (p.mask() != null && p.mask()[pi] == 0) {
            return false;
        }
        int nv = p.values()[pi] & 0xFFFF;
        return nv != old && !(old < locked.length && locked[old]) && !(nv < locked.length && locked[nv]);
    }

    private synchronized void restore(List<Delta> deltas, boolean useBefore) {
        int nx = map.geometry().nx();
        for (Delta d : deltas) {
            short[] s = map.sliceForWrite(d.z);
            short[] src = useBefore ? d.before : d.after;
            for (int y = 0; y < d.h; y++) {
                System.arraycopy(src, y * d.w, s, d.x0 + (y + d.y0) * nx, d.w);
            }
            map.markModified(d.z);
        }
        version++;
        for (Delta d : deltas) {
            fireSlice(d.z);
        }
    }

    /**
     * A consistent, immutable copy of the label map, cheap to take repeatedly: slices unchanged since
     * the previous snapshot (same {@link LabelMap#sliceModCount}) share its immutable copies, so only
     * slices edited since are copied. Meant for a background thread (autosave, session save, export,
     * measurements) while edits go on: each slice is copied under this editor's lock (never torn), the
     * lock is released between slices, and a final pass under the lock re-copies the slices edited in
     * the meantime, so the result is the map exactly as it was at one moment (a multi-slice edit is
     * either wholly in it or not at all).
     *
     * @param progress cancellation is checked between slices; update is called after each slice
     */
    public LabelSnapshot snapshot(Progress progress) {
        LabelSnapshot prev;
        synchronized (this) {
            prev = lastSnapshot;
        }
        int nz = map.geometry().nz();
        short[][] out = new short[nz][];
        long[] mods = new long[nz];
        int copied = 0;
        for (int z = 0; z < nz; z++) {
            progress.checkCancelled();
            synchronized (this) {
                copied += take(prev, z, out, mods);
            }
            progress.update((z + 1.0) / nz, "copying changed label slices");
        }
        synchronized (this) {
            for (int z = 0; z < nz; z++) {
                if (map.sliceModCount(z) != mods[z]) {
                    copied += take(null, z, out, mods);
                }
            }
            LabelSnapshot s = new LabelSnapshot(map.geometry(), out, mods, copied, version);
            lastSnapshot = s;
            return s;
        }
    }

    /** Snapshot without progress or cancellation. */
    public LabelSnapshot snapshot() { return snapshot(Progress.NONE); }

    /** Slice z into out/mods (reusing prev's copy when unchanged); returns 1 when it copied. Holds the lock. */
    private int take(LabelSnapshot prev, int z, short[][] out, long[] mods) {
        long m = map.sliceModCount(z);
        mods[z] = m;
        if (prev != null && prev.modCount(z) == m) {
            out[z] = prev.sliceOrNull(z);
            return 0;
        }
        short[] s = map.sliceOrNull(z);
        out[z] = s == null ? null : s.clone();
        return s == null ? 0 : 1;
    }

    private void fireSlice(int z) {
        for (IntConsumer l : sliceListeners) {
            l.accept(z);
        }
    }

    private record Delta(int z, int x0, int y0, int w, int h, short[] before, short[] after, long changed) {
    }

    private final class LabelStep implements UndoableStep {
        private final String description;
        private final List<Delta> deltas;

        LabelStep(String description, List<Delta> deltas) {
            this.description = description;
            this.deltas = deltas;
        }

        @Override
        public String description() { return description; }

        @Override
        public void undo() { restore(deltas, true); }

        @Override
        public void redo() { restore(deltas, false); }

        @Override
        public long bytes() {
            long b = 64;
            for (Delta d : deltas) {
                b += 4L * d.w * d.h + 48;
            }
            return b;
        }
    }
}
