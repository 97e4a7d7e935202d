package org.slicewise.io.codec.jpegls;

/**
 * Entropy decoder of one JPEG-LS scan (ITU-T T.87 Annex A): context modelling, regular mode, run mode,
 * run interruption, limited-length Golomb codes, and a bit reader that removes the stuffed zero bit after
 * each 0xFF byte. The bit reader lives in this class (no separate object, no virtual calls) because it is
 * the hot path: a 512x512 frame is ~260k calls of {@link #decodeRegular}.
 *
 * <p>Errors are reported as {@link IllegalStateException} with a short reason; {@link JpegLsDecoder}
 * turns them into the public exception.
 */
final class JpegLsScanDecoder {
    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
        4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final int CONTEXTS = 367;
    private static final java.lang.invoke.VarHandle BE_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private final byte[] data;
    private final int dataEnd;
    // bit reader state: 'bits' valid bits left-aligned in 'cache'
    private long cache;
    private int bits;
    private int pos;
    /** Zero bits appended after the end of the entropy-coded data (at a marker or the end of the array). */
    private int padBits;
    /** Byte offset of the marker (0xFF) that ends the current entropy-coded segment, or -1 if not yet seen. */
    private int markerPos;
    private boolean afterFF;

    // parameters
    private final int near;
    private final int maxVal;
    private final int range;
    private final int qbpp;
    private final int limit;
    private final int reset;
    private final int step; // 2*NEAR+1
    private final int quantOffset;
    private final byte[] quant;

    // context variables
    /** A, B, C, N of context q at 4q .. 4q+3 (one cache line per context). */
    private final int[] cx = new int[CONTEXTS * 4];
    private final int[] cnn = new int[CONTEXTS];
    /** MAXVAL when lossless with MAXVAL = 2^n-1 (reconstruction is then a mask), else -1. */
    private final int losslessMask;
    private int runIndex;

    JpegLsScanDecoder(byte[] data, int start, JpegLsParams p) {
        this.data = data;
        this.dataEnd = data.length;
        this.near = p.near;
        this.maxVal = p.maxVal;
        this.range = p.range;
        this.qbpp = p.qbpp;
        this.limit = p.limit;
        this.reset = p.reset;
        this.step = 2 * p.near + 1;
        this.quantOffset = p.maxVal;
        this.quant = p.quantTable();
        this.losslessMask = p.near == 0 && (p.maxVal & (p.maxVal + 1)) == 0 ? p.maxVal : -1;
        resetContexts();
        startSegment(start);
    }

    /** Re-initialises the context variables and the run index (start of scan, after a restart marker). */
    void resetContexts() {
        int a = Math.max(2, (range + 32) >> 6);
        for (int q = 0; q < CONTEXTS; q++) {
            cx[4 * q] = a;
            cx[4 * q + 1] = 0;
            cx[4 * q + 2] = 0;
            cx[4 * q + 3] = 1;
        }
        java.util.Arrays.fill(cnn, 0);
        runIndex = 0;
    }

    int runIndex() {
        return runIndex;
    }

    void setRunIndex(int r) {
        runIndex = r;
    }

    // ------------------------------------------------------------------ bit reader

    private void startSegment(int start) {
        pos = start;
        cache = 0;
        bits = 0;
        padBits = 0;
        markerPos = -1;
        afterFF = false;
        fill();
    }

