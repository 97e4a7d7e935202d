package org.slicewise.io.codec.jpegls;

import java.util.Arrays;
import org.slicewise.core.BadInputException;

/**
 * JPEG-LS decoder (ITU-T T.87 | ISO/IEC 14495-1), written from the standard: lossless and near-lossless
 * (NEAR &gt; 0), 2..16 bits per sample, interleave modes none/line/sample, default and LSE-preset coding
 * parameters (MAXVAL, T1, T2, T3, RESET), restart intervals (DRI/RSTn), oversize dimensions (LSE id 4).
 *
 * <p>Not supported (rejected with a clear message): mapping tables (palettes, LSE id 2/3 used by a scan),
 * subsampled components (H/V != 1), a point transform, DNL (height 0 in the frame header), and the
 * HP colour transforms (the APP8 "mrfx" segment is ignored; DICOM forbids colour transforms).
 *
 * <p>Errors in the stream throw {@link BadInputException} with a one-line message without a file name
 * (callers prefix it).
 */
public final class JpegLsDecoder {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int DNL = 0xDC;
    private static final int DRI = 0xDD;
    private static final int SOF55 = 0xF7;
    private static final int LSE = 0xF8;
    private static final int APP8 = 0xE8;

    private final byte[] in;
    private int pos;
    // frame
    private int width;
    private int height;
    private int components;
    private int precision;
    private int[] componentIds;
    private int[] samples;
    private int total;
    private boolean[] decoded;
    // state across scans
    private int[] preset; // MAXVAL, T1, T2, T3, RESET or null
    private int restartInterval;
    private int colorTransform; // HP colour transform from an APP8 "mrfx" segment (0 = none)
    private boolean interleavedScans;

    private JpegLsDecoder(byte[] in) {
        this.in = in;
    }

