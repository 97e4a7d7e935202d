package org.slicewise.io.dicom;

import java.nio.charset.StandardCharsets;

/**
 * Reads the two values a mosaic needs from a Siemens CSA image header (0029,1010), format "SV10":
 * NumberOfImagesInMosaic and SliceNormalVector. Every count and length is bounds-checked; a
 * malformed header is ignored (the (0019,100A) value is then used).
 */
final class SiemensCsa {
    private SiemensCsa() {
    }

    static void read(byte[] b, int off, int len, DicomHeader h) {
        int end = off + len;
        if (len < 16 || b[off] != 'S' || b[off + 1] != 'V' || b[off + 2] != '1' || b[off + 3] != '0') {
            return;
        }
        int p = off + 8;
        int ntags = i32(b, p);
        p += 8;
        if (ntags <= 0 || ntags > 1000) {
            return;
        }
        for (int t = 0; t < ntags; t++) {
            if (p + 84 > end) {
                return;
            }
            String name = cstring(b, p, 64);
            int nitems = i32(b, p + 76);
            p += 84;
            if (nitems < 0 || nitems > 1000) {
                return;
            }
            double[] values = new double[Math.min(nitems, 3)];
            int got = 0;
            for (int i = 0; i < nitems; i++) {
                if (p + 16 > end) {
                    return;
                }
                int itemLen = i32(b, p + 4);
                p += 16;
                if (itemLen < 0 || p + itemLen > end) {
                    return;
                }
                if (itemLen > 0 && i < values.length) {
                    try {
                        values[i] = Double.parseDouble(cstring(b, p, itemLen).trim());
                        got++;
                    } catch (NumberFormatException e) {
                        // not numeric
                    }
                }
                p += (itemLen + 3) & ~3;
            }
            if (name.equals("NumberOfImagesInMosaic") && got >= 1 && values[0] > 1 && values[0] < 10000) {
                h.mosaicImages = (int) values[0];
            } else if (name.equals("SliceNormalVector") && got == 3) {
                h.csaSliceNormal = values;
            }
        }
    }

    private static int i32(byte[] b, int p) {
        return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | ((b[p + 2] & 0xFF) << 16) | ((b[p + 3] & 0xFF) << 24);
    }

    private static String cstring(byte[] b, int p, int max) {
        int e = p;
        while (e < p + max && b[e] != 0) {
            e++;
        }
        return new String(b, p, e - p, StandardCharsets.ISO_8859_1);
    }
}
