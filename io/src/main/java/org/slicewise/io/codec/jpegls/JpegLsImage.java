package org.slicewise.io.codec.jpegls;

/**
 * A decoded JPEG-LS image.
 *
 * @param width         samples per line (X)
 * @param height        lines (Y)
 * @param components    components per pixel (1 for grey, 3 for RGB)
 * @param bitsPerSample sample precision P from the frame header (2..16)
 * @param samples       width*height*components values, interleaved per pixel, row-major, top row first
 */
public record JpegLsImage(int width, int height, int components, int bitsPerSample, int[] samples) {
}
