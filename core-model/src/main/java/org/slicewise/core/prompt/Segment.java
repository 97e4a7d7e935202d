package org.slicewise.core.prompt;

/** A line segment on a slice between two points (voxel coordinates), e.g. one RECIST axis. */
public record Segment(double x0, double y0, double x1, double y1) {
    public Segment {
        if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1))) {
            throw new IllegalArgumentException("segment coordinates must be finite");
        }
    }

    public double length() {
        return Math.hypot(x1 - x0, y1 - y0);
    }

    /** Length in mm with in-plane voxel spacing (sx, sy). */
    public double lengthMm(double sx, double sy) {
        return Math.hypot((x1 - x0) * sx, (y1 - y0) * sy);
    }

    public Segment translate(double dx, double dy) {
        return new Segment(x0 + dx, y0 + dy, x1 + dx, y1 + dy);
    }
}
