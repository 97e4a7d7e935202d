package org.slicewise.core.label;

import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;

/**
 * A label map on an image grid: one {@code short[]} (unsigned 16-bit labels) per slice, allocated
 * lazily so empty slices cost nothing. Reading is public; writing is reserved to
 * {@link LabelEditor}, the single mutation path that records undo deltas and bumps the per-slice
 * modification counter ({@link #sliceModCount}) that lets {@link LabelEditor#snapshot} copy only the
 * slices changed since its previous snapshot.
 */
public final class LabelMap {
    private final Geometry geometry;
    private final short[][] slices;
    /** Per-slice modification counters, bumped by {@link LabelEditor} for every slice it changes. */
    private final long[] mods;

    public LabelMap(Geometry geometry) {
        this.geometry = geometry;
        this.slices = new short[geometry.nz()][];
        this.mods = new long[geometry.nz()];
    }

    /** Builds a label map from an integral label volume (e.g. a loaded .nii.gz mask). */
    public static LabelMap fromVolume(Volume v) {
        if (!v.type().integral()) {
            throw new IllegalArgumentException("a label map needs an integer volume, got " + v.type().id());
        }
        LabelMap m = new LabelMap(v.geometry());
        int n = v.geometry().sliceSize();
        float[] buf = null;
        for (int z = 0; z < v.nz(); z++) {
            buf = v.sliceAsFloat(z, buf);
            short[] s = null;
            for (int i = 0; i < n; i++) {
                float f = buf[i];
                if (f != 0) {
                    if (f < 0 || f > 65535) {
                        throw new IllegalArgumentException("label value out of range 0..65535: " + f);
                    }
                    if (s == null) {
                        s = new short[n];
                    }
                    s[i] = (short) f;
                }
            }
            m.slices[z] = s;
        }
        return m;
    }

    public Geometry geometry() { return geometry; }

    public int get(int x, int y, int z) {
        short[] s = slices[z];
        return s == null ? 0 : s[x + y * geometry.nx()] & 0xFFFF;
    }

    /** Backing array of slice z, or null when the slice is empty. Callers must not modify it. */
    public short[] sliceOrNull(int z) { return slices[z]; }

    /** Copy of slice z as unsigned labels in a fresh array (zeros for an empty slice). */
    public short[] sliceCopy(int z) {
        short[] s = slices[z];
        return s == null ? new short[geometry.sliceSize()] : s.clone();
    }

    /** Largest label value present. */
    public int maxLabel() {
        return LabelSnapshot.maxLabel(slices);
    }

    /** Number of voxels carrying {@code label}. */
    public long count(int label) {
        return LabelSnapshot.count(slices, label);
    }

    /** Exports as a uint8 volume when all labels fit, uint16 otherwise (slices are copies). */
    public Volume toVolume(org.slicewise.core.volume.VolumeMetadata meta) {
        return LabelSnapshot.toVolume(geometry, slices, meta);
    }

    /**
     * How many times {@link LabelEditor} has changed slice z (0 for a fresh map). Read it under the
     * editor's lock to pair it with the slice content.
     */
    public long sliceModCount(int z) { return mods[z]; }

    /** Records that slice z changed; only for the edit path in this package. */
    void markModified(int z) { mods[z]++; }

    /** Writable slice, allocating it; only for the edit path in this package. */
    short[] sliceForWrite(int z) {
        short[] s = slices[z];
        if (s == null) {
            s = new short[geometry.sliceSize()];
            slices[z] = s;
        }
        return s;
    }
}
