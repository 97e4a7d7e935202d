package org.slicewise.io.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal Part 10 writer (Explicit VR Little Endian, elements appended in the order given, so the
 * caller keeps tags ascending). Used to generate benchmark series and test fixtures; not a general
 * DICOM writer.
 */
public final class DicomWriter {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final String sopInstance;

    /** Starts a file whose meta group names the given SOP class/instance and Explicit VR LE. */
    public DicomWriter(String sopClass, String sopInstance) {
        this.sopInstance = sopInstance;
        str(0x00080016, "UI", sopClass);
        str(0x00080018, "UI", sopInstance);
    }

    /** A string element (padded to even length). */
    public DicomWriter str(int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        int len = v.length + (v.length & 1);
        header(body, tag, vr, len);
        body.write(v, 0, v.length);
        if ((v.length & 1) == 1) {
            body.write(vr.equals("UI") ? 0 : ' ');
        }
        return this;
    }

    public DicomWriter us(int tag, int value) {
        header(body, tag, "US", 2);
        body.write(value & 0xFF);
        body.write((value >>> 8) & 0xFF);
        return this;
    }

    /** Backslash-separated decimal strings. */
    public DicomWriter ds(int tag, double... values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            if (b.length() > 0) {
                b.append('\\');
            }
            String s = Double.toString(v);
            b.append(s.length() > 16 ? String.format(java.util.Locale.ROOT, "%.9g", v) : s);
        }
        return str(tag, "DS", b.toString());
    }

    /** Native 16-bit Pixel Data (OW). */
    public DicomWriter pixels(short[] values) {
        header(body, 0x7FE00010, "OW", values.length * 2);
        ByteBuffer bb = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bb.asShortBuffer().put(values);
        body.write(bb.array(), 0, bb.capacity());
        return this;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        header(group, 0x00020001, "OB", 2);
        group.write(0);
        group.write(1);
        strTo(group, 0x00020003, "UI", sopInstance);
        strTo(group, 0x00020010, "UI", DicomHeader.EXPLICIT_LE);
        strTo(group, 0x00020012, "UI", "1.2.826.0.1.3680043.10.1555");
        meta.write(new byte[128], 0, 128);
        meta.write('D');
        meta.write('I');
        meta.write('C');
        meta.write('M');
        header(meta, 0x00020000, "UL", 4);
        int gl = group.size();
        meta.write(gl & 0xFF);
        meta.write((gl >>> 8) & 0xFF);
        meta.write((gl >>> 16) & 0xFF);
        meta.write((gl >>> 24) & 0xFF);
        meta.write(group.toByteArray(), 0, gl);
        meta.write(body.toByteArray(), 0, body.size());
        return meta.toByteArray();
    }

    public void write(Path p) throws IOException {
        Files.write(p, toBytes());
    }

    private static void strTo(ByteArrayOutputStream o, int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        int len = v.length + (v.length & 1);
        header(o, tag, vr, len);
        o.write(v, 0, v.length);
        if ((v.length & 1) == 1) {
            o.write(0);
        }
    }

    private static void header(ByteArrayOutputStream o, int tag, String vr, int len) {
        o.write((tag >>> 16) & 0xFF);
        o.write((tag >>> 24) & 0xFF);
        o.write(tag & 0xFF);
        o.write((tag >>> 8) & 0xFF);
        o.write(vr.charAt(0));
        o.write(vr.charAt(1));
        boolean longVr = switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
            default -> false;
        };
        if (longVr) {
            o.write(0);
            o.write(0);
            o.write(len & 0xFF);
            o.write((len >>> 8) & 0xFF);
            o.write((len >>> 16) & 0xFF);
            o.write((len >>> 24) & 0xFF);
        } else {
            o.write(len & 0xFF);
            o.write((len >>> 8) & 0xFF);
        }
    }
}
