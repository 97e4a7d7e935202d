package org.slicewise.io.dicom;

import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.slicewise.core.BadInputException;

/**
 * A one-pass DICOM Part 10 dataset reader over a byte array. It walks elements by tag and length,
 * interprets only the tags in {@link Tags} into {@link DicomHeader}'s primitive fields, skips all
 * others (including private tags and unrelated sequences) without creating objects, and stops at
 * Pixel Data. Works on a prefix of a file: when it needs bytes beyond the prefix it throws
 * {@link NeedMore} and the caller retries with a longer prefix. Lengths are checked against the
 * file size before anything is read or allocated; sequence nesting is bounded.
 */
final class DicomParser {
    static final int MAX_DEPTH = 16;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int CTX_TOP = 0;
    private static final int CTX_GROUP = 1;
    private static final int CTX_SKIP = 2;

    /** The prefix was too short; retry with at least {@code want} bytes. */
    static final class NeedMore extends RuntimeException {
        final long want;

        NeedMore(long want) {
            super(null, null, false, false);
            this.want = want;
        }
    }

    private byte[] b;
    private int limit;
    private long streamSize;
    private int pos;
    private boolean be;
    private boolean explicit = true;
    private boolean done;
    private final DicomHeader h;

    private DicomParser(DicomHeader h, byte[] b, int limit, long fileSize) {
        this.h = h;
        this.b = b;
        this.limit = limit;
        this.streamSize = fileSize;
    }

    /**
     * Parses the header of {@code src} from {@code b[0..limit)} (a prefix of the file, or all of it).
     *
     * @throws NeedMore when the prefix ends before Pixel Data
     * @throws BadInputException when the file is not DICOM or is malformed/truncated
     */
    static DicomHeader parse(DicomSource src, byte[] b, int limit) {
        DicomHeader h = new DicomHeader(src);
        DicomParser p = new DicomParser(h, b, limit, src.size());
        p.run();
        return h;
    }

    /** For deflated files: the inflated dataset the pixel offsets of the header refer to. */
    static byte[] inflatedDataset(DicomSource src, byte[] file) {
        DicomHeader h = new DicomHeader(src);
        DicomParser p = new DicomParser(h, file, file.length, file.length);
        p.run();
        return p.b;
    }

    private BadInputException bad(String problem) {
        return BadInputException.of(h.source.name(), problem);
    }

    private void run() {
        if (limit >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') {
            pos = 132;
            readMeta();
        } else if (limit >= 8 && u16le(0) == 0x0002) {
            pos = 0;
            readMeta();
        } else {
            detectBare();
        }
        if (!h.bare) {
            selectSyntax();
        }
        if (h.deflated) {
            inflateRest();
        }
        checkVrGuess();
        parseDataset(Long.MAX_VALUE, 0, h.top, CTX_TOP);
        if (!done && h.pixelOffset < 0 && streamSize > limit) {
            throw new NeedMore(streamSize);
        }
    }

    private void readMeta() {
        be = false;
        explicit = true;
        while (true) {
            need(pos + 8);
            if (u16le(pos) != 0x0002) {
                return;
            }
            int tag = 0x00020000 | u16le(pos + 2);
            long len;
            int hdr;
            if (isLongVr(b[pos + 4], b[pos + 5])) {
                need(pos + 12);
                len = u32(pos + 8);
                hdr = 12;
            } else if (isVr(b[pos + 4], b[pos + 5])) {
                len = u16le(pos + 6);
                hdr = 8;
            } else { // meta group written in implicit VR (seen in the wild)
                len = u32(pos + 4);
                hdr = 8;
            }
            pos += hdr;
            if (len == UNDEFINED || pos + len > streamSize) {
                throw bad("file meta element " + Tags.hex(tag) + " has an invalid length " + len);
            }
            if (tag == Tags.TRANSFER_SYNTAX) {
                need(pos + len);
                h.transferSyntax = str(pos, (int) len);
            }
            pos += (int) len;
        }
    }

    /** A file without preamble and meta group: accept only an unambiguous group-0008 start. */
    private void detectBare() {
        if (limit < 16) {
            throw bad("not a DICOM file (too short)");
        }
        int group = u16le(0);
        int elem = u16le(2);
        if (group != 0x0008 || elem > 0x0020) {
            throw bad("not a DICOM file (no DICM marker and no recognisable dataset start)");
        }
        h.bare = true;
        pos = 0;
        if (isVr(b[4], b[5])) {
            explicit = true;
            h.transferSyntax = DicomHeader.EXPLICIT_LE;
        } else {
            long len = u32(4);
            if (len > 1024 || len > streamSize) {
                throw bad("not a DICOM file (implausible first element)");
            }
            explicit = false;
            h.transferSyntax = DicomHeader.IMPLICIT_LE;
        }
    }

