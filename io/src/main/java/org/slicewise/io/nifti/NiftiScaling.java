package org.slicewise.io.nifti;

import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

/**
 * Applies scl_slope/scl_inter. No scaling when the slope is 0, not finite, or (1, 0). Otherwise the
 * result is float32 (float64 for float64 data) as in ITK, except that integral slope and intercept whose
 * scaled data range still fits the stored integer type keep that type (scaled in place).
 */
final class NiftiScaling {
    private NiftiScaling() {
    }

    record Scaled(VoxelType type, Object[] slices, boolean applied) {
    }

    static Scaled apply(Geometry g, VoxelType type, Object[] slices, double slope, double inter) {
        if (!Double.isFinite(slope) || slope == 0 || !Double.isFinite(inter) || (slope == 1 && inter == 0)) {
            return new Scaled(type, slices, false);
        }
        int n = g.sliceSize();
        if (type.integral() && slope == Math.rint(slope) && inter == Math.rint(inter)) {
            double[] mm = exactMinMax(type, slices, n);
            double a = mm[0] * slope + inter, b = mm[1] * slope + inter;
            if (Math.min(a, b) >= type.minValue() && Math.max(a, b) <= type.maxValue()) {
                scaleIntegral(type, slices, n, (long) slope, (long) inter);
                return new Scaled(type, slices, true);
            }
        }
        if (type == VoxelType.FLOAT64) {
            for (Object s : slices) {
                double[] v = (double[]) s;
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] * slope + inter;
                }
            }
            return new Scaled(type, slices, true);
        }
        Volume raw = new Volume(g, type, slices, null);
        float fs = (float) slope, fi = (float) inter;
        Object[] out = new Object[slices.length];
        boolean wide = type == VoxelType.INT32 || type == VoxelType.UINT32;
        for (int z = 0; z < slices.length; z++) {
            float[] f;
            if (wide) {
                // exact product in double before rounding to float
                f = new float[n];
                int[] a = (int[]) slices[z];
                long mask = type == VoxelType.UINT32 ? 0xFFFFFFFFL : -1L;
                for (int i = 0; i < n; i++) {
                    f[i] = (float) ((type == VoxelType.UINT32 ? a[i] & mask : a[i]) * slope + inter);
                }
            } else {
                f = raw.sliceAsFloat(z, null);
                for (int i = 0; i < n; i++) {
                    f[i] = f[i] * fs + fi;
                }
            }
            out[z] = f;
            slices[z] = null;
        }
        return new Scaled(VoxelType.FLOAT32, out, true);
    }

    private static double[] exactMinMax(VoxelType type, Object[] slices, int n) {
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (Object s : slices) {
            for (int i = 0; i < n; i++) {
                long v = switch (type) {
                    case UINT8 -> ((byte[]) s)[i] & 0xFF;
                    case INT8 -> ((byte[]) s)[i];
                    case UINT16 -> ((short[]) s)[i] & 0xFFFF;
                    case INT16 -> ((short[]) s)[i];
                    case INT32 -> ((int[]) s)[i];
                    case UINT32 -> ((int[]) s)[i] & 0xFFFFFFFFL;
                    default -> throw new IllegalStateException();
                };
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }

    private static void scaleIntegral(VoxelType type, Object[] slices, int n, long s, long o) {
        for (Object sl : slices) {
            switch (type) {
                case UINT8 -> { byte[] a = (byte[]) sl; for (int i = 0; i < n; i++) a[i] = (byte) ((a[i] & 0xFF) * s + o); }
                case INT8 -> { byte[] a = (byte[]) sl; for (int i = 0; i < n; i++) a[i] = (byte) (a[i] * s + o); }
                case UINT16 -> { short[] a = (short[]) sl; for (int i = 0; i < n; i++) a[i] = (short) ((a[i] & 0xFFFF) * s + o); }
                case INT16 -> { short[] a = (short[]) sl; for (int i = 0; i < n; i++) a[i] = (short) (a[i] * s + o); }
                case INT32 -> { int[] a = (int[]) sl; for (int i = 0; i < n; i++) a[i] = (int) (a[i] * s + o); }
                case UINT32 -> { int[] a = (int[]) sl; for (int i = 0; i < n; i++) a[i] = (int) ((a[i] & 0xFFFFFFFFL) * s + o); }
                default -> throw new IllegalStateException();
            }
        }
    }
}
