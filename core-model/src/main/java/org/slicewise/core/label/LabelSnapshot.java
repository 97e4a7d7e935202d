package org.slicewise.core.label;

import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;

/**
 * An immutable, consistent copy of a {@link LabelMap} at one moment, taken by
 * {@link LabelEditor#snapshot}. Its slice arrays are never modified (they may be shared with the
 * previous and the next snapshot), so it is safe to read from any thread while editing goes on.
 */
public final class LabelSnapshot {
    private final Geometry geometry;
    private final short[][] slices;
    private final long[] mods;
    private final int copied;
    private final long editorVersion;

    LabelSnapshot(Geometry geometry, short[][] slices, long[] mods, int copied, long editorVersion) {
        this.geometry = geometry;
        this.slices = slices;
        this.mods = mods;
        this.copied = copied;
        this.editorVersion = editorVersion;
    }

    public Geometry geometry() { return geometry; }

    public int nz() { return slices.length; }

    /** Slice z (unsigned labels, index x + y*nx), or null when empty. Shared: callers must not modify it. */
    public short[] sliceOrNull(int z) { return slices[z]; }

    /** Copy of slice z in a fresh array (zeros for an empty slice). */
    public short[] sliceCopy(int z) {
        short[] s = slices[z];
        return s == null ? new short[geometry.sliceSize()] : s.clone();
    }

    public int get(int x, int y, int z) {
        short[] s = slices[z];
        return s == null ? 0 : s[x + y * geometry.nx()] & 0xFFFF;
    }

    /** How many slices were copied from the map when this snapshot was taken (the rest were reused). */
    public int copiedSlices() { return copied; }

    /** {@link LabelEditor#version()} at the moment of the snapshot. */
    public long editorVersion() { return editorVersion; }

    long modCount(int z) { return mods[z]; }

    /** Largest label value present. */
    public int maxLabel() {
        return maxLabel(slices);
    }

    /** Number of voxels carrying {@code label}. */
    public long count(int label) {
        return count(slices, label);
    }

    /** Largest label value in these slices (null slices are empty); shared with {@link LabelMap}. */
    static int maxLabel(short[][] slices) {
        int max = 0;
        for (short[] s : slices) {
            if (s != null) {
                for (short v : s) {
                    max = Math.max(max, v & 0xFFFF);
                }
            }
        }
        return max;
    }

    /** Voxels carrying {@code label} in these slices (null slices are empty); shared with {@link LabelMap}. */
    static long count(short[][] slices, int label) {
        long c = 0;
        for (short[] s : slices) {
            if (s != null) {
                for (short v : s) {
                    if ((v & 0xFFFF) == label) {
                        c++;
                    }
                }
            }
        }
        return c;
    }

    /** Exports as a uint8 volume when all labels fit, uint16 otherwise (fresh arrays). */
    public Volume toVolume(VolumeMetadata meta) {
        return toVolume(geometry, slices, meta);
    }

    static Volume toVolume(Geometry geometry, short[][] slices, VolumeMetadata meta) {
        boolean small = true;
        for (int z = 0; z < slices.length && small; z++) {
            short[] s = slices[z];
            if (s != null) {
                for (short v : s) {
                    if ((v & 0xFFFF) > 255) {
                        small = false;
                        break;
                    }
                }
            }
        }
        int n = geometry.sliceSize();
        Object[] out = new Object[slices.length];
        for (int z = 0; z < out.length; z++) {
            short[] s = slices[z];
            if (small) {
                byte[] b = new byte[n];
                if (s != null) {
                    for (int i = 0; i < n; i++) {
                        b[i] = (byte) s[i];
                    }
                }
                out[z] = b;
            } else {
                out[z] = s == null ? new short[n] : s.clone();
            }
        }
        return new Volume(geometry, small ? VoxelType.UINT8 : VoxelType.UINT16, out, meta);
    }
}
