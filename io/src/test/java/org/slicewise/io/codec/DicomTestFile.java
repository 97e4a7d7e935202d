package org.slicewise.io.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TEST-ONLY minimal DICOM reader for codec tests: Part 10 files in Explicit VR Little Endian (the meta
 * group and the data set), sequences with defined/undefined length, native or encapsulated Pixel Data.
 * It is not the product's DICOM parser (that lives in org.slicewise.io.dicom); it only extracts what
 * the codec tests compare.
 */
public final class DicomTestFile {
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQ_END = 0xFFFEE0DD;

    private final Map<Integer, byte[]> values = new HashMap<>();
    private byte[] nativePixels;
    private byte[] offsetTable;
    private final List<byte[]> fragments = new ArrayList<>();
    private String transferSyntax = "";

    public static DicomTestFile read(Path file) throws IOException {
        DicomTestFile d = new DicomTestFile();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 132 || !"DICM".equals(new String(b.array(), 128, 4, StandardCharsets.US_ASCII))) {
            throw new IOException(file + ": not a Part 10 file");
        }
        b.position(132);
        d.parse(b, b.limit(), true);
        byte[] ts = d.values.get(0x00020010);
        if (ts != null) {
            d.transferSyntax = new String(ts, StandardCharsets.US_ASCII).trim().replace("\0", "");
        }
        if (d.transferSyntax.equals("1.2.840.10008.1.2") || d.transferSyntax.equals("1.2.840.10008.1.2.2")) {
            throw new IOException(file + ": test reader handles Explicit VR Little Endian only");
        }
        return d;
    }

    private void parse(ByteBuffer b, int end, boolean top) throws IOException {
        while (b.position() + 8 <= end) {
            int tag = (b.getShort() & 0xFFFF) << 16 | (b.getShort() & 0xFFFF);
            if (tag == ITEM_END) {
                b.getInt();
                return;
            }
            String vr = new String(new byte[] {b.get(), b.get()}, StandardCharsets.US_ASCII);
            long len;
            if (vr.matches("OB|OW|OF|SQ|UT|UN|OD|OL|OV|UC|UR|SV|UV")) {
                b.getShort();
                len = b.getInt() & 0xFFFFFFFFL;
            } else {
                len = b.getShort() & 0xFFFF;
            }
            if (len == 0xFFFFFFFFL) {
                if (tag == PIXEL_DATA) {
                    readFragments(b);
                } else if (vr.equals("SQ")) {
                    skipSequence(b, end);
                } else {
                    skipToSequenceEnd(b);
                }
                continue;
            }
            if (len > end - b.position()) {
                throw new IOException("element length beyond the end of the data");
            }
            if (tag == PIXEL_DATA && top) {
                nativePixels = new byte[(int) len];
                b.get(nativePixels);
            } else if (top && !vr.equals("SQ")) {
                byte[] v = new byte[(int) len];
                b.get(v);
                values.put(tag, v);
            } else {
                b.position(b.position() + (int) len);
            }
        }
    }

    private void skipSequence(ByteBuffer b, int end) throws IOException {
        while (true) {
            int tag = (b.getShort() & 0xFFFF) << 16 | (b.getShort() & 0xFFFF);
            long len = b.getInt() & 0xFFFFFFFFL;
            if (tag == SEQ_END) {
                return;
            }
            if (tag != ITEM) {
                throw new IOException("expected an item in a sequence");
            }
            if (len == 0xFFFFFFFFL) {
                parse(b, end, false);
            } else {
                b.position(b.position() + (int) len);
            }
        }
    }

    /** Skips undefined-length UN data (implicit VR inside) by searching the sequence delimiter. */
    private void skipToSequenceEnd(ByteBuffer b) throws IOException {
        int depth = 0;
        while (b.position() + 8 <= b.limit()) {
            int tag = (b.getShort() & 0xFFFF) << 16 | (b.getShort() & 0xFFFF);
            long len = b.getInt() & 0xFFFFFFFFL;
            if (tag == SEQ_END || tag == ITEM_END) {
                if (tag == SEQ_END && depth == 0) {
                    return;
                }
                depth = Math.max(0, depth - 1);
            } else if (len == 0xFFFFFFFFL) {
                depth++;
            } else if (tag != ITEM) {
                b.position(b.position() + (int) len);
            } else {
                b.position(b.position() + (int) len);
            }
        }
        throw new IOException("unterminated sequence");
    }

    private void readFragments(ByteBuffer b) throws IOException {
        boolean first = true;
        while (true) {
            int tag = (b.getShort() & 0xFFFF) << 16 | (b.getShort() & 0xFFFF);
            int len = b.getInt();
            if (tag == SEQ_END) {
                return;
            }
            if (tag != ITEM || len < 0 || len > b.remaining()) {
                throw new IOException("bad fragment item");
            }
            byte[] v = new byte[len];
            b.get(v);
            if (first) {
                offsetTable = v;
                first = false;
            } else {
                fragments.add(v);
            }
        }
    }

    public String transferSyntax() {
        return transferSyntax;
    }

    public int us(int tag) {
        byte[] v = values.get(tag);
        return v == null ? -1 : (v[0] & 0xFF) | (v[1] & 0xFF) << 8;
    }

    public int rows() {
        return us(0x00280010);
    }

    public int columns() {
        return us(0x00280011);
    }

    public int samplesPerPixel() {
        return us(0x00280002);
    }

    public int bitsAllocated() {
        return us(0x00280100);
    }

    public int bitsStored() {
        return us(0x00280101);
    }

    public int pixelRepresentation() {
        return us(0x00280103);
    }

    public int frames() {
        byte[] v = values.get(0x00280008);
        return v == null ? 1 : Integer.parseInt(new String(v, StandardCharsets.US_ASCII).trim().replace("\0", ""));
    }

    public byte[] nativePixels() {
        return nativePixels;
    }

    public List<byte[]> fragments() {
        return fragments;
    }

    /** The encapsulated data of each frame (basic offset table, or one fragment per frame, or all in one). */
    public List<byte[]> frames(int n) throws IOException {
        List<byte[]> out = new ArrayList<>();
        if (offsetTable != null && offsetTable.length >= 4 * n && n > 1) {
            ByteBuffer ot = ByteBuffer.wrap(offsetTable).order(ByteOrder.LITTLE_ENDIAN);
            long[] starts = new long[n];
            for (int i = 0; i < n; i++) {
                starts[i] = ot.getInt() & 0xFFFFFFFFL;
            }
            long at = 0;
            List<ByteArrayOut> buf = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                buf.add(new ByteArrayOut());
            }
            for (byte[] f : fragments) {
                int frame = 0;
                for (int i = 0; i < n; i++) {
                    if (starts[i] <= at) {
                        frame = i;
                    }
                }
                buf.get(frame).write(f);
                at += 8 + f.length;
            }
            for (ByteArrayOut o : buf) {
                out.add(o.toByteArray());
            }
        } else if (n == 1) {
            ByteArrayOut o = new ByteArrayOut();
            for (byte[] f : fragments) {
                o.write(f);
            }
            out.add(o.toByteArray());
        } else if (fragments.size() == n) {
            out.addAll(fragments);
        } else {
            throw new IOException("cannot map " + fragments.size() + " fragments to " + n + " frames");
        }
        return out;
    }

    private static final class ByteArrayOut extends java.io.ByteArrayOutputStream {
        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
