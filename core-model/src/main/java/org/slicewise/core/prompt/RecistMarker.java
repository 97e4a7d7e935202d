package org.slicewise.core.prompt;

/**
 * A RECIST marker on one slice: the tumour's long axis and an optional perpendicular short axis,
 * as a radiologist draws them (voxel coordinates).
 *
 * @param longAxis  the longest in-plane diameter (non-zero length)
 * @param shortAxis the longest diameter perpendicular to it, or null
 */
public record RecistMarker(Segment longAxis, Segment shortAxis) {
    public RecistMarker {
        if (longAxis == null) {
            throw new IllegalArgumentException("a RECIST marker needs a long axis");
        }
        if (!(longAxis.length() > 0)) {
            throw new IllegalArgumentException("the long axis has zero length");
        }
        if (shortAxis != null && !(shortAxis.length() > 0)) {
            throw new IllegalArgumentException("the short axis has zero length");
        }
    }

    /** The smallest axis-aligned rectangle covering both segments (before any margin). */
    public BoxPrompt coveringBox() {
        double x0 = Math.min(longAxis.x0(), longAxis.x1()), x1 = Math.max(longAxis.x0(), longAxis.x1());
        double y0 = Math.min(longAxis.y0(), longAxis.y1()), y1 = Math.max(longAxis.y0(), longAxis.y1());
        if (shortAxis != null) {
            x0 = Math.min(x0, Math.min(shortAxis.x0(), shortAxis.x1()));
            x1 = Math.max(x1, Math.max(shortAxis.x0(), shortAxis.x1()));
            y0 = Math.min(y0, Math.min(shortAxis.y0(), shortAxis.y1()));
            y1 = Math.max(y1, Math.max(shortAxis.y0(), shortAxis.y1()));
        }
        return new BoxPrompt(x0, y0, x1, y1);
    }

    /** The covering box grown by the margin policy. */
    public BoxPrompt toBox(MarginPolicy margin) {
        return margin.grow(coveringBox(), longAxis.length());
    }

    public RecistMarker translate(double dx, double dy) {
        return new RecistMarker(longAxis.translate(dx, dy), shortAxis == null ? null : shortAxis.translate(dx, dy));
    }
}
