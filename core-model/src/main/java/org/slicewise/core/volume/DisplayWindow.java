package org.slicewise.core.volume;

/** A display window (centre/level and width) in physical units (HU for CT). */
public record DisplayWindow(double center, double width) {
    public DisplayWindow {
        if (!(width > 0) || !Double.isFinite(center)) {
            throw new IllegalArgumentException("window width must be positive and centre finite: " + center + "/" + width);
        }
    }

    public static final DisplayWindow CT_SOFT_TISSUE = new DisplayWindow(40, 400);
    public static final DisplayWindow CT_LUNG = new DisplayWindow(-160, 1500);
    public static final DisplayWindow CT_BRAIN = new DisplayWindow(40, 80);
    public static final DisplayWindow CT_BONE = new DisplayWindow(400, 1800);

    public double lower() { return center - width / 2; }

    public double upper() { return center + width / 2; }

    /** Maps a value to [0, 1] (clamped). */
    public double normalize(double v) {
        double t = (v - lower()) / width;
        return t < 0 ? 0 : (t > 1 ? 1 : t);
    }

    public static DisplayWindow fromRange(double lo, double hi) {
        return new DisplayWindow((lo + hi) / 2, Math.max(hi - lo, 1e-6));
    }
}
