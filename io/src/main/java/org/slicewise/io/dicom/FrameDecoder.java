package org.slicewise.io.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.slicewise.core.BadInputException;

/**
 * Turns the Pixel Data of one file into raw stored sample values, one {@code short[]} of
 * rows*columns per frame (bit patterns as stored, before BitsStored masking). Colour frames become
 * one channel: luminance (0.299 R + 0.587 G + 0.114 B, rounded) for RGB samples, the Y channel for
 * native/RLE YBR samples. 1-bit frames are unpacked to 0/1.
 */
final class FrameDecoder {
    private FrameDecoder() {
    }

    /**
     * @param data  bytes holding the Pixel Data value at {@code start} (file bytes from the pixel
     *              offset on, or the inflated dataset for deflated files)
     * @param end   end of valid bytes in {@code data}
     */
    static short[][] decodeAll(DicomHeader h, byte[] data, int start, int end) throws IOException {
        String problem = h.pixelProblem();
        if (problem != null) {
            throw BadInputException.of(h.source.name(), problem);
        }
        PixelCodecs.Kind kind = PixelCodecs.kind(h.transferSyntax);
        if (kind == PixelCodecs.Kind.UNSUPPORTED) {
            throw BadInputException.of(h.source.name(), "unsupported transfer syntax " + h.transferSyntax);
        }
        int n = h.rows * h.columns;
        if (kind == PixelCodecs.Kind.NATIVE) {
            if (h.encapsulated()) {
                throw BadInputException.of(h.source.name(), "native transfer syntax with encapsulated Pixel Data");
            }
            long fb = h.nativeFrameBytes();
            long needed = h.bitsAllocated == 1 ? ((long) n * h.frames + 7) / 8 : fb * h.frames;
            if (needed > Math.min(h.pixelLength, end - start)) {
                throw BadInputException.of(h.source.name(), "Pixel Data holds " + Math.min(h.pixelLength, end - start)
                        + " bytes, " + h.frames + " frames need " + needed);
            }
            short[][] out = new short[h.frames][];
            for (int f = 0; f < h.frames; f++) {
                out[f] = new short[n];
                if (h.bitsAllocated == 1) {
                    unpackBits(data, start, (long) f * n, out[f]);
                } else {
                    fromNative(h, data, start + (int) (f * fb), h.bigEndian, h.planarConfiguration, out[f]);
                }
            }
            return out;
        }
        if (!h.encapsulated()) {
            throw BadInputException.of(h.source.name(), "compressed transfer syntax without encapsulated Pixel Data");
        }
        byte[][] frames = EncapsulatedFrames.split(h, data, start, end);
        short[][] out = new short[h.frames][];
        for (int f = 0; f < h.frames; f++) {
            out[f] = new short[n];
            if (kind == PixelCodecs.Kind.RLE) {
                byte[] raw = PixelCodecs.decodeRle(h, frames[f]);
                if (raw == null || raw.length < h.nativeFrameBytes()) {
                    throw new IOException(h.source.name() + ": RLE frame " + f + " decoded to too few bytes");
                }
                fromNative(h, raw, 0, false, 0, out[f]);
            } else {
                PixelCodecs.Decoded d = PixelCodecs.decode(h, kind, frames[f]);
                fromDecoded(h, d, out[f], f);
            }
        }
        return out;
    }

    static void fromNative(DicomHeader h, byte[] b, int off, boolean bigEndian, int planar, short[] out) {
        int n = out.length;
        int spp = h.samplesPerPixel;
        if (spp == 1) {
            if (h.bitsAllocated == 16) {
                ByteBuffer.wrap(b, off, 2 * n).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                        .asShortBuffer().get(out);
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = (short) (b[off + i] & 0xFF);
                }
            }
            return;
        }
        boolean rgb = !h.photometric.startsWith("YBR");
        int bytes = h.bitsAllocated / 8;
        for (int i = 0; i < n; i++) {
            int c0, c1, c2;
            if (planar == 0) {
                int p = off + 3 * i * bytes;
                c0 = sample(b, p, bytes, bigEndian);
                c1 = sample(b, p + bytes, bytes, bigEndian);
                c2 = sample(b, p + 2 * bytes, bytes, bigEndian);
            } else {
                int p = off + i * bytes;
                c0 = sample(b, p, bytes, bigEndian);
                c1 = sample(b, p + n * bytes, bytes, bigEndian);
                c2 = sample(b, p + 2 * n * bytes, bytes, bigEndian);
            }
            out[i] = (short) (rgb ? luminance(c0, c1, c2) : c0);
        }
    }

    private static int sample(byte[] b, int p, int bytes, boolean be) {
        if (bytes == 1) {
            return b[p] & 0xFF;
        }
        return be ? ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF) : (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
    }

    static int luminance(int r, int g, int b) {
        return (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }

    private static void unpackBits(byte[] b, int off, long firstBit, short[] out) {
        for (int i = 0; i < out.length; i++) {
            long bit = firstBit + i;
            out[i] = (short) ((b[off + (int) (bit >>> 3)] >>> (bit & 7)) & 1);
        }
    }

    private static void fromDecoded(DicomHeader h, PixelCodecs.Decoded d, short[] out, int f) throws IOException {
        if (d.width() != h.columns || d.height() != h.rows) {
            throw new IOException(h.source.name() + ": frame " + f + " decodes to " + d.width() + "x" + d.height()
                    + ", header says " + h.columns + "x" + h.rows);
        }
        int[] s = d.samples();
        int n = out.length;
        if (d.bands() == 1) {
            for (int i = 0; i < n; i++) {
                out[i] = (short) s[i];
            }
        } else if (d.bands() >= 3) {
            int k = d.bands();
            boolean rgb = d.rgb() || !h.photometric.startsWith("YBR");
            for (int i = 0; i < n; i++) {
                out[i] = (short) (rgb ? luminance(s[k * i], s[k * i + 1], s[k * i + 2]) : s[k * i]);
            }
        } else {
            throw new IOException(h.source.name() + ": frame " + f + " has " + d.bands() + " colour bands");
        }
    }
}
