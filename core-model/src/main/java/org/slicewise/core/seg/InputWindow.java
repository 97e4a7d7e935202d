package org.slicewise.core.seg;

import java.util.Locale;
import org.slicewise.core.volume.DisplayWindow;

/**
 * How a slice is mapped to the model's 0..255 input (MedSAM preprocessing): a fixed window
 * (CT presets, or the window the user is looking at), or clipping to the volume's 0.5–99.5
 * percentiles (MR and others). Part of the embedding cache key.
 *
 * @param window fixed window, or null for percentile mode
 * @param lowPct lower percentile (percentile mode)
 * @param highPct upper percentile (percentile mode)
 */
public record InputWindow(DisplayWindow window, double lowPct, double highPct) {
    public static InputWindow fixed(DisplayWindow w) {
        return new InputWindow(w, 0, 0);
    }

    /** 0.5–99.5 percentile clipping, as MedSAM does for MR. */
    public static InputWindow percentiles() {
        return new InputWindow(null, 0.5, 99.5);
    }

    /** Stable string for cache keys. */
    public String key() {
        return window != null
                ? String.format(Locale.ROOT, "W%.3f/L%.3f", window.width(), window.center())
                : String.format(Locale.ROOT, "P%.2f-%.2f", lowPct, highPct);
    }
}
