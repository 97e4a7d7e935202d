package org.slicewise.io.codec.jpegls;

/** STUB on branch dicom (replaced by branch jpegls): a decoded JPEG-LS image, samples interleaved. */
public record JpegLsImage(int width, int height, int components, int bitsPerSample, int[] samples) {
}
