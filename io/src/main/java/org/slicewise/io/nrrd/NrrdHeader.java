package org.slicewise.io.nrrd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slicewise.core.BadInputException;
import org.slicewise.core.volume.VoxelType;

/** A parsed NRRD header: the fields (lower-case names) and the key:=value pairs, plus where data starts. */
final class NrrdHeader {
    static final int MAX_HEADER = 1 << 20;

    final Map<String, String> fields = new LinkedHashMap<>();
    final Map<String, String> keyValues = new LinkedHashMap<>();
    /** Byte offset just after the blank line ending the header (attached data), or the file size. */
    long dataOffset;
    boolean sawBlankLine;

    static NrrdHeader read(Path file) throws IOException {
        byte[] buf;
        try (InputStream in = Files.newInputStream(file)) {
            buf = in.readNBytes(MAX_HEADER);
        }
        if (buf.length < 8 || !new String(buf, 0, 4, StandardCharsets.ISO_8859_1).equals("NRRD")) {
            throw BadInputException.of(file, "not a NRRD file (magic NRRD000x missing)");
        }
        NrrdHeader h = new NrrdHeader();
        int pos = 0;
        int lineNo = 0;
        while (pos < buf.length) {
            int end = pos;
            while (end < buf.length && buf[end] != '\n') {
                end++;
            }
            if (end == buf.length && buf.length == MAX_HEADER) {
                throw BadInputException.of(file, "NRRD header longer than 1 MiB or missing its blank line");
            }
            int lineEnd = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
            String line = new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            pos = Math.min(end + 1, buf.length);
            if (lineNo++ == 0) {
                if (!line.matches("NRRD000[1-5]")) {
                    throw BadInputException.of(file, "not a NRRD file (bad magic '" + shorten(line) + "')");
                }
                continue;
            }
            if (line.isEmpty()) {
                h.sawBlankLine = true;
                break;
            }
            if (line.startsWith("#")) {
                continue;
            }
            int kv = line.indexOf(":=");
            int f = line.indexOf(": ");
            if (kv >= 0 && (f < 0 || kv < f)) {
                h.keyValues.put(line.substring(0, kv), line.substring(kv + 2));
            } else if (f > 0) {
                h.fields.put(line.substring(0, f).trim().toLowerCase(Locale.ROOT), line.substring(f + 2).trim());
            } else if (line.endsWith(":")) {
                h.fields.put(line.substring(0, line.length() - 1).trim().toLowerCase(Locale.ROOT), "");
            } else {
                throw BadInputException.of(file, "malformed NRRD header line " + lineNo + ": '" + shorten(line) + "'");
            }
        }
        h.dataOffset = pos;
        return h;
    }

    private static String shorten(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 60 ? t.substring(0, 60) + "..." : t;
    }

    String get(String... names) {
        for (String n : names) {
            String v = fields.get(n);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    String require(Object file, String name) {
        String v = fields.get(name);
        if (v == null) {
            throw BadInputException.of(file, "NRRD header lacks the required field '" + name + "'");
        }
        return v;
    }

    /** All NRRD type names and synonyms; null for types Slicewise cannot hold. */
    static VoxelType type(String name, Object file) {
        String n = name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return switch (n) {
            case "signed char", "int8", "int8_t" -> VoxelType.INT8;
            case "uchar", "unsigned char", "uint8", "uint8_t" -> VoxelType.UINT8;
            case "short", "short int", "signed short", "signed short int", "int16", "int16_t" -> VoxelType.INT16;
            case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t" -> VoxelType.UINT16;
            case "int", "signed int", "int32", "int32_t" -> VoxelType.INT32;
            case "uint", "unsigned int", "uint32", "uint32_t" -> VoxelType.UINT32;
            case "float" -> VoxelType.FLOAT32;
            case "double" -> VoxelType.FLOAT64;
            default -> throw BadInputException.of(file, "unsupported NRRD type '" + name
                    + "' (supported: int8, uint8, int16, uint16, int32, uint32, float, double)");
        };
    }

    static String typeName(VoxelType t) {
        return switch (t) {
            case INT8 -> "int8";
            case UINT8 -> "uint8";
            case INT16 -> "short";
            case UINT16 -> "ushort";
            case INT32 -> "int";
            case UINT32 -> "uint";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
        };
    }

    /** Parses "(a,b,c)" vectors or "none" separated by spaces; a null entry stands for "none". */
    static List<double[]> vectors(String s, Object file, String field) {
        List<double[]> out = new ArrayList<>();
        String t = s.trim();
        int i = 0;
        while (i < t.length()) {
            char ch = t.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (t.startsWith("none", i)) {
                out.add(null);
                i += 4;
            } else if (ch == '(') {
                int close = t.indexOf(')', i);
                if (close < 0) {
                    throw BadInputException.of(file, "malformed NRRD '" + field + "': missing ')'");
                }
                String[] parts = t.substring(i + 1, close).split(",");
                double[] v = new double[parts.length];
                for (int k = 0; k < parts.length; k++) {
                    v[k] = number(parts[k], file, field);
                }
                out.add(v);
                i = close + 1;
            } else {
                throw BadInputException.of(file, "malformed NRRD '" + field + "': " + shorten(t));
            }
        }
        return out;
    }

    static double number(String s, Object file, String field) {
        String t = s.trim();
        if (t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw BadInputException.of(file, "malformed number '" + shorten(t) + "' in NRRD '" + field + "'");
        }
    }

    static long[] longs(String s, Object file, String field) {
        String[] parts = s.trim().split("\\s+");
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                throw BadInputException.of(file, "malformed integer '" + shorten(parts[i]) + "' in NRRD '" + field + "'");
            }
        }
        return v;
    }
}
