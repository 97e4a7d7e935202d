package org.slicewise.io.dicom;

import java.io.IOException;

/**
 * Reads the image size a compressed frame declares (JPEG / JPEG-LS SOF, JPEG 2000 SIZ) and rejects
 * a frame whose size differs from the DICOM header before any decoder allocates for it, so a
 * hostile stream cannot make a codec allocate beyond what the header (checked against the file)
 * allows.
 */
final class StreamDims {
    private StreamDims() {
    }

    static void check(DicomHeader h, PixelCodecs.Kind kind, byte[] f) throws IOException {
        int[] wh = kind == PixelCodecs.Kind.JPEG2000 ? j2k(f) : jpeg(f);
        if (wh != null && (wh[0] != h.columns || wh[1] != h.rows)) {
            throw new IOException(h.source.name() + ": compressed frame declares " + wh[0] + "x" + wh[1]
                    + ", header says " + h.columns + "x" + h.rows);
        }
    }

    /** {width, height} from the first SOF marker, or null. */
    static int[] jpeg(byte[] b) {
        int p = 2;
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            return null;
        }
        while (p + 9 < b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                return null;
            }
            int m = b[p + 1] & 0xFF;
            if (m == 0xFF) {
                p++;
                continue;
            }
            int len = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            boolean sof = (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) || m == 0xF7;
            if (sof) {
                int hgt = ((b[p + 5] & 0xFF) << 8) | (b[p + 6] & 0xFF);
                int w = ((b[p + 7] & 0xFF) << 8) | (b[p + 8] & 0xFF);
                return new int[] {w, hgt};
            }
            if (m == 0xDA || len < 2) {
                return null;
            }
            p += 2 + len;
        }
        return null;
    }

    /** {width, height} from the SIZ marker of a codestream (raw or inside a JP2 box), or null. */
    static int[] j2k(byte[] b) {
        int limit = Math.min(b.length - 26, 4096);
        for (int p = 0; p < limit; p++) {
            if ((b[p] & 0xFF) == 0xFF && (b[p + 1] & 0xFF) == 0x4F && (b[p + 2] & 0xFF) == 0xFF && (b[p + 3] & 0xFF) == 0x51) {
                int s = p + 4;
                long xs = u32(b, s + 4), ys = u32(b, s + 8), xo = u32(b, s + 12), yo = u32(b, s + 16);
                return new int[] {(int) Math.min(Integer.MAX_VALUE, xs - xo), (int) Math.min(Integer.MAX_VALUE, ys - yo)};
            }
        }
        return null;
    }

    private static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
