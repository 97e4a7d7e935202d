package org.slicewise.io.dicom;

import java.util.ArrayList;
import java.util.List;

/**
 * The attributes of one DICOM file that series assembly and pixel decoding need, as primitive
 * fields. Filled by {@link DicomParser}; everything else in the file is skipped unparsed.
 */
final class DicomHeader {
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";

    /** Where the file came from (path or zip!entry), for messages. */
    final DicomSource source;

    String transferSyntax = "";
    /** Dataset (and native pixel data) byte order. */
    boolean bigEndian;
    boolean deflated;
    /** True when the file had no preamble and no meta group (old implicit VR files). */
    boolean bare;

    String sopClass = "";
    String sopInstance = "";
    String modality = "";
    String seriesDescription = "";
    String studyUid = "";
    String seriesUid = "";
    String imageType = "";
    String photometric = "MONOCHROME2";
    int seriesNumber;
    int acquisitionNumber;
    int instanceNumber;

    int rows;
    int columns;
    int samplesPerPixel = 1;
    int planarConfiguration;
    int frames = 1;
    int bitsAllocated;
    int bitsStored;
    int highBit = -1;
    int pixelRepresentation;
    double spacingBetweenSlices = Double.NaN;

    /** Siemens mosaic: NumberOfImagesInMosaic (CSA or (0019,100A)), 0 when not a mosaic. */
    int mosaicImages;
    /** Siemens CSA SliceNormalVector, or null. */
    double[] csaSliceNormal;

    /** Top-level attributes (classic images). */
    final FrameAttrs top = new FrameAttrs();
    /** Enhanced objects: shared functional groups (or null) and per-frame items. */
    FrameAttrs shared;
    final List<FrameAttrs> perFrame = new ArrayList<>();

    /** Offset of the Pixel Data value in the (inflated, for deflated files) dataset stream; -1 if none. */
    long pixelOffset = -1;
    /** Pixel Data value length, or -1 for undefined length (encapsulated). */
    long pixelLength;

    /** At most 2^30 voxels in one file, and compressed data expands at most 2000-fold. */
    static final long MAX_PIXELS = 1L << 30;
    static final long MAX_RATIO = 2000;

    DicomHeader(DicomSource source) {
        this.source = source;
    }

    boolean encapsulated() {
        return pixelLength < 0;
    }

    boolean isMosaic() {
        return mosaicImages > 1;
    }

    boolean signed() {
        return pixelRepresentation == 1;
    }

    int effectiveBitsStored() {
        return bitsStored > 0 && bitsStored <= bitsAllocated ? bitsStored : bitsAllocated;
    }

    /** Attributes of frame {@code f}: per-frame, then shared, then top level. */
    FrameAttrs frame(int f) {
        FrameAttrs base = shared == null ? top : shared.orElse(top);
        if (f < perFrame.size()) {
            return perFrame.get(f).orElse(base);
        }
        return base;
    }

    /** Bytes of one native frame, or -1 when the header is unusable. */
    long nativeFrameBytes() {
        long bits = (long) rows * columns * samplesPerPixel * bitsAllocated;
        return bitsAllocated == 1 ? (bits + 7) / 8 : bits / 8;
    }

    /** One-line description of what is wrong with the pixel description, or null if it is usable. */
    String pixelProblem() {
        if (pixelOffset < 0) {
            return "no Pixel Data element";
        }
        if (rows <= 0 || columns <= 0 || rows > 65535 || columns > 65535) {
            return "invalid Rows/Columns " + rows + "x" + columns;
        }
        if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16) {
            return "unsupported BitsAllocated " + bitsAllocated;
        }
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            return "unsupported SamplesPerPixel " + samplesPerPixel;
        }
        if (frames <= 0) {
            return "invalid NumberOfFrames " + frames;
        }
        long pixels = (long) rows * columns;
        if (pixels * Math.min(frames, 1 << 20) > MAX_PIXELS) {
            return "image too large: " + columns + "x" + rows + "x" + frames;
        }
        long available = source.size() - pixelOffset;
        if (!encapsulated() && !deflated) {
            long need = bitsAllocated == 1 ? (pixels * frames + 7) / 8 : nativeFrameBytes() * frames;
            if (need > pixelLength) {
                return "Pixel Data holds " + pixelLength + " bytes but " + frames + " frame(s) of " + columns + "x" + rows
                        + " need " + need;
            }
        } else if (encapsulated() && !deflated) {
            if ((long) frames * 8 > available) {
                return "NumberOfFrames " + frames + " cannot fit in " + available + " bytes of encapsulated Pixel Data";
            }
            if (pixels * frames * Math.max(1, bitsAllocated / 8) * samplesPerPixel > MAX_RATIO * available) {
                return "decoded size of " + frames + " frame(s) of " + columns + "x" + rows
                        + " is implausible for " + available + " compressed bytes";
            }
        }
        return null;
    }
}
