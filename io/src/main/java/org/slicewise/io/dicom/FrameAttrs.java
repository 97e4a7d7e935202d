package org.slicewise.io.dicom;

/**
 * Per-frame geometry and value attributes, as primitive fields (NaN / null when absent). The top
 * level of a dataset, the shared functional groups and each per-frame functional group item each
 * fill one of these.
 */
final class FrameAttrs {
    double[] position;      // ImagePositionPatient (3)
    double[] orientation;   // ImageOrientationPatient (6)
    double[] pixelSpacing;  // PixelSpacing [row spacing, column spacing]
    double sliceThickness = Double.NaN;
    double slope = Double.NaN;
    double intercept = Double.NaN;
    double windowCenter = Double.NaN;
    double windowWidth = Double.NaN;

    /** This frame's value, else the fallback's. */
    FrameAttrs orElse(FrameAttrs f) {
        if (f == null) {
            return this;
        }
        FrameAttrs r = new FrameAttrs();
        r.position = position != null ? position : f.position;
        r.orientation = orientation != null ? orientation : f.orientation;
        r.pixelSpacing = pixelSpacing != null ? pixelSpacing : f.pixelSpacing;
        r.sliceThickness = Double.isNaN(sliceThickness) ? f.sliceThickness : sliceThickness;
        r.slope = Double.isNaN(slope) ? f.slope : slope;
        r.intercept = Double.isNaN(intercept) ? f.intercept : intercept;
        r.windowCenter = Double.isNaN(windowCenter) ? f.windowCenter : windowCenter;
        r.windowWidth = Double.isNaN(windowWidth) ? f.windowWidth : windowWidth;
        return r;
    }

    double slopeOr1() {
        return Double.isNaN(slope) || slope == 0 ? 1 : slope;
    }

    double interceptOr0() {
        return Double.isNaN(intercept) ? 0 : intercept;
    }
}
