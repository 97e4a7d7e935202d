package org.slicewise.io.nifti;

import java.util.List;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Mat3;

/**
 * NIfTI orientation ↔ LPS {@link Geometry}, following ITK: the sform when sform_code &gt; 0, else the
 * qform quaternion when qform_code &gt; 0, else pixdim only (NIfTI "method 1", RAS diag(dx, dy, dz)).
 * NIfTI is RAS; LPS negates the x and y rows. Spacings always come out positive.
 */
final class NiftiGeometry {
    private NiftiGeometry() {
    }

    /** Rotation part and offset of the chosen transform in RAS: columns = axis directions. */
    static Geometry toGeometry(NiftiHeader h, int[] dims, List<String> warnings) {
        double[] pix = new double[3];
        for (int i = 0; i < 3; i++) {
            double p = Math.abs(h.pixdim[i + 1]);
            pix[i] = p > 0 && Double.isFinite(p) ? p : 1.0;
        }
        double[] dirRas = new double[9];
        double[] spacing = pix.clone();
        double[] originRas = new double[3];
        if (h.sformCode > 0 && sformUsable(h)) {
            for (int c = 0; c < 3; c++) {
                double nrm = Math.sqrt(sq(h.srow[0][c]) + sq(h.srow[1][c]) + sq(h.srow[2][c]));
                spacing[c] = nrm;
                for (int r = 0; r < 3; r++) {
                    dirRas[r * 3 + c] = h.srow[r][c] / nrm;
                }
                if (Math.abs(nrm - pix[c]) > 1e-4 * Math.max(1, nrm)) {
                    warnings.add("sform column " + c + " length " + nrm + " differs from pixdim " + pix[c]
                            + "; the sform wins");
                }
            }
            for (int r = 0; r < 3; r++) {
                originRas[r] = h.srow[r][3];
            }
            if (!orthonormal(dirRas)) {
                warnings.add("sform has shear or non-orthogonal axes; directions normalised per axis");
            }
        } else if (h.qformCode > 0) {
            dirRas = quaternToRotation(h.quaternB, h.quaternC, h.quaternD, h.pixdim[0] < 0 ? -1 : 1);
            originRas = h.qoffset.clone();
        } else {
            dirRas = new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
            if (h.sformCode > 0) {
                warnings.add("sform is degenerate and qform_code is 0: orientation from pixdim only");
            } else {
                warnings.add("qform_code and sform_code are 0: orientation unknown, using pixdim only");
            }
        }
        double[] dir = new double[9];
        for (int i = 0; i < 9; i++) {
            dir[i] = i < 6 ? -dirRas[i] : dirRas[i];
            if (dir[i] == 0) {
                dir[i] = 0; // no -0.0
            }
        }
        double[] origin = {-originRas[0] + 0.0, -originRas[1] + 0.0, originRas[2]};
        return new Geometry(dims, spacing, origin, dir);
    }

    private static boolean sformUsable(NiftiHeader h) {
        double[] m = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[r * 3 + c] = h.srow[r][c];
                if (!Double.isFinite(m[r * 3 + c]) || !Double.isFinite(h.srow[r][3])) {
                    return false;
                }
            }
        }
        return Math.abs(Mat3.det(m)) > 1e-12;
    }

    private static boolean orthonormal(double[] d) {
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                double dot = d[a] * d[b] + d[3 + a] * d[3 + b] + d[6 + a] * d[6 + b];
                if (Math.abs(dot) > 1e-4) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double sq(double v) {
        return v * v;
    }

    /** nifti_quatern_to_mat44 without scaling: the rotation (qfac applied to the third column). */
    static double[] quaternToRotation(double b, double c, double d, double qfac) {
        double a = 1.0 - (b * b + c * c + d * d);
        if (a < 1e-7) {
            a = 1.0 / Math.sqrt(b * b + c * c + d * d);
            b *= a;
            c *= a;
            d *= a;
            a = 0;
        } else {
            a = Math.sqrt(a);
        }
        double z = qfac < 0 ? -1 : 1;
        return new double[] {
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c) * z,
            2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b) * z,
            2 * (b * d - a * c), 2 * (c * d + a * b), (a * a + d * d - c * c - b * b) * z};
    }

    /**
     * nifti_mat44_to_quatern for an orthonormal RAS rotation: returns {b, c, d, qfac}.
     */
    static double[] rotationToQuatern(double[] rIn) {
        double[] r = rIn.clone();
        double qfac = 1;
        if (Mat3.det(r) < 0) {
            qfac = -1;
            r[2] = -r[2];
            r[5] = -r[5];
            r[8] = -r[8];
        }
        double r11 = r[0], r12 = r[1], r13 = r[2], r21 = r[3], r22 = r[4], r23 = r[5], r31 = r[6], r32 = r[7], r33 = r[8];
        double a = r11 + r22 + r33 + 1;
        double b, c, d;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            b = 0.25 * (r32 - r23) / a;
            c = 0.25 * (r13 - r31) / a;
            d = 0.25 * (r21 - r12) / a;
        } else {
            double xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22);
            if (xd > 1) {
                b = 0.5 * Math.sqrt(xd);
                c = 0.25 * (r12 + r21) / b;
                d = 0.25 * (r13 + r31) / b;
                a = 0.25 * (r32 - r23) / b;
            } else if (yd > 1) {
                c = 0.5 * Math.sqrt(yd);
                b = 0.25 * (r12 + r21) / c;
                d = 0.25 * (r23 + r32) / c;
                a = 0.25 * (r13 - r31) / c;
            } else {
                d = 0.5 * Math.sqrt(zd);
                b = 0.25 * (r13 + r31) / d;
                c = 0.25 * (r23 + r32) / d;
                a = 0.25 * (r21 - r12) / d;
            }
            if (a < 0) {
                b = -b;
                c = -c;
                d = -d;
            }
        }
        return new double[] {b, c, d, qfac};
    }

    /** Nearest orthonormal matrix (polar decomposition by Newton iteration), for the qform. */
    static double[] orthonormalize(double[] m) {
        double[] x = m.clone();
        for (int it = 0; it < 30; it++) {
            double[] inv = Mat3.inverse(x);
            double[] next = new double[9];
            double diff = 0;
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    next[r * 3 + c] = 0.5 * (x[r * 3 + c] + inv[c * 3 + r]);
                    diff += Math.abs(next[r * 3 + c] - x[r * 3 + c]);
                }
            }
            x = next;
            if (diff < 1e-12) {
                break;
            }
        }
        return x;
    }
}