    /**
     * Decodes a complete JPEG-LS stream (SOI ... EOI).
     *
     * @param stream the encoded bytes (for DICOM: one frame's fragments concatenated)
     * @return the image, samples interleaved per pixel
     * @throws BadInputException when the stream is truncated, corrupt or uses an unsupported feature
     */
    public static JpegLsImage decode(byte[] stream) {
        if (stream == null) {
            throw new BadInputException("JPEG-LS: no data");
        }
        try {
            return new JpegLsDecoder(stream).run();
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new BadInputException("JPEG-LS: " + e.getMessage(), e);
        } catch (RuntimeException e) { // an index past a table: corrupt data that slipped past the checks
            throw new BadInputException("JPEG-LS: corrupt entropy-coded data (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private JpegLsImage run() {
        if (in.length < 4 || (in[0] & 0xFF) != 0xFF || (in[1] & 0xFF) != SOI) {
            throw new IllegalStateException("not a JPEG stream (no SOI marker)");
        }
        pos = 2;
        while (true) {
            int marker = nextMarker();
            if (marker < 0) {
                if (samples != null && allDecoded()) {
                    break; // missing EOI only: the pixels are complete
                }
                throw new IllegalStateException("truncated stream (no EOI marker)");
            }
            if (marker == EOI) {
                break;
            }
            switch (marker) {
                case SOF55 -> readFrame();
                case LSE -> readLse();
                case DRI -> readDri();
                case SOS -> readScanAndDecode();
                case APP8 -> readApp8();
                case DNL -> throw new IllegalStateException("DNL marker (height defined after the scan) is not supported");
                default -> {
                    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                        throw new IllegalStateException(String.format(
                                "SOF marker 0xFF%02X is not JPEG-LS (expected SOF55 0xFFF7)", marker));
                    }
                    if (marker >= 0xD0 && marker <= 0xD7) {
                        throw new IllegalStateException(String.format("unexpected restart marker 0xFF%02X", marker));
                    }
                    if (marker == SOI || marker == 0x01) {
                        throw new IllegalStateException(String.format("unexpected marker 0xFF%02X", marker));
                    }
                    skipSegment();
                }
            }
        }
        if (samples == null) {
            throw new IllegalStateException("no frame header (SOF55) before EOI");
        }
        if (!allDecoded()) {
            throw new IllegalStateException("not every component was coded in a scan");
        }
        if (colorTransform != 0 && interleavedScans) { // CharLS applies the transform only to interleaved scans
            JpegLsColorTransform.inverse(colorTransform, samples, components, precision);
        }
        return new JpegLsImage(width, height, components, precision, samples);
    }

    private boolean allDecoded() {
        for (boolean b : decoded) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    /** Returns the next marker code (fill bytes skipped), or -1 at the end of the data. */
    private int nextMarker() {
        if (pos >= in.length) {
            return -1;
        }
        if ((in[pos] & 0xFF) != 0xFF) {
            throw new IllegalStateException(String.format("expected a marker at offset %d, found 0x%02X",
                    pos, in[pos] & 0xFF));
        }
        while (pos < in.length && (in[pos] & 0xFF) == 0xFF) {
            pos++;
        }
        if (pos >= in.length) {
            return -1;
        }
        return in[pos++] & 0xFF;
    }

    private int u8() {
        if (pos >= in.length) {
            throw new IllegalStateException("truncated marker segment");
        }
        return in[pos++] & 0xFF;
    }

    private int u16() {
        return (u8() << 8) | u8();
    }

    /** Reads a segment length and checks it against the data; returns the offset just after the segment. */
    private int segmentLength(int min) {
        int start = pos;
        int len = u16();
        if (len < min || start + len > in.length) {
            throw new IllegalStateException("bad or truncated marker segment length " + len);
        }
        return start + len;
    }

    private void skipSegment() {
        pos = segmentLength(2);
    }

    private void readFrame() {
        if (samples != null) {
            throw new IllegalStateException("second frame header");
        }
        int end = segmentLength(8);
        precision = u8();
        int y = u16();
        int x = u16();
        components = u8();
        if (precision < 2 || precision > 16) {
            throw new IllegalStateException("unsupported precision " + precision + " bits (2..16)");
        }
        if (components < 1 || components > 255 || end != pos + 3 * components) {
            throw new IllegalStateException("bad frame header (" + components + " components)");
        }
        componentIds = new int[components];
        for (int i = 0; i < components; i++) {
            componentIds[i] = u8();
            int hv = u8();
            u8(); // Tq, 0
            if (hv != 0x11) {
                throw new IllegalStateException("subsampled components are not supported");
            }
        }
        pos = end;
        if (width == 0 && height == 0) { // an LSE id 4 may have set oversize dimensions before
            width = x;
            height = y;
        } else if (x != 0 || y != 0) {
            width = x != 0 ? x : width;
            height = y != 0 ? y : height;
        }
        if (height == 0) {
            throw new IllegalStateException("height 0 (DNL) is not supported");
        }
        if (width == 0) {
            throw new IllegalStateException("width 0");
        }
        allocate();
    }

    private void allocate() {
        long n = (long) width * height * components;
        // every coded bit covers at most 2^15 pixels (a full run segment), so a short stream cannot
        // honestly describe a huge image: refuse before allocating
        long bound = ((long) in.length * 8 + 64) * 32768L * components;
        if (n > Integer.MAX_VALUE - 16 || n > bound || (long) width * components > (1 << 24)) {
            throw new IllegalStateException("image size " + width + "x" + height + "x" + components
                    + " is impossible for a " + in.length + "-byte stream");
        }
        total = (int) n;
        // grow with the decoded lines, so a corrupt header cannot make us allocate more than the data
        // actually decodes to (each line costs at least one coded bit)
        samples = new int[Math.min(total, 1 << 20)];
        decoded = new boolean[components];
    }

    /** Makes room for line y of every component. */
    private int[] rows(int y) {
        long need = (long) (y + 1) * width * components;
        if (need > samples.length) {
            samples = Arrays.copyOf(samples, (int) Math.min(total, Math.max(need, 2L * samples.length)));
        }
        return samples;
    }

    /** APP8 "mrfx": the HP colour transform written by HP's and CharLS's encoders (not part of T.87). */
    private void readApp8() {
        int end = segmentLength(2);
        if (end - pos >= 5 && in[pos] == 'm' && in[pos + 1] == 'r' && in[pos + 2] == 'f' && in[pos + 3] == 'x') {
            colorTransform = in[pos + 4] & 0xFF;
            JpegLsColorTransform.check(colorTransform);
        }
        pos = end;
    }

    private void readDri() {
        int end = segmentLength(3);
        int ri = 0;
        while (pos < end) {
            ri = (ri << 8) | u8();
        }
        restartInterval = ri;
    }

    private void readLse() {
        int end = segmentLength(3);
        int id = u8();
        switch (id) {
            case 1 -> {
                if (end - pos < 10) {
                    throw new IllegalStateException("short LSE preset parameters");
                }
                preset = new int[] {u16(), u16(), u16(), u16(), u16()};
            }
            case 2, 3 -> { } // mapping table (specification/continuation): only an error if a scan uses it
            case 4 -> {
                int wxy = u8();
                if (wxy < 2 || wxy > 4 || end - pos < 2 * wxy) {
                    throw new IllegalStateException("bad LSE oversize dimensions");
                }
                long y = 0;
                long x = 0;
                for (int i = 0; i < wxy; i++) {
                    y = (y << 8) | u8();
                }
                for (int i = 0; i < wxy; i++) {
                    x = (x << 8) | u8();
                }
                if (x > Integer.MAX_VALUE || y > Integer.MAX_VALUE) {
                    throw new IllegalStateException("oversize dimensions too large");
                }
                if (samples == null) {
                    width = (int) x;
                    height = (int) y;
                }
            }
            default -> throw new IllegalStateException("unknown LSE id " + id);
        }
        pos = end;
    }

    private void readScanAndDecode() {
        if (samples == null) {
            throw new IllegalStateException("scan before the frame header");
        }
        int end = segmentLength(6);
        int ns = u8();
        if (ns < 1 || ns > components || end != pos + 2 * ns + 3) {
            throw new IllegalStateException("bad scan header (" + ns + " components)");
        }
        int[] comps = new int[ns];
        for (int i = 0; i < ns; i++) {
            int id = u8();
            int tm = u8();
            int idx = -1;
            for (int c = 0; c < components; c++) {
                if (componentIds[c] == id) {
                    idx = c;
                }
            }
            if (idx < 0 || decoded[idx]) {
                throw new IllegalStateException("scan refers to unknown or repeated component " + id);
            }
            if (tm != 0) {
                throw new IllegalStateException("mapping tables (palettes) are not supported");
            }
            comps[i] = idx;
        }
        int near = u8();
        int ilv = u8();
        int pt = u8() & 0x0F;
        if (ilv > 2 || (ilv == 0 && ns != 1)) {
            throw new IllegalStateException("bad interleave mode " + ilv + " for " + ns + " components");
        }
        if (pt != 0) {
            throw new IllegalStateException("point transform is not supported");
        }
        pos = end;
        int dataStart = pos;
        JpegLsParams params = JpegLsParams.resolve(precision, near, preset);
        int fullMax = (1 << precision) - 1;
        boolean compatPossible = params.maxVal != fullMax;
        JpegLsScanDecoder sd;
        try {
            sd = decodeScan(params, dataStart, ilv, comps);
        } catch (IllegalStateException | ArrayIndexOutOfBoundsException e) {
            if (!compatPossible) {
                throw e;
            }
            sd = decodeScan(compatParams(near), dataStart, ilv, comps);
        }
        if (compatPossible && !sd.endedCleanly()) {
            // CharLS (and DCMTK) ignore an LSE MAXVAL below 2^P-1 and code with RANGE from P; T.87 uses
            // MAXVAL. A scan that does not end at its marker under T.87 is retried the CharLS way.
            try {
                JpegLsScanDecoder alt = decodeScan(compatParams(near), dataStart, ilv, comps);
                if (alt.endedCleanly()) {
                    sd = alt;
                } else {
                    sd = decodeScan(params, dataStart, ilv, comps);
                }
            } catch (IllegalStateException | ArrayIndexOutOfBoundsException e) {
                sd = decodeScan(params, dataStart, ilv, comps);
            }
        }
        for (int c : comps) {
            decoded[c] = true;
        }
        interleavedScans |= ilv != 0 && comps.length > 1;
        int next = sd.segmentEnd();
        pos = next < 0 ? in.length : next;
    }

    /** The parameters CharLS uses when an LSE MAXVAL differs from 2^P-1: the thresholds, but RANGE from P. */
    private JpegLsParams compatParams(int near) {
        int[] p = preset.clone();
        p[0] = (1 << precision) - 1;
        return JpegLsParams.resolveWithThresholds(precision, near, p, JpegLsParams.resolve(precision, near, preset));
    }

    private JpegLsScanDecoder decodeScan(JpegLsParams params, int dataStart, int ilv, int[] comps) {
        JpegLsScanDecoder sd = new JpegLsScanDecoder(in, dataStart, params);
        if (ilv == 2 && comps.length > 1) {
            decodeSampleInterleaved(sd, comps);
        } else {
            decodeLines(sd, comps);
        }
        if (sd.overrun()) {
            throw new IllegalStateException("truncated entropy-coded data");
        }
        return sd;
    }

    /** Interleave mode none (one component) or line (one line of each component in turn). */
    private void decodeLines(JpegLsScanDecoder sd, int[] comps) {
        int ns = comps.length;
        int w = width;
        int[][] prev = new int[ns][w + 2];
        int[][] cur = new int[ns][w + 2];
        int[] runIdx = new int[ns];
        int nc = components;
        int linesInInterval = 0;
        int restartCount = 0;
        for (int y = 0; y < height; y++) {
            int[] out = rows(y);
            if (restartInterval > 0 && linesInInterval == restartInterval) {
                restart(sd, restartCount++);
                for (int i = 0; i < ns; i++) {
                    Arrays.fill(prev[i], 0);
                    runIdx[i] = 0;
                }
                linesInInterval = 0;
            }
            for (int i = 0; i < ns; i++) {
                int[] p = prev[i];
                int[] c = cur[i];
                p[w + 1] = p[w];
                c[0] = p[1];
                sd.setRunIndex(runIdx[i]);
                sd.decodeLine(p, c, w);
                runIdx[i] = sd.runIndex();
                int comp = comps[i];
                if (nc == 1) {
                    System.arraycopy(c, 1, out, y * w, w);
                } else {
                    for (int x = 0, o = y * w * nc + comp; x < w; x++, o += nc) {
                        out[o] = c[x + 1];
                    }
                }
                prev[i] = c;
                cur[i] = p;
            }
            if (sd.overrun()) {
                throw new IllegalStateException("truncated entropy-coded data at line " + y);
            }
            linesInInterval++;
        }
    }

    /** Interleave mode sample: all components of a pixel in turn. */
    private void decodeSampleInterleaved(JpegLsScanDecoder sd, int[] comps) {
        int ns = comps.length;
        int w = width;
        int[] prev = new int[(w + 2) * ns];
        int[] cur = new int[(w + 2) * ns];
        int[] ctxs = new int[ns];
        int nc = components;
        int linesInInterval = 0;
        int restartCount = 0;
        for (int y = 0; y < height; y++) {
            int[] out = rows(y);
            if (restartInterval > 0 && linesInInterval == restartInterval) {
                restart(sd, restartCount++);
                Arrays.fill(prev, 0);
                linesInInterval = 0;
            }
            for (int c = 0; c < ns; c++) {
                prev[(w + 1) * ns + c] = prev[w * ns + c];
                cur[c] = prev[ns + c];
            }
            sd.decodeLineInterleaved(prev, cur, w, ns, ctxs);
            int rowBase = y * w * nc;
            for (int c = 0; c < ns; c++) {
                int comp = comps[c];
                for (int x = 0; x < w; x++) {
                    out[rowBase + x * nc + comp] = cur[(x + 1) * ns + c];
                }
            }
            int[] t = prev;
            prev = cur;
            cur = t;
            if (sd.overrun()) {
                throw new IllegalStateException("truncated entropy-coded data at line " + y);
            }
            linesInInterval++;
        }
    }

    /** Consumes the RSTm marker that must follow a restart interval and resets the scan decoder. */
    private void restart(JpegLsScanDecoder sd, int count) {
        if (sd.overrun()) {
            throw new IllegalStateException("truncated entropy-coded data before a restart marker");
        }
        int m = sd.segmentEnd();
        if (m < 0) {
            throw new IllegalStateException("missing restart marker");
        }
        int p = m;
        while (p < in.length && (in[p] & 0xFF) == 0xFF) {
            p++;
        }
        if (p >= in.length) {
            throw new IllegalStateException("truncated stream at a restart marker");
        }
        int code = in[p] & 0xFF;
        if (code < 0xD0 || code > 0xD7) {
            throw new IllegalStateException(String.format("expected restart marker RST%d, found 0xFF%02X",
                    count & 7, code));
        }
        sd.restartAt(p + 1);
    }
}
