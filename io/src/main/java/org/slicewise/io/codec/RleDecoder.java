package org.slicewise.io.codec;

/**
 * STUB on branch dicom so the DICOM reader compiles; the real RLE Lossless decoder is written on
 * branch jpegls and replaces this file in the merge.
 */
public final class RleDecoder {
    private RleDecoder() {
    }

    /** Decodes one RLE Lossless frame to native little-endian interleaved bytes. */
    public static byte[] decodeFrame(byte[] frame, int width, int height, int samplesPerPixel, int bitsAllocated) {
        throw new UnsupportedOperationException("RLE Lossless decoder not available in this build");
    }
}
