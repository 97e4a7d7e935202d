package org.slicewise.io.codec;

import java.io.ByteArrayOutputStream;

/**
 * DICOM RLE Lossless encoder (PS3.5 Annex G): the inverse of {@link RleDecoder}. Takes native
 * little-endian interleaved bytes, writes one PackBits segment per byte plane (most significant byte
 * first), runs never crossing a row, each segment padded to an even length.
 */
public final class RleEncoder {
    private RleEncoder() {
    }

    public static byte[] encodeFrame(byte[] pixels, int width, int height, int samplesPerPixel, int bitsAllocated) {
        int bps = bitsAllocated / 8;
        int segments = samplesPerPixel * bps;
        if (bitsAllocated % 8 != 0 || segments < 1 || segments > 15) {
            throw new IllegalArgumentException("cannot RLE-encode " + samplesPerPixel + " x " + bitsAllocated + " bits");
        }
        if (pixels.length != width * height * segments) {
            throw new IllegalArgumentException("pixel buffer size does not match the frame");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[64], 0, 64);
        int[] offsets = new int[segments];
        byte[] row = new byte[width];
        for (int s = 0; s < segments; s++) {
            offsets[s] = out.size();
            int sample = s / bps;
            int byteInSample = bps - 1 - (s % bps);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    row[x] = pixels[((y * width + x) * samplesPerPixel + sample) * bps + byteInSample];
                }
                packRow(row, out);
            }
            if ((out.size() & 1) != 0) {
                out.write(0x80); // no-op byte pads the segment to even length
            }
        }
        byte[] r = out.toByteArray();
        putU32(r, 0, segments);
        for (int s = 0; s < segments; s++) {
            putU32(r, 4 + 4 * s, offsets[s]);
        }
        return r;
    }

    private static void packRow(byte[] row, ByteArrayOutputStream out) {
        int n = row.length;
        int i = 0;
        while (i < n) {
            int run = 1;
            while (i + run < n && run < 128 && row[i + run] == row[i]) {
                run++;
            }
            if (run >= 2) {
                out.write(1 - run);
                out.write(row[i]);
                i += run;
                continue;
            }
            int start = i;
            int lit = 0;
            while (i < n && lit < 128 && !(i + 1 < n && row[i + 1] == row[i])) {
                i++;
                lit++;
            }
            if (lit == 0) { // next two are equal: handled as a run in the next round
                continue;
            }
            out.write(lit - 1);
            out.write(row, start, lit);
        }
    }

    private static void putU32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }
}
