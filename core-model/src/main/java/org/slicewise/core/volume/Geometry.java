package org.slicewise.core.volume;

import java.util.Arrays;

/**
 * Image grid in LPS patient space, as ITK and DICOM define it: voxel (i, j, k) maps to
 * {@code origin + D · diag(spacing) · (i, j, k)}, where D is the 3×3 direction matrix stored
 * row-major whose <em>columns</em> are the directions of the i, j and k axes.
 * Immutable.
 */
public final class Geometry {
    private final int[] dims;
    private final double[] spacing;
    private final double[] origin;
    private final double[] direction;

    public Geometry(int[] dims, double[] spacing, double[] origin, double[] direction) {
        if (dims.length != 3 || spacing.length != 3 || origin.length != 3 || direction.length != 9) {
            throw new IllegalArgumentException("geometry needs 3 dims, 3 spacings, 3 origin values and 9 direction values");
        }
        for (int i = 0; i < 3; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("dimension " + i + " must be positive: " + dims[i]);
            }
            if (!(spacing[i] > 0) || !Double.isFinite(spacing[i])) {
                throw new IllegalArgumentException("spacing " + i + " must be positive and finite: " + spacing[i]);
            }
        }
        this.dims = dims.clone();
        this.spacing = spacing.clone();
        this.origin = origin.clone();
        this.direction = direction.clone();
    }

    /** Axis-aligned LPS grid with identity direction. */
    public static Geometry axisAligned(int nx, int ny, int nz, double sx, double sy, double sz) {
        return new Geometry(new int[] {nx, ny, nz}, new double[] {sx, sy, sz}, new double[3],
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    public int nx() { return dims[0]; }

    public int ny() { return dims[1]; }

    public int nz() { return dims[2]; }

    public int[] dims() { return dims.clone(); }

    public double[] spacing() { return spacing.clone(); }

    public double spacing(int axis) { return spacing[axis]; }

    public double[] origin() { return origin.clone(); }

    /** Row-major 3×3; column c is the LPS direction of voxel axis c. */
    public double[] direction() { return direction.clone(); }

    public long voxelCount() { return (long) dims[0] * dims[1] * dims[2]; }

    public int sliceSize() { return dims[0] * dims[1]; }

    /** LPS position (mm) of a continuous voxel index. */
    public double[] voxelToPatient(double i, double j, double k) {
        double a = i * spacing[0], b = j * spacing[1], c = k * spacing[2];
        return new double[] {
            origin[0] + direction[0] * a + direction[1] * b + direction[2] * c,
            origin[1] + direction[3] * a + direction[4] * b + direction[5] * c,
            origin[2] + direction[6] * a + direction[7] * b + direction[8] * c};
    }

    /** Continuous voxel index of an LPS position (mm); inverse of {@link #voxelToPatient}. */
    public double[] patientToVoxel(double x, double y, double z) {
        double[] inv = Mat3.inverse(direction);
        double dx = x - origin[0], dy = y - origin[1], dz = z - origin[2];
        return new double[] {
            (inv[0] * dx + inv[1] * dy + inv[2] * dz) / spacing[0],
            (inv[3] * dx + inv[4] * dy + inv[5] * dz) / spacing[1],
            (inv[6] * dx + inv[7] * dy + inv[8] * dz) / spacing[2]};
    }

    /** 4×4 row-major voxel→LPS affine. */
    public double[] affineLps() {
        double[] m = new double[16];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[r * 4 + c] = direction[r * 3 + c] * spacing[c];
            }
            m[r * 4 + 3] = origin[r];
        }
        m[15] = 1;
        return m;
    }

    /** True if both grids have the same dims and agree in spacing, origin and direction within {@code tolMm}. */
    public boolean sameGrid(Geometry o, double tolMm) {
        if (!Arrays.equals(dims, o.dims)) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (Math.abs(spacing[i] - o.spacing[i]) > tolMm || Math.abs(origin[i] - o.origin[i]) > tolMm) {
                return false;
            }
        }
        for (int i = 0; i < 9; i++) {
            if (Math.abs(direction[i] - o.direction[i]) > 1e-4) {
                return false;
            }
        }
        return true;
    }

    /** Same grid with other dims (e.g. a sub-volume or a resampled grid keeping the origin). */
    public Geometry withDims(int nx, int ny, int nz) {
        return new Geometry(new int[] {nx, ny, nz}, spacing, origin, direction);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Geometry g && Arrays.equals(dims, g.dims) && Arrays.equals(spacing, g.spacing)
                && Arrays.equals(origin, g.origin) && Arrays.equals(direction, g.direction);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + Arrays.hashCode(spacing) * 17 + Arrays.hashCode(origin);
    }

    @Override
    public String toString() {
        return "Geometry[dims=" + Arrays.toString(dims) + ", spacing=" + Arrays.toString(spacing)
                + ", origin=" + Arrays.toString(origin) + ", direction=" + Arrays.toString(direction) + "]";
    }
}
