package org.slicewise.app.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Volume;

/** Display window presets: the header's window, CT presets, and MR auto (percentiles). */
public final class WindowPresets {
    private WindowPresets() {
    }

    /** Named presets in menu order; "Auto" is the 1st–99th percentile of the volume. */
    public static Map<String, DisplayWindow> ct() {
        Map<String, DisplayWindow> m = new LinkedHashMap<>();
        m.put("Soft tissue (W400 L40)", DisplayWindow.CT_SOFT_TISSUE);
        m.put("Lung (W1500 L-160)", DisplayWindow.CT_LUNG);
        m.put("Brain (W80 L40)", DisplayWindow.CT_BRAIN);
        m.put("Bone (W1800 L400)", DisplayWindow.CT_BONE);
        return m;
    }

    /** The default window: the header's, else soft tissue for CT, else percentiles (call off the FX thread). */
    public static DisplayWindow initial(Volume v) {
        if (v.metadata().suggestedWindow() != null) {
            return v.metadata().suggestedWindow();
        }
        if ("CT".equals(v.metadata().modality())) {
            return DisplayWindow.CT_SOFT_TISSUE;
        }
        return percentiles(v, 0.5, 99.5);
    }

    /** Window spanning the given percentiles of the voxel values (histogram, 4096 bins, sampled). */
    public static DisplayWindow percentiles(Volume v, double lowPct, double highPct) {
        double[] mm = v.minMax();
        if (!(mm[1] > mm[0])) {
            return DisplayWindow.fromRange(mm[0] - 1, mm[0] + 1);
        }
        int bins = 4096;
        long[] h = new long[bins];
        double scale = (bins - 1) / (mm[1] - mm[0]);
        float[] buf = null;
        long n = 0;
        long total = v.geometry().voxelCount();
        int step = (int) Math.max(1, total / 4_000_000);
        for (int z = 0; z < v.nz(); z++) {
            buf = v.sliceAsFloat(z, buf);
            for (int i = 0, len = v.geometry().sliceSize(); i < len; i += step) {
                float f = buf[i];
                if (!Float.isNaN(f)) {
                    h[(int) ((f - mm[0]) * scale)]++;
                    n++;
                }
            }
        }
        double lo = valueAt(h, n, lowPct / 100, mm[0], scale), hi = valueAt(h, n, highPct / 100, mm[0], scale);
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        return DisplayWindow.fromRange(lo, hi);
    }

    private static double valueAt(long[] h, long n, double q, double min, double scale) {
        long target = (long) Math.ceil(q * n), acc = 0;
        for (int b = 0; b < h.length; b++) {
            acc += h[b];
            if (acc >= target) {
                return min + b / scale;
            }
        }
        return min + (h.length - 1) / scale;
    }
}
