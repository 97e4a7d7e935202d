package org.slicewise.io.codec.jpegls;

/**
 * The coding parameters of one scan (ITU-T T.87 C.2.4.1.1 and A.2.1): MAXVAL, thresholds, RESET and
 * the quantities derived from them with NEAR. Values of 0 in an LSE preset mean "use the default".
 */
final class JpegLsParams {
    final int maxVal;
    final int near;
    final int t1;
    final int t2;
    final int t3;
    final int reset;
    final int range;
    final int qbpp;
    final int limit;

    private JpegLsParams(int maxVal, int near, int t1, int t2, int t3, int reset) {
        this.maxVal = maxVal;
        this.near = near;
        this.t1 = t1;
        this.t2 = t2;
        this.t3 = t3;
        this.reset = reset;
        this.range = (maxVal + 2 * near) / (2 * near + 1) + 1;
        this.qbpp = ceilLog2(range);
        int bpp = Math.max(2, ceilLog2(maxVal + 1));
        this.limit = 2 * (bpp + Math.max(8, bpp));
    }

    /**
     * Resolves the parameters of a scan.
     *
     * @param precision frame precision P
     * @param near      NEAR of the scan
     * @param preset    LSE preset {MAXVAL, T1, T2, T3, RESET} (zeros = defaults), or null
     * @return the parameters
     * @throws IllegalArgumentException with a short reason when the values are inconsistent
     */
    static JpegLsParams resolve(int precision, int near, int[] preset) {
        int maxVal = preset != null && preset[0] != 0 ? preset[0] : (1 << precision) - 1;
        if (maxVal < 1 || maxVal > 65535) {
            throw new IllegalArgumentException("MAXVAL " + maxVal + " out of range");
        }
        if (near < 0 || near > Math.min(255, maxVal / 2)) {
            throw new IllegalArgumentException("NEAR " + near + " out of range for MAXVAL " + maxVal);
        }
        // defaults (C.2.4.1.1.1), each clamped against the threshold actually in use before it
        boolean has1 = preset != null && preset[1] != 0;
        boolean has2 = preset != null && preset[2] != 0;
        boolean has3 = preset != null && preset[3] != 0;
        int t1;
        int t2;
        int t3;
        if (maxVal >= 128) {
            int factor = (Math.min(maxVal, 4095) + 128) >> 8;
            t1 = has1 ? preset[1] : clamp(factor * (3 - 2) + 2 + 3 * near, near + 1, maxVal);
            t2 = has2 ? preset[2] : clamp(factor * (7 - 3) + 3 + 5 * near, t1, maxVal);
            t3 = has3 ? preset[3] : clamp(factor * (21 - 4) + 4 + 7 * near, t2, maxVal);
        } else {
            int factor = 256 / (maxVal + 1);
            t1 = has1 ? preset[1] : clamp(Math.max(2, 3 / factor + 3 * near), near + 1, maxVal);
            t2 = has2 ? preset[2] : clamp(Math.max(3, 7 / factor + 5 * near), t1, maxVal);
            t3 = has3 ? preset[3] : clamp(Math.max(4, 21 / factor + 7 * near), t2, maxVal);
        }
        int reset = preset != null && preset[4] != 0 ? preset[4] : 64;
        if (t1 < near + 1 || t1 > t2 || t2 > t3 || t3 > maxVal) {
            throw new IllegalArgumentException("invalid thresholds T1=" + t1 + " T2=" + t2 + " T3=" + t3
                    + " for MAXVAL " + maxVal + " NEAR " + near);
        }
        if (reset < 3 || reset > Math.max(255, maxVal)) {
            throw new IllegalArgumentException("invalid RESET " + reset);
        }
        return new JpegLsParams(maxVal, near, t1, t2, t3, reset);
    }

    /** MAXVAL (and NEAR, RESET) from {@code preset}, thresholds T1..T3 copied from {@code thresholds}. */
    static JpegLsParams resolveWithThresholds(int precision, int near, int[] preset, JpegLsParams thresholds) {
        JpegLsParams base = resolve(precision, near, preset);
        return new JpegLsParams(base.maxVal, near, thresholds.t1, thresholds.t2, thresholds.t3, base.reset);
    }

    private record QuantKey(int maxVal, int near, int t1, int t2, int t3) {
    }

    /** Recently used gradient quantisation tables (128 KiB for 16-bit data: worth reusing across frames). */
    private static final java.util.Map<QuantKey, byte[]> QUANT_CACHE = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<QuantKey, byte[]> e) {
            return size() > 8;
        }
    };

    /**
     * The gradient quantisation table Q(D) for D in [-MAXVAL, MAXVAL] at index D + MAXVAL (A.3.3), shared
     * read-only between decoders with the same parameters.
     */
    byte[] quantTable() {
        QuantKey key = new QuantKey(maxVal, near, t1, t2, t3);
        synchronized (QUANT_CACHE) {
            byte[] q = QUANT_CACHE.get(key);
            if (q != null) {
                return q;
            }
        }
        byte[] q = buildQuantTable(this);
        synchronized (QUANT_CACHE) {
            QUANT_CACHE.put(key, q);
        }
        return q;
    }

    private static byte[] buildQuantTable(JpegLsParams p) {
        int n = 2 * p.maxVal + 1;
        byte[] q = new byte[n];
        for (int i = 0; i < n; i++) {
            int d = i - p.maxVal;
            int v;
            if (d <= -p.t3) {
                v = -4;
            } else if (d <= -p.t2) {
                v = -3;
            } else if (d <= -p.t1) {
                v = -2;
            } else if (d < -p.near) {
                v = -1;
            } else if (d <= p.near) {
                v = 0;
            } else if (d < p.t1) {
                v = 1;
            } else if (d < p.t2) {
                v = 2;
            } else if (d < p.t3) {
                v = 3;
            } else {
                v = 4;
            }
            q[i] = (byte) v;
        }
        return q;
    }

    private static int clamp(int i, int j, int maxVal) {
        return (i > maxVal || i < j) ? j : i;
    }

    static int ceilLog2(int v) {
        return v <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(v - 1);
    }
}
