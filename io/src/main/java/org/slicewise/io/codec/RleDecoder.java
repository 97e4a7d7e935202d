package org.slicewise.io.codec;

import org.slicewise.core.BadInputException;

/**
 * DICOM RLE Lossless decoder (transfer syntax 1.2.840.10008.1.2.5, PS3.5 Annex G).
 *
 * <p>A frame is a 64-byte header (segment count and 15 segment offsets, little-endian uint32) followed
 * by PackBits-coded segments. Segment order: for each sample (R, G, B), for each byte of the sample from
 * most to least significant. The decoded frame is returned as native little-endian interleaved bytes
 * (16-bit: low byte first; RGB: R, G, B per pixel), i.e. the Explicit VR Little Endian layout with
 * planar configuration 0.
 */
public final class RleDecoder {
    private RleDecoder() {
    }

    /**
     * Decodes one RLE frame.
     *
     * @param frame           the frame's encapsulated bytes (its fragments concatenated)
     * @param width           Columns
     * @param height          Rows
     * @param samplesPerPixel 1 or 3 (any 1..15 with the segment limit)
     * @param bitsAllocated   8, 16 or 32
     * @return width*height*samplesPerPixel*bitsAllocated/8 bytes
     * @throws BadInputException when the header or a segment is malformed
     */
    public static byte[] decodeFrame(byte[] frame, int width, int height, int samplesPerPixel, int bitsAllocated) {
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new BadInputException("RLE: unsupported BitsAllocated " + bitsAllocated + " (8, 16 or 32)");
        }
        if (width <= 0 || height <= 0 || samplesPerPixel <= 0) {
            throw new BadInputException("RLE: bad frame size " + width + "x" + height + "x" + samplesPerPixel);
        }
        int bytesPerSample = bitsAllocated / 8;
        int segments = samplesPerPixel * bytesPerSample;
        if (segments > 15) {
            throw new BadInputException("RLE: " + segments + " segments needed, at most 15 allowed");
        }
        long pixelsL = (long) width * height;
        if (pixelsL * segments > Integer.MAX_VALUE - 16) {
            throw new BadInputException("RLE: frame too large");
        }
        if (frame == null || frame.length < 64) {
            throw new BadInputException("RLE: frame shorter than its 64-byte header");
        }
        int count = u32(frame, 0);
        if (count != segments) {
            throw new BadInputException("RLE: header has " + count + " segments, expected " + segments
                    + " (" + samplesPerPixel + " samples x " + bytesPerSample + " bytes)");
        }
        int[] offsets = new int[segments + 1];
        for (int s = 0; s < segments; s++) {
            int o = u32(frame, 4 + 4 * s);
            if (o < 64 || o > frame.length || (s > 0 && o < offsets[s - 1])) {
                throw new BadInputException("RLE: segment " + (s + 1) + " offset " + Integer.toUnsignedString(o)
                        + " outside the frame (" + frame.length + " bytes) or out of order");
            }
            offsets[s] = o;
        }
        offsets[segments] = frame.length;
        int pixels = (int) pixelsL;
        // a PackBits byte pair expands to at most 128 bytes: refuse absurd sizes before allocating
        if ((long) pixels * segments > (long) frame.length * 64 + 1024) {
            throw new BadInputException("RLE: " + width + "x" + height + " frame cannot be coded in "
                    + frame.length + " bytes");
        }
        byte[] out = new byte[pixels * segments];
        byte[] plane = new byte[pixels];
        int stride = segments;
        for (int s = 0; s < segments; s++) {
            int got = unpack(frame, offsets[s], offsets[s + 1], plane);
            if (got < pixels) {
                throw new BadInputException("RLE: segment " + (s + 1) + " decodes to " + got
                        + " bytes, expected " + pixels);
            }
            int sample = s / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // segment 0 = most significant
            int o = sample * bytesPerSample + byteInSample;
            if (stride == 1) {
                System.arraycopy(plane, 0, out, 0, pixels);
            } else {
                for (int i = 0; i < pixels; i++, o += stride) {
                    out[o] = plane[i];
                }
            }
        }
        return out;
    }

    /** PackBits-decodes src[from, to) into dst; returns the bytes produced (at most dst.length). */
    static int unpack(byte[] src, int from, int to, byte[] dst) {
        int n = dst.length;
        int o = 0;
        int i = from;
        while (i < to && o < n) {
            int h = src[i++];
            if (h >= 0) {
                int len = h + 1;
                if (i + len > to) {
                    throw new BadInputException("RLE: literal run past the end of its segment");
                }
                int m = Math.min(len, n - o);
                System.arraycopy(src, i, dst, o, m);
                o += m;
                i += len;
            } else if (h != -128) {
                if (i >= to) {
                    throw new BadInputException("RLE: replicate run past the end of its segment");
                }
                int len = 1 - h;
                byte v = src[i++];
                int m = Math.min(len, n - o);
                java.util.Arrays.fill(dst, o, o + m, v);
                o += m;
            }
        }
        return o;
    }

    private static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }
}
