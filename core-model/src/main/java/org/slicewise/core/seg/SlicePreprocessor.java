package org.slicewise.core.seg;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

/**
 * MedSAM preprocessing of one slice to the model's 0..255 grey image: a fixed window (CT presets or
 * the user's window) or clipping to the volume's percentiles (0.5–99.5 for MR), then linear scaling
 * to 0..255. Percentiles are computed once per volume and cached (bounded: the last 16 volumes).
 * Thread-safe.
 */
public final class SlicePreprocessor {
    private static final int MAX_VOLUMES = 16;
    private final Map<String, double[]> ranges = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> e) {
            return size() > MAX_VOLUMES;
        }
    };
    private long percentileComputations;

    /** The intensity range [lo, hi] that maps to 0..255 for this volume and window. */
    public double[] range(Volume volume, InputWindow window) {
        if (window.window() != null) {
            DisplayWindow w = window.window();
            return new double[] {w.lower(), w.upper()};
        }
        String key = volume.id() + "|" + window.key();
        synchronized (ranges) {
            double[] r = ranges.get(key);
            if (r != null) {
                return r;
            }
        }
        double[] r = percentiles(volume, window.lowPct(), window.highPct());
        synchronized (ranges) {
            // another thread may have computed it meanwhile: keep the first (identical) value
            double[] prev = ranges.putIfAbsent(key, r);
            if (prev == null) {
                percentileComputations++;
            }
            return prev != null ? prev : r;
        }
    }

    /** How many times percentiles were computed (for tests of the per-volume cache). */
    public long percentileComputations() {
        synchronized (ranges) {
            return percentileComputations;
        }
    }

    /** Slice {@code z} mapped to 0..255 with this window. */
    public SliceImage slice(Volume volume, int z, InputWindow window) {
        if (z < 0 || z >= volume.nz()) {
            throw new IllegalArgumentException("slice " + z + " outside 0.." + (volume.nz() - 1));
        }
        double[] r = range(volume, window);
        float[] px = volume.sliceAsFloat(z, null);
        scaleTo255(px, r[0], r[1]);
        return new SliceImage(volume.nx(), volume.ny(), px);
    }

    /** In place: clip to [lo, hi] and scale linearly to 0..255 (NaN becomes 0). */
    public static void scaleTo255(float[] px, double lo, double hi) {
        double span = hi - lo;
        double k = span > 0 ? 255.0 / span : 0;
        for (int i = 0; i < px.length; i++) {
            float v = px[i];
            double t = (v - lo) * k;
            px[i] = Float.isNaN(v) ? 0f : (float) (t < 0 ? 0 : (t > 255 ? 255 : t));
        }
    }

    /**
     * The {@code lowPct} and {@code highPct} percentiles over all voxels of the volume, with numpy's
     * default (linear) interpolation. Exact: integer volumes use a histogram, float volumes a sort
     * (of a regular subsample above 16 M voxels). NaN voxels are ignored.
     */
    public static double[] percentiles(Volume volume, double lowPct, double highPct) {
        if (!(lowPct >= 0 && lowPct <= highPct && highPct <= 100)) {
            throw new IllegalArgumentException("percentiles must satisfy 0 <= low <= high <= 100: " + lowPct + ", " + highPct);
        }
        double[] mm = volume.minMax();
        if (!(mm[0] <= mm[1])) {
            return new double[] {0, 0};
        }
        boolean integer = volume.type() != VoxelType.FLOAT32 && volume.type() != VoxelType.FLOAT64;
        if (integer && mm[1] - mm[0] < (1 << 24)) {
            return histogramPercentiles(volume, (long) mm[0], (int) (mm[1] - mm[0]) + 1, lowPct, highPct);
        }
        return sortedPercentiles(volume, lowPct, highPct);
    }

    private static double[] histogramPercentiles(Volume v, long min, int bins, double lowPct, double highPct) {
        long[] hist = new long[bins];
        float[] buf = null;
        int n = v.nx() * v.ny();
        for (int z = 0; z < v.nz(); z++) {
            buf = v.sliceAsFloat(z, buf);
            for (int i = 0; i < n; i++) {
                hist[(int) ((long) buf[i] - min)]++;
            }
        }
        long total = (long) n * v.nz();
        return new double[] {orderStat(hist, min, total, lowPct), orderStat(hist, min, total, highPct)};
    }

    private static double orderStat(long[] hist, long min, long total, double pct) {
        double rank = pct / 100.0 * (total - 1);
        long lo = (long) Math.floor(rank);
        double frac = rank - lo;
        double a = valueAtRank(hist, min, lo);
        double b = frac > 0 ? valueAtRank(hist, min, Math.min(lo + 1, total - 1)) : a;
        return a + (b - a) * frac;
    }

    private static double valueAtRank(long[] hist, long min, long rank) {
        long cum = 0;
        for (int i = 0; i < hist.length; i++) {
            cum += hist[i];
            if (cum > rank) {
                return min + i;
            }
        }
        return min + hist.length - 1;
    }

    private static double[] sortedPercentiles(Volume v, double lowPct, double highPct) {
        long total = (long) v.nx() * v.ny() * v.nz();
        int stride = (int) Math.max(1, (total + (16 << 20) - 1) / (16 << 20));
        float[] all = new float[(int) ((total + stride - 1) / stride)];
        int k = 0;
        long idx = 0;
        float[] buf = null;
        int n = v.nx() * v.ny();
        for (int z = 0; z < v.nz(); z++) {
            buf = v.sliceAsFloat(z, buf);
            for (int i = 0; i < n; i++, idx++) {
                if (idx % stride == 0 && !Float.isNaN(buf[i]) && k < all.length) {
                    all[k++] = buf[i];
                }
            }
        }
        float[] s = Arrays.copyOf(all, k);
        Arrays.sort(s);
        return new double[] {interp(s, lowPct), interp(s, highPct)};
    }

    private static double interp(float[] s, double pct) {
        if (s.length == 0) {
            return 0;
        }
        double rank = pct / 100.0 * (s.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (s[hi] - (double) s[lo]) * (rank - lo);
    }
}
