package org.slicewise.io.dicom;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slicewise.core.BadInputException;

/**
 * Splits encapsulated Pixel Data (undefined length: Basic Offset Table item, fragments, sequence
 * delimiter) into one compressed byte stream per frame. Uses the Basic Offset Table when present;
 * otherwise one fragment per frame, or, when frames span several fragments, the codec's start
 * marker (JPEG SOI, JPEG 2000 SOC / JP2 signature) to find where each frame begins.
 */
final class EncapsulatedFrames {
    private EncapsulatedFrames() {
    }

    /**
     * Returns {@code h.frames} byte arrays. {@code data[start..dataLength)} holds the Pixel Data value
     * (from its Basic Offset Table item on).
     */
    static byte[][] split(DicomHeader h, byte[] data, int start, int dataLength) {
        String name = h.source.name();
        int p = start;
        List<int[]> fragments = new ArrayList<>(); // {itemTagOffset, valueOffset, length}
        long[] bot = null;
        boolean first = true;
        while (true) {
            if (p + 8 > dataLength) {
                throw BadInputException.of(name, "encapsulated Pixel Data is truncated (no sequence delimiter)");
            }
            int tag = (u16(data, p) << 16) | u16(data, p + 2);
            long len = u32(data, p + 4);
            if (tag == Tags.SEQUENCE_DELIMITATION) {
                break;
            }
            if (tag != Tags.ITEM) {
                throw BadInputException.of(name, "corrupt encapsulated Pixel Data: expected a fragment item, found " + Tags.hex(tag));
            }
            if (len == 0xFFFFFFFFL || p + 8 + len > dataLength) {
                throw BadInputException.of(name, "corrupt encapsulated Pixel Data: fragment length " + len + " runs past the end of the file");
            }
            if (first) {
                if (len % 4 != 0) {
                    throw BadInputException.of(name, "corrupt Basic Offset Table length " + len);
                }
                if (len > 0) {
                    bot = new long[(int) (len / 4)];
                    for (int i = 0; i < bot.length; i++) {
                        bot[i] = u32(data, p + 8 + 4 * i);
                    }
                }
                first = false;
            } else {
                fragments.add(new int[] {p, p + 8, (int) len});
            }
            p += 8 + (int) len;
        }
        if (fragments.isEmpty()) {
            throw BadInputException.of(name, "encapsulated Pixel Data has no fragments");
        }
        int nf = h.frames;
        if (nf == 1) {
            return new byte[][] {concat(data, fragments, 0, fragments.size())};
        }
        int[] starts = null;
        if (bot != null && bot.length == nf) {
            starts = fromOffsetTable(bot, fragments);
        }
        if (starts == null && fragments.size() == nf) {
            starts = new int[nf];
            for (int i = 0; i < nf; i++) {
                starts[i] = i;
            }
        }
        if (starts == null) {
            starts = fromMarkers(data, fragments, nf);
        }
        if (starts == null) {
            throw BadInputException.of(name, "cannot split " + fragments.size() + " fragments into " + nf + " frames");
        }
        byte[][] out = new byte[nf][];
        for (int i = 0; i < nf; i++) {
            int to = i + 1 < nf ? starts[i + 1] : fragments.size();
            out[i] = concat(data, fragments, starts[i], to);
        }
        return out;
    }

    private static int[] fromOffsetTable(long[] bot, List<int[]> fragments) {
        int base = fragments.get(0)[0];
        int[] starts = new int[bot.length];
        int f = 0;
        for (int i = 0; i < bot.length; i++) {
            long want = base + bot[i];
            while (f < fragments.size() && fragments.get(f)[0] < want) {
                f++;
            }
            if (f >= fragments.size() || fragments.get(f)[0] != want || (i > 0 && f <= starts[i - 1])) {
                return null; // offsets do not point at fragment starts
            }
            starts[i] = f;
        }
        return starts;
    }

    private static int[] fromMarkers(byte[] data, List<int[]> fragments, int nf) {
        int[] starts = new int[nf];
        int n = 0;
        for (int f = 0; f < fragments.size(); f++) {
            int[] fr = fragments.get(f);
            if (fr[2] >= 4 && isFrameStart(data, fr[1])) {
                if (n == nf) {
                    return null;
                }
                starts[n++] = f;
            }
        }
        return n == nf && starts[0] == 0 ? starts : null;
    }

    private static boolean isFrameStart(byte[] d, int p) {
        int a = d[p] & 0xFF, b = d[p + 1] & 0xFF, c = d[p + 2] & 0xFF, e = d[p + 3] & 0xFF;
        return (a == 0xFF && b == 0xD8) || (a == 0xFF && b == 0x4F && c == 0xFF && e == 0x51)
                || (a == 0 && b == 0 && c == 0 && e == 0x0C);
    }

    private static byte[] concat(byte[] data, List<int[]> fragments, int from, int to) {
        if (to - from == 1) {
            int[] fr = fragments.get(from);
            return java.util.Arrays.copyOfRange(data, fr[1], fr[1] + fr[2]);
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            int[] fr = fragments.get(i);
            bos.write(data, fr[1], fr[2]);
        }
        return bos.toByteArray();
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | ((b[p + 2] & 0xFF) << 16) | ((long) (b[p + 3] & 0xFF) << 24);
    }
}
