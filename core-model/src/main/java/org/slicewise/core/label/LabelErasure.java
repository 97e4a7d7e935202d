package org.slicewise.core.label;

import java.util.ArrayList;
import java.util.List;
import org.slicewise.core.Progress;

/**
 * A plan to erase every voxel of one label (deleting a label), built off the UI thread from a
 * {@link LabelSnapshot} and applied by {@link LabelEditor#eraseLabel} as one undo step.
 *
 * <p>Per slice that holds the label it keeps one {@link SlicePatch} writing 0 over the bounding
 * rectangle of the label's voxels, masked to exactly those voxels (so the undo delta is that
 * rectangle, never a whole slice or volume), plus the slice modification counters
 * ({@link LabelMap#sliceModCount}) the patches were built from. A slice whose counter has changed
 * since (edited after the snapshot, including slices that gained the label) is rescanned from the
 * live map by {@link #refreshed}, under the editor's lock; only those slices are rescanned.
 */
public final class LabelErasure {
    private final int label;
    private final long[] mods;
    private final SlicePatch[] patches;
    private final long[] counts;
    private final long voxels;
    private final int rescanned;

    private LabelErasure(int label, long[] mods, SlicePatch[] patches, long[] counts, int rescanned) {
        this.label = label;
        this.mods = mods;
        this.patches = patches;
        this.counts = counts;
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        this.voxels = n;
        this.rescanned = rescanned;
    }

    /**
     * Snapshots the editor's map and scans it (any thread; meant for a worker). Progress: the first
     * half is the snapshot, the second the scan; cancellation is checked between slices.
     */
    public static LabelErasure scan(LabelEditor editor, int label, Progress progress) {
        LabelSnapshot s = editor.snapshot(range(progress, 0, 0.5));
        return scan(s, label, range(progress, 0.5, 1));
    }

    /** Counts the label's voxels in a snapshot and builds one erase patch per slice that holds it. */
    public static LabelErasure scan(LabelSnapshot snapshot, int label, Progress progress) {
        int nz = snapshot.nz(), nx = snapshot.geometry().nx(), ny = snapshot.geometry().ny();
        long[] mods = new long[nz], counts = new long[nz];
        SlicePatch[] patches = new SlicePatch[nz];
        for (int z = 0; z < nz; z++) {
            progress.checkCancelled();
            mods[z] = snapshot.modCount(z);
            patches[z] = patchFor(snapshot.sliceOrNull(z), z, nx, ny, label);
            counts[z] = count(patches[z]);
            progress.update((z + 1.0) / nz, "scanning label " + label);
        }
        return new LabelErasure(label, mods, patches, counts, 0);
    }

    /**
     * The patch that erases {@code label} on one slice: value 0 over the bounding rectangle of the
     * label's voxels, masked to exactly those voxels; null when the slice (null = empty) has none.
     */
    public static SlicePatch patchFor(short[] slice, int z, int nx, int ny, int label) {
        if (slice == null) {
            return null;
        }
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 0; y < ny; y++) {
            int row = y * nx;
            for (int x = 0; x < nx; x++) {
                if ((slice[row + x] & 0xFFFF) == label) {
                    if (x < x0) x0 = x;
                    if (x > x1) x1 = x;
                    if (y < y0) y0 = y;
                    y1 = y;
                }
            }
        }
        if (x1 < 0) {
            return null;
        }
        int w = x1 - x0 + 1, h = y1 - y0 + 1;
        byte[] mask = new byte[w * h];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if ((slice[x + y * nx] & 0xFFFF) == label) {
                    mask[(y - y0) * w + (x - x0)] = 1;
                }
            }
        }
        return SlicePatch.fill(z, x0, y0, w, h, mask, 0);
    }

    private static long count(SlicePatch p) {
        if (p == null) {
            return 0;
        }
        long n = 0;
        for (byte b : p.mask()) {
            n += b;
        }
        return n;
    }

    /**
     * This plan brought up to date with the live map: every slice whose modification counter differs
     * from the one the plan was built from is rescanned from {@code map}. The caller holds the
     * editor's lock (see {@link LabelEditor#refresh}). Returns this when nothing changed.
     */
    LabelErasure refreshed(LabelMap map) {
        int nz = mods.length, nx = map.geometry().nx(), ny = map.geometry().ny();
        long[] m = null, c = null;
        SlicePatch[] p = null;
        int n = 0;
        for (int z = 0; z < nz; z++) {
            long now = map.sliceModCount(z);
            if (now == mods[z]) {
                continue;
            }
            if (m == null) {
                m = mods.clone();
                c = counts.clone();
                p = patches.clone();
            }
            m[z] = now;
            p[z] = patchFor(map.sliceOrNull(z), z, nx, ny, label);
            c[z] = count(p[z]);
            n++;
        }
        return m == null ? this : new LabelErasure(label, m, p, c, rescanned + n);
    }

    public int label() { return label; }

    /** Voxels of the label the plan erases (as of its scan or last refresh). */
    public long voxels() { return voxels; }

    /** Slices that hold the label (one patch each). */
    public int slices() {
        int n = 0;
        for (SlicePatch p : patches) {
            if (p != null) {
                n++;
            }
        }
        return n;
    }

    /** Slices rescanned from the live map by refreshes because they were edited after the scan. */
    public int rescannedSlices() { return rescanned; }

    /** The erase patches, one per slice holding the label, in slice order. */
    public List<SlicePatch> patches() {
        List<SlicePatch> out = new ArrayList<>();
        for (SlicePatch p : patches) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** Maps 0..1 of {@code p}'s sub-task onto [a, b] of the whole. */
    private static Progress range(Progress p, double a, double b) {
        return new Progress() {
            @Override
            public void update(double fraction, String message) {
                p.update(fraction < 0 ? fraction : a + (b - a) * fraction, message);
            }

            @Override
            public boolean isCancelled() { return p.isCancelled(); }
        };
    }
}
