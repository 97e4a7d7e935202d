package org.slicewise.core.volume;

import java.util.Objects;
import java.util.UUID;

/**
 * Voxel data plus patient geometry. Storage is one primitive array per axial slice (index
 * {@code x + y * nx}), so slice-wise work never copies the volume. Voxel values are physical values
 * (rescale already applied). Slices may be modified in place by their owners (loaders); the
 * volume itself is not a mutation path for labels (see {@code org.slicewise.core.label}).
 */
public final class Volume {
    private final String id;
    private final Geometry geometry;
    private final VoxelType type;
    private final Object[] slices;
    private final VolumeMetadata metadata;

    /**
     * @param slices one array per slice of {@code nx*ny} elements, matching {@code type}
     */
    public Volume(Geometry geometry, VoxelType type, Object[] slices, VolumeMetadata metadata) {
        this.geometry = Objects.requireNonNull(geometry);
        this.type = Objects.requireNonNull(type);
        this.metadata = metadata == null ? VolumeMetadata.of("OT", "") : metadata;
        if (slices.length != geometry.nz()) {
            throw new IllegalArgumentException("expected " + geometry.nz() + " slices, got " + slices.length);
        }
        int n = geometry.sliceSize();
        for (Object s : slices) {
            if (sliceLength(s) != n || !matches(type, s)) {
                throw new IllegalArgumentException("slice array does not match " + type.id() + "[" + n + "]");
            }
        }
        this.slices = slices;
        this.id = UUID.randomUUID().toString();
    }

    /** A zero-filled volume. */
    public static Volume allocate(Geometry g, VoxelType type, VolumeMetadata meta) {
        Object[] s = new Object[g.nz()];
        for (int z = 0; z < s.length; z++) {
            s[z] = type.newSlice(g.sliceSize());
        }
        return new Volume(g, type, s, meta);
    }

    /** Unique id of this in-memory volume (part of embedding cache keys). */
    public String id() { return id; }

    public Geometry geometry() { return geometry; }

    public VoxelType type() { return type; }

    public VolumeMetadata metadata() { return metadata; }

    public int nx() { return geometry.nx(); }

    public int ny() { return geometry.ny(); }

    public int nz() { return geometry.nz(); }

    /** The backing array of slice {@code z} (byte[], short[], int[], float[] or double[]); not a copy. */
    public Object slice(int z) { return slices[z]; }

    public double get(int x, int y, int z) {
        return read(slices[z], type, x + y * geometry.nx());
    }

    public void set(int x, int y, int z, double v) {
        write(slices[z], type, x + y * geometry.nx(), v);
    }

    /** Copies slice {@code z} as floats into {@code dst} (allocated if null or too small). */
    public float[] sliceAsFloat(int z, float[] dst) {
        int n = geometry.sliceSize();
        float[] out = dst != null && dst.length >= n ? dst : new float[n];
        Object s = slices[z];
        switch (type) {
            case UINT8 -> { byte[] a = (byte[]) s; for (int i = 0; i < n; i++) out[i] = a[i] & 0xFF; }
            case INT8 -> { byte[] a = (byte[]) s; for (int i = 0; i < n; i++) out[i] = a[i]; }
            case UINT16 -> { short[] a = (short[]) s; for (int i = 0; i < n; i++) out[i] = a[i] & 0xFFFF; }
            case INT16 -> { short[] a = (short[]) s; for (int i = 0; i < n; i++) out[i] = a[i]; }
            case INT32 -> { int[] a = (int[]) s; for (int i = 0; i < n; i++) out[i] = a[i]; }
            case UINT32 -> { int[] a = (int[]) s; for (int i = 0; i < n; i++) out[i] = a[i] & 0xFFFFFFFFL; }
            case FLOAT32 -> System.arraycopy(s, 0, out, 0, n);
            case FLOAT64 -> { double[] a = (double[]) s; for (int i = 0; i < n; i++) out[i] = (float) a[i]; }
        }
        return out;
    }

    /** [min, max] over all voxels (NaN ignored). */
    public double[] minMax() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        float[] buf = null;
        for (int z = 0; z < nz(); z++) {
            if (type == VoxelType.FLOAT64) {
                for (double v : (double[]) slices[z]) {
                    if (v < lo) lo = v;
                    if (v > hi) hi = v;
                }
                continue;
            }
            buf = sliceAsFloat(z, buf);
            for (int i = 0, n = geometry.sliceSize(); i < n; i++) {
                float v = buf[i];
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
        }
        return new double[] {lo, hi};
    }

    public static double read(Object slice, VoxelType type, int i) {
        return switch (type) {
            case UINT8 -> ((byte[]) slice)[i] & 0xFF;
            case INT8 -> ((byte[]) slice)[i];
            case UINT16 -> ((short[]) slice)[i] & 0xFFFF;
            case INT16 -> ((short[]) slice)[i];
            case INT32 -> ((int[]) slice)[i];
            case UINT32 -> ((int[]) slice)[i] & 0xFFFFFFFFL;
            case FLOAT32 -> ((float[]) slice)[i];
            case FLOAT64 -> ((double[]) slice)[i];
        };
    }

    public static void write(Object slice, VoxelType type, int i, double v) {
        switch (type) {
            case UINT8, INT8 -> ((byte[]) slice)[i] = (byte) Math.round(v);
            case UINT16, INT16 -> ((short[]) slice)[i] = (short) Math.round(v);
            case INT32, UINT32 -> ((int[]) slice)[i] = (int) Math.round(v);
            case FLOAT32 -> ((float[]) slice)[i] = (float) v;
            case FLOAT64 -> ((double[]) slice)[i] = v;
        }
    }

    private static int sliceLength(Object s) {
        if (s instanceof byte[] a) return a.length;
        if (s instanceof short[] a) return a.length;
        if (s instanceof int[] a) return a.length;
        if (s instanceof float[] a) return a.length;
        if (s instanceof double[] a) return a.length;
        return -1;
    }

    private static boolean matches(VoxelType t, Object s) {
        return switch (t) {
            case UINT8, INT8 -> s instanceof byte[];
            case UINT16, INT16 -> s instanceof short[];
            case INT32, UINT32 -> s instanceof int[];
            case FLOAT32 -> s instanceof float[];
            case FLOAT64 -> s instanceof double[];
        };
    }
}
