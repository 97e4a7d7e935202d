package org.slicewise.io.dicom;

/**
 * Stored values to physical values: BitsStored/HighBit extraction with sign extension for
 * PixelRepresentation 1, MONOCHROME1 inversion, then RescaleSlope/Intercept.
 */
final class PixelValues {
    private PixelValues() {
    }

    /** The parameters of one file's stored values. */
    record Format(int bitsStored, int shift, boolean signed, boolean invert) {
        static Format of(DicomHeader h) {
            int bs = h.bitsAllocated == 1 ? 1 : Math.min(h.effectiveBitsStored(), 16);
            int shift = 0;
            if (h.highBit >= bs - 1 && h.highBit < h.bitsAllocated) {
                shift = h.highBit + 1 - bs;
            }
            boolean signed = h.signed() && h.samplesPerPixel == 1 && h.bitsAllocated > 1;
            boolean invert = "MONOCHROME1".equals(h.photometric);
            return new Format(bs, shift, signed, invert);
        }

        int min() {
            return signed ? -(1 << (bitsStored - 1)) : 0;
        }

        int max() {
            return signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
        }

        boolean identity() {
            return bitsStored == 16 && shift == 0 && !invert;
        }

        /**
         * The interpreted stored value of one raw 16-bit sample: the BitsStored bits at HighBit,
         * sign-extended when signed, inverted for MONOCHROME1.
         */
        int value(short raw) {
            int v = ((raw & 0xFFFF) >>> shift) & ((1 << bitsStored) - 1);
            if (signed) {
                int ext = 32 - bitsStored;
                v = (v << ext) >> ext;
            }
            if (invert) {
                v = (signed ? -1 : (1 << bitsStored) - 1) - v;
            }
            return v;
        }
    }

    /**
     * Replaces raw samples by interpreted stored values (in place; unsigned values are kept as
     * 16-bit patterns) and returns {min, max} of the interpreted values.
     */
    static int[] interpret(short[] s, Format f) {
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        int n = s.length;
        if (f.identity()) {
            if (f.signed()) {
                for (int i = 0; i < n; i++) {
                    int v = s[i];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    int v = s[i] & 0xFFFF;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            return new int[] {lo, hi};
        }
        for (int i = 0; i < n; i++) {
            int v = f.value(s[i]);
            s[i] = (short) v;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new int[] {lo, hi};
    }

    /**
     * One pass for the common case: interpreted stored values rescaled by an integral slope and
     * intercept straight to int16 (the caller checked that the format's full range fits).
     */
    static void interpretRescaled(short[] s, Format f, int slope, int intercept) {
        int n = s.length;
        int mask = (1 << f.bitsStored()) - 1;
        if (!f.signed() && !f.invert() && f.shift() == 0 && slope == 1) {
            short m = (short) mask;
            short add = (short) intercept;
            for (int i = 0; i < n; i++) {
                s[i] = (short) ((s[i] & m) + add); // vectorisable: no reductions on the hot path
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            s[i] = (short) (f.value(s[i]) * slope + intercept);
        }
    }

    /** True when every value of the format maps into int16 under this integral rescale. */
    static boolean fitsInt16(Format f, double slope, double intercept) {
        if (!integral(slope) || !integral(intercept)) {
            return false;
        }
        double a = f.min() * slope + intercept;
        double b = f.max() * slope + intercept;
        return Math.min(a, b) >= Short.MIN_VALUE && Math.max(a, b) <= Short.MAX_VALUE;
    }

    /** In-place integral rescale of interpreted values to int16 (the caller checked the range). */
    static void rescaleToShort(short[] s, boolean signed, int slope, int intercept) {
        int n = s.length;
        if (signed) {
            if (slope == 1 && intercept == 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                s[i] = (short) (s[i] * slope + intercept);
            }
        } else if (slope == 1) {
            for (int i = 0; i < n; i++) {
                s[i] = (short) ((s[i] & 0xFFFF) + intercept);
            }
        } else {
            for (int i = 0; i < n; i++) {
                s[i] = (short) ((s[i] & 0xFFFF) * slope + intercept);
            }
        }
    }

    static float[] rescaleToFloat(short[] s, boolean signed, double slope, double intercept) {
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            int v = signed ? s[i] : s[i] & 0xFFFF;
            out[i] = (float) (v * slope + intercept);
        }
        return out;
    }

    static boolean integral(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 && Math.abs(v) < 1 << 20;
    }
}
