package org.slicewise.io.dicom;

/**
 * Siemens mosaic support: a single frame holding N slices as tiles in a ceil(sqrt(N)) grid. The
 * header's ImagePositionPatient is the corner of the whole mosaic; the first tile's corner is
 * shifted by half the difference between mosaic and tile size along the row and column directions
 * (the correction dcm2niix applies). Slices follow the CSA SliceNormalVector, spaced by
 * SpacingBetweenSlices (else SliceThickness).
 */
final class Mosaic {
    private Mosaic() {
    }

    static int tilesPerRow(DicomHeader h) {
        return (int) Math.ceil(Math.sqrt(h.mosaicImages));
    }

    static int tileWidth(DicomHeader h) {
        return h.columns / tilesPerRow(h);
    }

    static int tileHeight(DicomHeader h) {
        return h.rows / tilesPerRow(h);
    }

    /** Null when the mosaic description is usable, else the problem. */
    static String problem(DicomHeader h) {
        int t = tilesPerRow(h);
        if (h.frames != 1 || t * t < h.mosaicImages || h.columns % t != 0 || h.rows % t != 0) {
            return "inconsistent mosaic: " + h.mosaicImages + " images in " + h.columns + "x" + h.rows;
        }
        return null;
    }

    /** Positions of the tiles' first voxels, or null when the header has no geometry. */
    static double[][] tilePositions(DicomHeader h, FrameAttrs a) {
        if (a.position == null || a.orientation == null || a.pixelSpacing == null) {
            return null;
        }
        double[] o = a.orientation;
        double[] n = h.csaSliceNormal != null ? h.csaSliceNormal : SeriesGeometry.cross(o);
        int t = tilesPerRow(h);
        double fx = (h.columns - h.columns / (double) t) / 2.0;
        double fy = (h.rows - h.rows / (double) t) / 2.0;
        double dx = a.pixelSpacing[1];
        double dy = a.pixelSpacing[0];
        double dz = !Double.isNaN(h.spacingBetweenSlices) && h.spacingBetweenSlices > 0 ? h.spacingBetweenSlices
                : (a.sliceThickness > 0 ? a.sliceThickness : 1);
        double[][] pos = new double[h.mosaicImages][3];
        for (int k = 0; k < pos.length; k++) {
            for (int i = 0; i < 3; i++) {
                pos[k][i] = a.position[i] + o[i] * dx * fx + o[3 + i] * dy * fy + n[i] * dz * k;
            }
        }
        return pos;
    }

    /** Copies tile {@code k} out of a decoded mosaic frame. */
    static short[] tile(DicomHeader h, short[] mosaic, int k) {
        int t = tilesPerRow(h);
        int tw = h.columns / t;
        int th = h.rows / t;
        int x0 = (k % t) * tw;
        int y0 = (k / t) * th;
        short[] out = new short[tw * th];
        for (int y = 0; y < th; y++) {
            System.arraycopy(mosaic, (y0 + y) * h.columns + x0, out, y * tw, tw);
        }
        return out;
    }
}
