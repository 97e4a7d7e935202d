package org.slicewise.core.prompt;

/** An axis-aligned box on a slice, in voxel coordinates of that slice (inclusive bounds, x0 ≤ x1, y0 ≤ y1). */
public record BoxPrompt(double x0, double y0, double x1, double y1) {
    public BoxPrompt {
        if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1))) {
            throw new IllegalArgumentException("box coordinates must be finite");
        }
        if (x1 < x0 || y1 < y0) {
            throw new IllegalArgumentException("box must have x0<=x1 and y0<=y1: [" + x0 + "," + y0 + "," + x1 + "," + y1 + "]");
        }
    }

    public double width() { return x1 - x0; }

    public double height() { return y1 - y0; }
}
