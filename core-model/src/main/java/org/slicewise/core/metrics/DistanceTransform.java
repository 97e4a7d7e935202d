package org.slicewise.core.metrics;

import java.util.Arrays;

/**
 * Exact Euclidean distance transform with anisotropic spacing: the separable lower-envelope
 * algorithm of Felzenszwalb &amp; Huttenlocher (2012), one pass per axis, on squared distances.
 */
public final class DistanceTransform {
    private DistanceTransform() {
    }

    /**
     * Squared distance (mm²) from every voxel to the nearest feature voxel.
     *
     * @param feature  nx·ny·nz flags, index x + nx·(y + ny·z); non-zero marks a feature
     * @param spacing  voxel size per axis (mm)
     * @return squared distances; {@link Double#POSITIVE_INFINITY} everywhere when there is no feature
     */
    public static double[] squared(byte[] feature, int nx, int ny, int nz, double[] spacing) {
        int n = nx * ny * nz;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = feature[i] != 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        int m = Math.max(nx, Math.max(ny, nz));
        double[] f = new double[m], out = new double[m], zb = new double[m + 1];
        int[] v = new int[m];
        // x lines
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int base = nx * (y + ny * z);
                System.arraycopy(d, base, f, 0, nx);
                pass(f, nx, spacing[0], out, v, zb);
                System.arraycopy(out, 0, d, base, nx);
            }
        }
        // y lines
        for (int z = 0; z < nz; z++) {
            for (int x = 0; x < nx; x++) {
                int base = x + nx * ny * z;
                for (int y = 0; y < ny; y++) {
                    f[y] = d[base + nx * y];
                }
                pass(f, ny, spacing[1], out, v, zb);
                for (int y = 0; y < ny; y++) {
                    d[base + nx * y] = out[y];
                }
            }
        }
        // z lines
        int plane = nx * ny;
        for (int i = 0; i < plane; i++) {
            for (int z = 0; z < nz; z++) {
                f[z] = d[i + plane * z];
            }
            pass(f, nz, spacing[2], out, v, zb);
            for (int z = 0; z < nz; z++) {
                d[i + plane * z] = out[z];
            }
        }
        return d;
    }

    /** 1-D squared distance transform of sampled function f with sample spacing s. */
    static void pass(double[] f, int n, double s, double[] out, int[] v, double[] zb) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == Double.POSITIVE_INFINITY) {
                continue;
            }
            double pq = q * s;
            while (k >= 0) {
                double pv = v[k] * s;
                double x = ((f[q] + pq * pq) - (f[v[k]] + pv * pv)) / (2 * (pq - pv));
                if (x <= zb[k]) {
                    k--;
                } else {
                    break;
                }
            }
            k++;
            v[k] = q;
            if (k == 0) {
                zb[0] = Double.NEGATIVE_INFINITY;
            } else {
                double pv = v[k - 1] * s;
                zb[k] = ((f[q] + pq * pq) - (f[v[k - 1]] + pv * pv)) / (2 * (pq - pv));
            }
            zb[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            Arrays.fill(out, 0, n, Double.POSITIVE_INFINITY);
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            double pq = q * s;
            while (zb[j + 1] < pq) {
                j++;
            }
            double dv = pq - v[j] * s;
            out[q] = dv * dv + f[v[j]];
        }
    }
}