    private void selectSyntax() {
        String ts = h.transferSyntax;
        if (ts.isEmpty()) {
            ts = DicomHeader.IMPLICIT_LE;
            h.transferSyntax = ts;
        }
        switch (ts) {
            case DicomHeader.IMPLICIT_LE -> explicit = false;
            case DicomHeader.EXPLICIT_BE -> {
                be = true;
                h.bigEndian = true;
            }
            case DicomHeader.DEFLATED_LE -> h.deflated = true;
            default -> explicit = true;
        }
    }

    /** Some writers label implicit data as explicit (and vice versa): trust the bytes. */
    private void checkVrGuess() {
        if (pos + 8 > limit) {
            return;
        }
        boolean looksExplicit = isVr(b[pos + 4], b[pos + 5]);
        if (explicit && !looksExplicit && !be) {
            explicit = false;
        } else if (!explicit && looksExplicit && u32(pos + 4) > streamSize) {
            explicit = true;
        }
    }

    private void inflateRest() {
        if (limit < streamSize) {
            throw new NeedMore(streamSize);
        }
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(b, pos, limit - pos);
            long cap = Math.min(Integer.MAX_VALUE - 64L, Math.max(64L << 20, (limit - pos) * 256L));
            byte[] out = new byte[Math.max(1024, (limit - pos) * 4)];
            int n = 0;
            while (!inf.finished()) {
                if (n == out.length) {
                    if (out.length >= cap) {
                        throw bad("deflated dataset inflates beyond " + cap + " bytes");
                    }
                    out = java.util.Arrays.copyOf(out, (int) Math.min(cap, out.length * 2L));
                }
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break; // truncated stream: parse what we have, the parser reports the cut
                }
                n += k;
            }
            b = out;
            limit = n;
            streamSize = n;
            pos = 0;
        } catch (DataFormatException e) {
            throw bad("corrupt deflated dataset: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    private void need(long end) {
        if (end > limit) {
            if (limit < streamSize && end <= streamSize) {
                throw new NeedMore(end);
            }
            throw bad("file is truncated inside the dataset (at byte " + pos + " of " + streamSize + ")");
        }
    }

    /** Parses elements until {@code end} or an item delimiter. */
    private void parseDataset(long end, int depth, FrameAttrs target, int ctx) {
        while (pos < end && !done) {
            if (ctx == CTX_TOP && pos >= streamSize) {
                return; // a dataset without pixel data
            }
            need(pos + 8);
            int tag = (u16(pos) << 16) | u16(pos + 2);
            if (tag == Tags.ITEM_DELIMITATION) {
                pos += 8;
                return;
            }
            long len;
            int vr = 0;
            if (explicit && (tag >>> 16) != 0xFFFE) {
                vr = ((b[pos + 4] & 0xFF) << 8) | (b[pos + 5] & 0xFF);
                if (isLongVr(b[pos + 4], b[pos + 5])) {
                    need(pos + 12);
                    len = u32(pos + 8);
                    pos += 12;
                } else {
                    len = u16(pos + 6);
                    pos += 8;
                }
            } else {
                len = u32(pos + 4);
                pos += 8;
            }
            if (tag == Tags.PIXEL_DATA && ctx == CTX_TOP) {
                h.pixelOffset = pos;
                h.pixelLength = len == UNDEFINED ? -1 : len;
                if (len != UNDEFINED && pos + len > streamSize) {
                    throw bad("Pixel Data length " + len + " runs past the end of the file (truncated?)");
                }
                done = true;
                return;
            }
            boolean sq = vr == VR_SQ || vr == VR_UN || !explicit;
            if (len == UNDEFINED) {
                // a sequence, or (nested, e.g. an icon image) encapsulated pixel data: items until a delimiter
                parseSequence(tag, -1, depth + 1, target, sq ? ctx : CTX_SKIP, vr == VR_UN);
                continue;
            }
            if (pos + len > streamSize) {
                throw bad("element " + Tags.hex(tag) + " length " + len + " runs past the end of the file");
            }
            if (sq && ctx != CTX_SKIP && (vr == VR_SQ || isKnownSequence(tag))) {
                parseSequence(tag, len, depth + 1, target, ctx, vr == VR_UN);
                continue;
            }
            if (ctx != CTX_SKIP && len > 0) {
                value(tag, (int) len, target, ctx);
            }
            pos += (int) len;
        }
    }

    private static boolean isKnownSequence(int tag) {
        return tag == Tags.SHARED_GROUPS || tag == Tags.PER_FRAME_GROUPS || Tags.isFrameMacro(tag);
    }

    private void parseSequence(int tag, long len, int depth, FrameAttrs target, int ctx, boolean implicitInside) {
        if (depth > MAX_DEPTH) {
            throw bad("sequences nested deeper than " + MAX_DEPTH + " levels at " + Tags.hex(tag) + " (corrupt or looping)");
        }
        int childCtx = CTX_SKIP;
        boolean perFrame = false;
        FrameAttrs child = null;
        if (ctx == CTX_TOP && tag == Tags.SHARED_GROUPS) {
            h.shared = new FrameAttrs();
            child = h.shared;
            childCtx = CTX_GROUP;
        } else if (ctx == CTX_TOP && tag == Tags.PER_FRAME_GROUPS) {
            perFrame = true;
            childCtx = CTX_GROUP;
        } else if (ctx == CTX_GROUP && Tags.isFrameMacro(tag)) {
            child = target;
            childCtx = CTX_GROUP;
        }
        if (childCtx == CTX_SKIP && len >= 0) {
            pos += (int) len;
            return;
        }
        boolean savedExplicit = explicit;
        boolean savedBe = be;
        if (implicitInside) {
            explicit = false;
            be = false;
        }
        long end = len < 0 ? Long.MAX_VALUE : pos + len;
        while (pos < end) {
            need(pos + 8);
            int itag = (u16(pos) << 16) | u16(pos + 2);
            long ilen = u32(pos + 4);
            pos += 8;
            if (itag == Tags.SEQUENCE_DELIMITATION) {
                break;
            }
            if (itag != Tags.ITEM) {
                throw bad("expected an item in sequence " + Tags.hex(tag) + ", found " + Tags.hex(itag));
            }
            FrameAttrs itemTarget = child;
            if (perFrame) {
                itemTarget = new FrameAttrs();
                h.perFrame.add(itemTarget);
            }
            if (ilen == UNDEFINED) {
                parseDataset(Long.MAX_VALUE, depth + 1, itemTarget, childCtx);
            } else {
                if (pos + ilen > streamSize || (len >= 0 && pos + ilen > end)) {
                    throw bad("item of " + Tags.hex(tag) + " length " + ilen + " runs past its sequence or the file");
                }
                if (childCtx == CTX_SKIP) {
                    pos += (int) ilen;
                } else {
                    long itemEnd = pos + ilen;
                    parseDataset(itemEnd, depth + 1, itemTarget, childCtx);
                    pos = (int) itemEnd;
                }
            }
        }
        explicit = savedExplicit;
        be = savedBe;
    }

    private void value(int tag, int len, FrameAttrs t, int ctx) {
        if (frameValue(tag, len, t) || ctx == CTX_GROUP) {
            return;
        }
        if ((tag >>> 16) > 0x0029 && tag != Tags.PIXEL_DATA) {
            return;
        }
        switch (tag) {
            case Tags.IMAGE_TYPE -> h.imageType = string(len);
            case Tags.SOP_CLASS -> h.sopClass = string(len);
            case Tags.SOP_INSTANCE -> h.sopInstance = string(len);
            case Tags.MODALITY -> h.modality = string(len);
            case Tags.SERIES_DESCRIPTION -> h.seriesDescription = string(len);
            case Tags.SPACING_BETWEEN_SLICES -> h.spacingBetweenSlices = ds1(len);
            case Tags.STUDY_UID -> h.studyUid = string(len);
            case Tags.SERIES_UID -> h.seriesUid = string(len);
            case Tags.SERIES_NUMBER -> h.seriesNumber = is(len);
            case Tags.ACQUISITION_NUMBER -> h.acquisitionNumber = is(len);
            case Tags.INSTANCE_NUMBER -> h.instanceNumber = is(len);
            case Tags.SAMPLES_PER_PIXEL -> h.samplesPerPixel = us(len);
            case Tags.PHOTOMETRIC -> h.photometric = string(len);
            case Tags.PLANAR_CONFIGURATION -> h.planarConfiguration = us(len);
            case Tags.NUMBER_OF_FRAMES -> h.frames = is(len);
            case Tags.ROWS -> h.rows = us(len);
            case Tags.COLUMNS -> h.columns = us(len);
            case Tags.BITS_ALLOCATED -> h.bitsAllocated = us(len);
            case Tags.BITS_STORED -> h.bitsStored = us(len);
            case Tags.HIGH_BIT -> h.highBit = us(len);
            case Tags.PIXEL_REPRESENTATION -> h.pixelRepresentation = us(len);
            case Tags.SIEMENS_MOSAIC_IMAGES -> {
                if (h.imageType.contains("MOSAIC") && len >= 2) {
                    need(pos + 2);
                    int n = u16(pos);
                    if (h.mosaicImages == 0) {
                        h.mosaicImages = n;
                    }
                }
            }
            case Tags.SIEMENS_CSA_IMAGE -> {
                if (h.imageType.contains("MOSAIC")) {
                    need(pos + len);
                    SiemensCsa.read(b, pos, len, h);
                }
            }
            default -> { }
        }
    }

    /**
     * The per-frame attributes (position, orientation, spacing, thickness, rescale, window): read
     * into {@code t} at top level and inside functional groups alike; true when {@code tag} was one.
     */
    private boolean frameValue(int tag, int len, FrameAttrs t) {
        switch (tag) {
            case Tags.IMAGE_POSITION -> t.position = ds(len, 3);
            case Tags.IMAGE_ORIENTATION -> t.orientation = ds(len, 6);
            case Tags.PIXEL_SPACING -> t.pixelSpacing = ds(len, 2);
            case Tags.SLICE_THICKNESS -> t.sliceThickness = ds1(len);
            case Tags.RESCALE_SLOPE -> t.slope = ds1(len);
            case Tags.RESCALE_INTERCEPT -> t.intercept = ds1(len);
            case Tags.WINDOW_CENTER -> t.windowCenter = ds1(len);
            case Tags.WINDOW_WIDTH -> t.windowWidth = ds1(len);
            default -> {
                return false;
            }
        }
        return true;
    }

    // ---- value decoding (only for interpreted tags) ----

    private String string(int len) {
        need(pos + len);
        return str(pos, len);
    }

    private String str(int off, int len) {
        int e = off + len;
        while (e > off && (b[e - 1] == 0 || b[e - 1] == ' ')) {
            e--;
        }
        int s = off;
        while (s < e && b[s] == ' ') {
            s++;
        }
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }

    private int us(int len) {
        need(pos + 2);
        return len >= 2 ? u16(pos) : 0;
    }

    private int is(int len) {
        String s = string(len);
        int bs = s.indexOf('\\');
        if (bs >= 0) {
            s = s.substring(0, bs);
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private double ds1(int len) {
        double[] v = ds(len, 1);
        return v == null ? Double.NaN : v[0];
    }

    /** The first {@code n} values of a DS; null when there are fewer or they do not parse. */
    private double[] ds(int len, int n) {
        String s = string(len);
        double[] v = new double[n];
        int start = 0;
        for (int i = 0; i < n; i++) {
            int bs = s.indexOf('\\', start);
            String part = bs < 0 ? s.substring(start) : s.substring(start, bs);
            try {
                v[i] = Double.parseDouble(part.trim());
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(v[i])) {
                return null;
            }
            if (bs < 0 && i < n - 1) {
                return null;
            }
            start = bs + 1;
        }
        return v;
    }

    // ---- primitives ----

    private static final int VR_SQ = ('S' << 8) | 'Q';
    private static final int VR_UN = ('U' << 8) | 'N';

    private int u16le(int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
    }

    private int u16(int off) {
        return be ? ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF) : u16le(off);
    }

    private long u32(int off) {
        long v;
        if (be) {
            v = ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
        } else {
            v = (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8) | ((b[off + 2] & 0xFF) << 16) | ((long) (b[off + 3] & 0xFF) << 24);
        }
        return v;
    }

    private static boolean isVr(byte a, byte c) {
        return a >= 'A' && a <= 'Z' && c >= 'A' && c <= 'Z';
    }

    private static boolean isLongVr(byte a, byte c) {
        return switch (a) {
            case 'O' -> c == 'B' || c == 'D' || c == 'F' || c == 'L' || c == 'V' || c == 'W';
            case 'S' -> c == 'Q' || c == 'V';
            case 'U' -> c == 'C' || c == 'N' || c == 'R' || c == 'T' || c == 'V';
            default -> false;
        };
    }
}
