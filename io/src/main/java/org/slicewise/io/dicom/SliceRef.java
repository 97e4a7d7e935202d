package org.slicewise.io.dicom;

/**
 * One slice of a series: a frame of a file (or a tile of a Siemens mosaic frame) with its own
 * position and value attributes.
 */
final class SliceRef {
    final DicomHeader header;
    final int frame;
    /** Mosaic tile index, or -1. */
    final int tile;
    final FrameAttrs attrs;
    /** LPS position of the slice's first voxel (null when unknown). */
    double[] position;
    /** Position projected on the slice normal (sort key). */
    double along;

    SliceRef(DicomHeader header, int frame, int tile, FrameAttrs attrs, double[] position) {
        this.header = header;
        this.frame = frame;
        this.tile = tile;
        this.attrs = attrs;
        this.position = position;
    }

    int width() {
        return header.isMosaic() ? Mosaic.tileWidth(header) : header.columns;
    }

    int height() {
        return header.isMosaic() ? Mosaic.tileHeight(header) : header.rows;
    }
}
