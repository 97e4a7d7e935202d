package org.slicewise.io.codec.jpegls;

/**
 * STUB on branch dicom so the DICOM reader compiles; the real ITU-T T.87 decoder is written on
 * branch jpegls and replaces this file in the merge.
 */
public final class JpegLsDecoder {
    private JpegLsDecoder() {
    }

    /** Decodes a JPEG-LS stream (SOI..EOI). */
    public static JpegLsImage decode(byte[] stream) {
        throw new UnsupportedOperationException("JPEG-LS decoder not available in this build");
    }
}
