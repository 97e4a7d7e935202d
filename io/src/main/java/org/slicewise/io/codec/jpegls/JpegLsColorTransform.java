package org.slicewise.io.codec.jpegls;

/**
 * Inverse of the HP colour transforms HP1, HP2 and HP3 (signalled by an APP8 "mrfx" segment; an HP/CharLS
 * extension outside T.87, forbidden in DICOM but found in other JPEG-LS files). Defined for 3-component
 * images of 8 or 16 bits, with arithmetic modulo 2^P, as CharLS implements them.
 */
final class JpegLsColorTransform {
    private JpegLsColorTransform() {
    }

    static void check(int transform) {
        if (transform < 0 || transform > 3) {
            throw new IllegalStateException("unsupported colour transform " + transform + " in the APP8 mrfx segment");
        }
    }

    static void inverse(int transform, int[] s, int components, int precision) {
        if (components != 3 || (precision != 8 && precision != 16)) {
            throw new IllegalStateException("colour transform HP" + transform + " needs 3 components of 8 or 16 bits");
        }
        int range = 1 << precision;
        int mask = range - 1;
        int half = range >> 1;
        int quarter = range >> 2;
        for (int i = 0; i + 2 < s.length; i += 3) {
            int v1 = s[i];
            int v2 = s[i + 1];
            int v3 = s[i + 2];
            int r;
            int g;
            int b;
            switch (transform) {
                case 1 -> {
                    r = v1 + v2 - half;
                    g = v2;
                    b = v3 + v2 - half;
                }
                case 2 -> {
                    r = (v1 + v2 - half) & mask;
                    g = v2;
                    b = v3 + ((r + g) >> 1) - half;
                }
                default -> {
                    g = (v1 - ((v3 + v2) >> 2) + quarter) & mask;
                    r = v3 + g - half;
                    b = v2 + g - half;
                }
            }
            s[i] = r & mask;
            s[i + 1] = g;
            s[i + 2] = b & mask;
        }
    }
}
