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
    private String transferSyntax = DicomHeader.EXPLICIT_LE;
    private boolean implicitVr;

    private DicomWriter() {
        this.sopInstance = null;
    }

    /** Writes the elements that follow in Implicit VR Little Endian (for bare files and VR UN payloads). */
    public DicomWriter implicitVr() {
        this.implicitVr = true;
        return this;
    }

    /** A sequence item's dataset (no meta group); pass its {@link #body()} to {@link #seq}. */
    public static DicomWriter item() {
        return new DicomWriter();
    }

    /** The dataset bytes written so far (without preamble and meta group). */
    public byte[] body() {
        return body.toByteArray();
    }

    /** Sets the meta group's transfer syntax (the caller encodes the data accordingly). */
    public DicomWriter transferSyntax(String uid) {
        this.transferSyntax = uid;
        return this;
    }

    /** A sequence of items given as dataset bytes; undefined lengths when {@code undefinedLength}. */
    public DicomWriter seq(int tag, boolean undefinedLength, byte[]... items) {
        return seq(tag, "SQ", undefinedLength, items);
    }

    /** As {@link #seq(int, boolean, byte[]...)} with an explicit VR ("UN" for an unknown-VR sequence). */
    public DicomWriter seq(int tag, String vr, boolean undefinedLength, byte[]... items) {
        int len = 0;
        for (byte[] it : items) {
            len += 8 + it.length + (undefinedLength ? 8 : 0);
        }
        header(body, tag, vr, undefinedLength ? -1 : len);
        for (byte[] it : items) {
            tagLen(body, 0xFFFEE000, undefinedLength ? -1 : it.length);
            body.write(it, 0, it.length);
            if (undefinedLength) {
                tagLen(body, 0xFFFEE00D, 0);
            }
        }
        if (undefinedLength) {
            tagLen(body, 0xFFFEE0DD, 0);
        }
        return this;
    }

    /** Encapsulated Pixel Data: a Basic Offset Table (may be empty) and fragments (each padded to even length). */
    public DicomWriter encapsulated(int[] offsetTable, byte[]... fragments) {
        header(body, 0x7FE00010, "OB", -1);
        tagLen(body, 0xFFFEE000, offsetTable.length * 4);
        for (int o : offsetTable) {
            body.write(o & 0xFF);
            body.write((o >>> 8) & 0xFF);
            body.write((o >>> 16) & 0xFF);
            body.write((o >>> 24) & 0xFF);
        }
        for (byte[] f : fragments) {
            tagLen(body, 0xFFFEE000, f.length + (f.length & 1));
            body.write(f, 0, f.length);
            if ((f.length & 1) == 1) {
                body.write(0);
            }
        }
        tagLen(body, 0xFFFEE0DD, 0);
        return this;
    }

    private static void tagLen(ByteArrayOutputStream o, int tag, int len) {
        o.write((tag >>> 16) & 0xFF);
        o.write((tag >>> 24) & 0xFF);
        o.write(tag & 0xFF);
        o.write((tag >>> 8) & 0xFF);
        o.write(len & 0xFF);
        o.write((len >>> 8) & 0xFF);
        o.write((len >>> 16) & 0xFF);
        o.write((len >>> 24) & 0xFF);
    }

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

    /** Native 8-bit Pixel Data (OB). */
    public DicomWriter pixels8(byte[] values) {
        header(body, 0x7FE00010, "OB", values.length + (values.length & 1));
        body.write(values, 0, values.length);
        if ((values.length & 1) == 1) {
            body.write(0);
        }
        return this;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        header(group, 0x00020001, "OB", 2);
        group.write(0);
        group.write(1);
        strTo(group, 0x00020003, "UI", sopInstance);
        strTo(group, 0x00020010, "UI", transferSyntax);
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
        byte[] data = body.toByteArray();
        if (DicomHeader.DEFLATED_LE.equals(transferSyntax)) {
            java.util.zip.Deflater d = new java.util.zip.Deflater(6, true);
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (java.util.zip.DeflaterOutputStream dos = new java.util.zip.DeflaterOutputStream(z, d)) {
                dos.write(data);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                d.end();
            }
            data = z.toByteArray();
        }
        meta.write(data, 0, data.length);
        return meta.toByteArray();
    }

    public void write(Path p) throws IOException {
        Files.write(p, toBytes());
    }

    private void strTo(ByteArrayOutputStream o, int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        int len = v.length + (v.length & 1);
        header(o, tag, vr, len);
        o.write(v, 0, v.length);
        if ((v.length & 1) == 1) {
            o.write(0);
        }
    }

    private void header(ByteArrayOutputStream o, int tag, String vr, int len) {
        if (implicitVr && o == body) {
            tagLen(o, tag, len);
            return;
        }
        headerExplicit(o, tag, vr, len);
    }

    private static void headerExplicit(ByteArrayOutputStream o, int tag, String vr, int len) {
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