    private void fill() {
        if (!afterFF && markerPos < 0 && pos + 8 <= dataEnd) {
            long w = (long) BE_LONG.get(data, pos);
            long x = ~w;
            if (((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) == 0) { // no 0xFF byte: take whole bytes
                int nbytes = (64 - bits) >> 3;
                int nb = nbytes << 3;
                cache |= (w >>> (64 - nb)) << (64 - bits - nb);
                bits += nb;
                pos += nbytes;
                return;
            }
        }
        while (bits <= 56) {
            if (markerPos >= 0 || pos >= dataEnd) {
                bits += 8; // zero padding
                padBits += 8;
                continue;
            }
            int b = data[pos] & 0xFF;
            if (afterFF) {
                // the byte after 0xFF carries a stuffed zero bit: take its low 7 bits only
                cache |= (long) b << (57 - bits);
                bits += 7;
                pos++;
                afterFF = false;
            } else if (b == 0xFF) {
                if (pos + 1 >= dataEnd || (data[pos + 1] & 0xFF) >= 0x80) {
                    markerPos = pos; // a marker (or a lone 0xFF at the end) ends the coded data
                    continue;
                }
                cache |= 0xFFL << (56 - bits);
                bits += 8;
                pos++;
                afterFF = true;
            } else {
                cache |= (long) b << (56 - bits);
                bits += 8;
                pos++;
            }
        }
    }

    private int readBits(int n) {
        if (n == 0) {
            return 0;
        }
        if (bits < n) {
            fill();
        }
        int v = (int) (cache >>> (64 - n));
        cache <<= n;
        bits -= n;
        return v;
    }

    private int readBit() {
        if (bits < 1) {
            fill();
        }
        int v = (int) (cache >>> 63);
        cache <<= 1;
        bits--;
        return v;
    }

    /** Counts 0 bits up to and including the next 1 bit; fails past {@code max} zeros. */
    private int readUnary(int max) {
        int count = 0;
        while (true) {
            if (bits < 32) {
                fill();
            }
            long c = cache;
            int z = Long.numberOfLeadingZeros(c);
            if (z < bits) {
                cache = (c << z) << 1;
                bits -= z + 1;
                count += z;
                if (count > max) {
                    throw new IllegalStateException("corrupt entropy-coded data (Golomb prefix too long)");
                }
                return count;
            }
            count += bits;
            cache = 0;
            bits = 0;
            if (count > max) {
                throw new IllegalStateException(padBits > 0 ? "truncated entropy-coded data"
                        : "corrupt entropy-coded data (Golomb prefix too long)");
            }
        }
    }

    /** Limited-length Golomb decoding (A.5.3). */
    private int decodeValue(int k, int lim) {
        if (bits < 32) {
            fill();
        }
        long c = cache;
        int z = Long.numberOfLeadingZeros(c);
        int total = z + 1 + k;
        if (total < bits && z < lim - qbpp - 1) {
            // z zeros, the terminating 1, then k bits: all in the cache
            int top = (int) ((c << z) >>> (63 - k)); // the 1 followed by the k low bits
            cache = c << total;
            bits -= total;
            return (z << k) + top - (1 << k);
        }
        int high = readUnary(lim);
        if (high >= lim - qbpp - 1) {
            return readBits(qbpp) + 1;
        }
        if (k == 0) {
            return high;
        }
        return (high << k) | readBits(k);
    }

    /** True when the bits consumed so far ran past the end of the entropy-coded data. */
    boolean overrun() {
        return padBits > bits;
    }

    /**
     * True when the scan consumed its entropy-coded data up to the final padding (fewer than 16 bits
     * left before the marker, allowing for zero padding and a stuffed byte after a final 0xFF).
     */
    boolean endedCleanly() {
        if (padBits > bits) {
            return false;
        }
        int left = bits - padBits;
        if (markerPos < 0) {
            int end = segmentEnd();
            left += ((end < 0 ? dataEnd : end) - pos) * 8;
        }
        return left < 16;
    }

    /**
     * Ends the current entropy-coded segment at a restart marker: returns the offset of the marker byte
     * 0xFF (fill bytes included), or -1 when no marker was found.
     */
    int segmentEnd() {
        if (markerPos >= 0) {
            return markerPos;
        }
        // the cache never holds a marker; search forward from the read position
        for (int i = pos; i + 1 < dataEnd; i++) {
            if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) >= 0x80) {
                return i;
            }
        }
        return -1;
    }

    /** Continues decoding after a restart marker whose segment data start at {@code start}. */
    void restartAt(int start) {
        resetContexts();
        startSegment(start);
    }

    // ------------------------------------------------------------------ sample decoding

    private int fix(int v) {
        if (v < -near) {
            v += range * step;
        } else if (v > maxVal + near) {
            v -= range * step;
        }
        return v < 0 ? 0 : (v > maxVal ? maxVal : v);
    }

    /**
     * Decodes one line of one component. {@code prev} and {@code cur} hold the previous and current
     * line at indices 1..w, with {@code cur[0] = prev[1]} (Ra of the first sample) and
     * {@code prev[w+1] = prev[w]} (Rd of the last) already set by the caller.
     */
    void decodeLine(int[] prev, int[] cur, int w) {
        final byte[] q = quant;
        final int off = quantOffset;
        int x = 1;
        int ra = cur[0];
        int rc = prev[0];
        int rb = prev[1];
        while (x <= w) {
            int rd = prev[x + 1];
            int ctx = q[rd - rb + off] * 81 + q[rb - rc + off] * 9 + q[rc - ra + off];
            if (ctx == 0) {
                x = decodeRun(prev, cur, x, w);
                if (x <= w) {
                    ra = cur[x - 1];
                    rc = prev[x - 1];
                    rb = prev[x];
                }
            } else {
                ra = decodeRegular(ctx, ra, rb, rc);
                cur[x] = ra;
                rc = rb;
                rb = rd;
                x++;
            }
        }
    }

    private int decodeRegular(int ctx, int ra, int rb, int rc) {
        int sign = ctx >> 31; // 0 or -1
        int qi = ((ctx ^ sign) - sign) << 2;
        final int[] t = cx;
        // MED predictor (A.4.1) = median(Ra, Rb, Ra+Rb-Rc): branch-free min/max
        int px = Math.max(Math.min(ra, rb), Math.min(Math.max(ra, rb), ra + rb - rc));
        px = Math.max(0, Math.min(maxVal, px + ((t[qi + 2] ^ sign) - sign)));
        int n = t[qi + 3];
        int k = golombK(n, t[qi]);
        int m = decodeValue(k, limit);
        int err = (m >>> 1) ^ -(m & 1); // unmap: even m -> m/2, odd m -> -(m+1)/2
        if (k == 0 && near == 0 && 2 * t[qi + 1] + n - 1 < 0) {
            err = ~err;
        }
        update(qi, err);
        err = (err ^ sign) - sign;
        int mask = losslessMask;
        return mask >= 0 ? (px + err) & mask : fix(px + err * step);
    }

    /** Context update and bias correction (A.6). */
    private void update(int qi, int err) {
        final int[] t = cx;
        int a = t[qi] + (err < 0 ? -err : err);
        int b = t[qi + 1] + err * step;
        int c = t[qi + 2];
        int n = t[qi + 3];
        if (n == reset) {
            a >>= 1;
            b >>= 1;
            n >>= 1;
        }
        n++;
        if (b + n <= 0) {
            b += n;
            if (b <= -n) {
                b = -n + 1;
            }
            if (c > -128) {
                t[qi + 2] = c - 1;
            }
        } else if (b > 0) {
            b -= n;
            if (b > 0) {
                b = 0;
            }
            if (c < 127) {
                t[qi + 2] = c + 1;
            }
        }
        t[qi] = a;
        t[qi + 1] = b;
        t[qi + 3] = n;
    }

    private static int golombK(int n, int a) {
        if (n >= a) {
            return 0;
        }
        int k = Integer.numberOfLeadingZeros(n) - Integer.numberOfLeadingZeros(a);
        return (n << k) < a ? k + 1 : k;
    }

    /** Run mode from position x (1-based); returns the next position to decode. */
    private int decodeRun(int[] prev, int[] cur, int x, int w) {
        int ra = cur[x - 1];
        int remaining = w - x + 1;
        int count = readRunLength(remaining);
        for (int i = x, e = x + count; i < e; i++) {
            cur[i] = ra;
        }
        if (count == remaining) {
            return w + 1;
        }
        int xi = x + count;
        int rb = prev[xi];
        int riType = Math.abs(ra - rb) <= near ? 1 : 0;
        int err = decodeInterruptionError(riType);
        int px;
        if (riType == 1) {
            px = ra;
        } else {
            px = rb;
            if (rb < ra) {
                err = -err;
            }
        }
        cur[xi] = fix(px + err * step);
        if (runIndex > 0) {
            runIndex--;
        }
        return xi + 1;
    }

    /** Reads the length of a run of at most {@code remaining} samples (A.7.1.2). */
    private int readRunLength(int remaining) {
        int count = 0;
        while (readBit() == 1) {
            int rg = 1 << J[runIndex];
            int c = Math.min(rg, remaining - count);
            count += c;
            if (c == rg && runIndex < 31) {
                runIndex++;
            }
            if (count == remaining) {
                return count;
            }
        }
        count += readBits(J[runIndex]);
        if (count > remaining) {
            throw new IllegalStateException("corrupt entropy-coded data (run past the end of a line)");
        }
        return count;
    }

    /** Decodes the prediction error of a run interruption sample (A.7.2), updating context 365+riType. */
    private int decodeInterruptionError(int riType) {
        int qi = 365 + riType;
        int a = cx[4 * qi];
        int n = cx[4 * qi + 3];
        int temp = riType == 0 ? a : a + (n >> 1);
        int k = golombK(n, temp);
        int em = decodeValue(k, limit - J[runIndex] - 1);
        int t = em + riType;
        int map = t & 1;
        int abs = (t + map) >> 1;
        int nn = cnn[qi];
        int err = ((k != 0 || 2 * nn >= n) == (map == 1)) ? -abs : abs;
        if (err < 0) {
            nn++;
        }
        a += (em + 1 - riType) >> 1;
        if (n == reset) {
            a >>= 1;
            n >>= 1;
            nn >>= 1;
        }
        cx[4 * qi] = a;
        cx[4 * qi + 3] = n + 1;
        cnn[qi] = nn;
        return err;
    }

    /**
     * Decodes one line of a sample-interleaved scan of {@code nc} components. Pixel x (1..w) of
     * component c is at index {@code x*nc + c}; index 0 and w+1 hold the edge pixels set by the caller.
     */
    void decodeLineInterleaved(int[] prev, int[] cur, int w, int nc, int[] ctxs) {
        final byte[] q = quant;
        final int off = quantOffset;
        int x = 1;
        while (x <= w) {
            int base = x * nc;
            boolean allZero = true;
            for (int c = 0; c < nc; c++) {
                int i = base + c;
                int ra = cur[i - nc];
                int rb = prev[i];
                int rc = prev[i - nc];
                int rd = prev[i + nc];
                int ctx = q[rd - rb + off] * 81 + q[rb - rc + off] * 9 + q[rc - ra + off];
                ctxs[c] = ctx;
                allZero &= ctx == 0;
            }
            if (allZero) {
                x = decodeRunInterleaved(prev, cur, x, w, nc);
            } else {
                for (int c = 0; c < nc; c++) {
                    int i = base + c;
                    cur[i] = decodeRegular(ctxs[c], cur[i - nc], prev[i], prev[i - nc]);
                }
                x++;
            }
        }
    }

    private int decodeRunInterleaved(int[] prev, int[] cur, int x, int w, int nc) {
        int remaining = w - x + 1;
        int count = readRunLength(remaining);
        int src = (x - 1) * nc;
        for (int i = x * nc, e = (x + count) * nc; i < e; i += nc) {
            for (int c = 0; c < nc; c++) {
                cur[i + c] = cur[src + c];
            }
        }
        if (count == remaining) {
            return w + 1;
        }
        int xi = x + count;
        for (int c = 0; c < nc; c++) {
            int ra = cur[src + c];
            int rb = prev[xi * nc + c];
            int err = decodeInterruptionError(0);
            if (rb < ra) {
                err = -err;
            }
            cur[xi * nc + c] = fix(rb + err * step);
        }
        if (runIndex > 0) {
            runIndex--;
        }
        return xi + 1;
    }
}
