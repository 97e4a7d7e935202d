package org.slicewise.core.prompt;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slicewise.core.BadInputException;
import org.slicewise.core.label.LabelTable;

/**
 * Reads and writes prompts.json (voxel coordinates in the image's stored array order: x = first
 * axis, y = second, slice = third; inclusive voxel bounds):
 * <pre>
 * {"objects":[{"label":1,"name":"tumour","colour":"#ff0000",
 *   "boxes":[{"slice":12,"box":[x0,y0,x1,y1]}],
 *   "axes":[{"slice":14,"long":[[x0,y0],[x1,y1]],"short":[[x0,y0],[x1,y1]]}],
 *   "points":[{"slice":12,"xy":[x,y],"positive":true}],
 *   "extent":[zmin,zmax]}],
 *  "margin":{"pixels":1,"fraction":0.05}, "interpolation":"shape", "selection":"model", "propagation":"none"}
 * </pre>
 * {@code name}, {@code colour}, {@code short}, {@code extent} and the run settings {@code margin},
 * {@code interpolation}, {@code selection} and {@code propagation} ({@link Settings}) are optional. Every problem is a {@link BadInputException} whose one-line
 * message names the file and what is wrong.
 */
public final class PromptsJson {
    /**
     * The optional run settings of a prompts file, each null when absent (then the CLI flag or the default decides:
     * docs/pipeline.md, "prompts.json"). The strings are the canonical lower-case names: interpolation
     * {@code linear|shape|hull}, selection {@code model|none}, propagation {@code none|seed-box|mask-prompt|both}
     * (the values of the CLI's {@code --interpolation}, {@code --select} and {@code --propagation}).
     * A file may not combine selection {@code model} with a propagation other than {@code none}.
     */
    public record Settings(MarginPolicy margin, String interpolation, String selection, String propagation) {
        /** No settings: everything from the CLI flags or the defaults. */
        public static final Settings NONE = new Settings(null, null, null, null);

        /** Normalises the names; throws IllegalArgumentException for a value the file format does not allow. */
        public Settings {
            interpolation = canonical(interpolation, INTERPOLATIONS);
            selection = canonical(selection, SELECTIONS);
            propagation = canonical(propagation, PROPAGATIONS);
            if (conflict(selection, propagation)) {
                throw new IllegalArgumentException("selection model needs propagation none, not " + propagation);
            }
        }

        public static Settings of(MarginPolicy margin, String interpolation) {
            return new Settings(margin, interpolation, null, null);
        }
    }

    /** Allowed values, canonical spelling (the CLI's). */
    public static final List<String> INTERPOLATIONS = List.of("linear", "shape", "hull");
    public static final List<String> SELECTIONS = List.of("model", "none");
    public static final List<String> PROPAGATIONS = List.of("none", "seed-box", "mask-prompt", "both");

    /**
     * The canonical spelling of a setting value, or null for null. Accepts what the CLI accepts: any case, surrounding
     * blanks, '_' for '-'. Throws IllegalArgumentException when the value is not one of {@code allowed}.
     */
    static String canonical(String v, List<String> allowed) {
        if (v == null) {
            return null;
        }
        String c = v.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (!allowed.contains(c)) {
            throw new IllegalArgumentException("not one of " + allowed + ": " + v);
        }
        return c;
    }

    private static boolean conflict(String selection, String propagation) {
        return "model".equals(selection) && propagation != null && !propagation.equals("none");
    }

    /** Parsed file: the objects plus the optional run settings (null when absent). */
    public record Parsed(List<ObjectPrompts> objects, MarginPolicy margin, String interpolation, String selection,
                         String propagation) {
        /** A file without selection and propagation settings. */
        public Parsed(List<ObjectPrompts> objects, MarginPolicy margin, String interpolation) {
            this(objects, margin, interpolation, null, null);
        }

        public Parsed(List<ObjectPrompts> objects, Settings settings) {
            this(objects, settings.margin(), settings.interpolation(), settings.selection(), settings.propagation());
        }

        /** The run settings of the file. */
        public Settings settings() {
            return new Settings(margin, interpolation, selection, propagation);
        }

        public PromptSet toPromptSet() {
            PromptSet s = new PromptSet(objects);
            if (margin != null) {
                s.setMargin(margin);
            }
            return s;
        }
    }

    private PromptsJson() {
    }

    /** Reads and validates against an image of nx × ny × nz voxels. */
    public static Parsed read(Path file, int nx, int ny, int nz) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw BadInputException.of(file, "no such prompts file");
        }
        if (Files.size(file) > 64L << 20) {
            throw BadInputException.of(file, "prompts file larger than 64 MiB");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), nx, ny, nz);
    }

    /** Parses JSON text; {@code source} names it in messages. */
    public static Parsed parse(String json, String source, int nx, int ny, int nz) {
        return new Reader(source, nx, ny, nz).parse(json);
    }

    private static final class Reader {
        private final String src;
        private final int nx, ny, nz;

        Reader(String src, int nx, int ny, int nz) {
            this.src = src;
            this.nx = nx;
            this.ny = ny;
            this.nz = nz;
        }

        private BadInputException bad(String what) {
            return BadInputException.of(src, what);
        }

        /** Gson's message without its advice to the programmer ("Use JsonReader.setStrictness..."). */
        private static String jsonProblem(Exception e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            int cut = m.indexOf('\n');
            if (cut > 0) {
                m = m.substring(0, cut);
            }
            java.util.regex.Matcher at = java.util.regex.Pattern.compile("at line \\d+ column \\d+").matcher(m);
            String where = at.find() ? " " + at.group() : "";
            return m.contains("Use JsonReader") ? "not valid JSON" + where : m;
        }

        Parsed parse(String json) {
            JsonElement root;
            try {
                JsonReader r = new JsonReader(new StringReader(json));
                r.setStrictness(Strictness.STRICT);
                root = new Gson().getAdapter(JsonElement.class).read(r);
                if (r.peek() != JsonToken.END_DOCUMENT) {
                    throw bad("malformed JSON: unexpected content after the top-level object");
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof BadInputException b) {
                    throw b;
                }
                throw bad("malformed JSON: " + jsonProblem(e));
            }
            if (root == null || !root.isJsonObject()) {
                throw bad("expected a JSON object with \"objects\"");
            }
            JsonObject top = root.getAsJsonObject();
            JsonArray objs = array(top, "objects", "top level", true);
            if (objs.isEmpty()) {
                throw bad("\"objects\" is empty");
            }
            List<ObjectPrompts> out = new ArrayList<>();
            Set<Integer> labels = new HashSet<>();
            for (int i = 0; i < objs.size(); i++) {
                if (!objs.get(i).isJsonObject()) {
                    throw bad("objects[" + i + "] is not an object");
                }
                ObjectPrompts o = object(objs.get(i).getAsJsonObject(), "objects[" + i + "]");
                if (!labels.add(o.label())) {
                    throw bad("label " + o.label() + " appears in two objects");
                }
                out.add(o);
            }
            MarginPolicy margin = null;
            if (top.has("margin")) {
                JsonElement m = top.get("margin");
                if (!m.isJsonObject()) {
                    throw bad("\"margin\" must be an object {\"pixels\":p,\"fraction\":f}");
                }
                double p = m.getAsJsonObject().has("pixels") ? number(m.getAsJsonObject().get("pixels"), "margin.pixels") : 0;
                double f = m.getAsJsonObject().has("fraction") ? number(m.getAsJsonObject().get("fraction"), "margin.fraction") : 0;
                if (p < 0 || f < 0 || p > 1000 || f > 10) {
                    throw bad("margin out of range (pixels 0..1000, fraction 0..10)");
                }
                margin = new MarginPolicy(p, f);
            }
            String interp = choice(top, "interpolation", INTERPOLATIONS);
            String sel = choice(top, "selection", SELECTIONS);
            String prop = choice(top, "propagation", PROPAGATIONS);
            if (conflict(sel, prop)) {
                throw bad("\"selection\":\"model\" needs \"propagation\":\"none\", got \"" + prop + "\"");
            }
            return new Parsed(out, margin, interp, sel, prop);
        }

        /** An optional top-level string setting, canonical spelling; null when absent or JSON null. */
        private String choice(JsonObject top, String key, List<String> allowed) {
            JsonElement e = top.get(key);
            if (e == null || e.isJsonNull()) {
                return null;
            }
            String v = e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
            try {
                if (v != null) {
                    return canonical(v, allowed);
                }
            } catch (IllegalArgumentException ex) {
                // reported below
            }
            String got = e.toString();
            if (got.length() > 40) {
                got = got.substring(0, 37) + "...";
            }
            got = got.replaceAll("[\\r\\n\\t]", " ");
            StringBuilder b = new StringBuilder("\"").append(key).append("\" must be ");
            for (int i = 0; i < allowed.size(); i++) {
                b.append(i == 0 ? "" : i == allowed.size() - 1 ? " or " : ", ").append('"').append(allowed.get(i)).append('"');
            }
            throw bad(b.append(", got ").append(got).toString());
        }

        private ObjectPrompts object(JsonObject o, String where) {
            if (!o.has("label")) {
                throw bad(where + " has no \"label\"");
            }
            int label = integer(o.get("label"), where + ".label");
            if (label < 1 || label > 65535) {
                throw bad(where + ".label " + label + " outside 1..65535");
            }
            where = "object " + label;
            String name = o.has("name") && o.get("name").isJsonPrimitive() ? o.get("name").getAsString() : "label " + label;
            int rgb = o.has("colour") ? colour(o.get("colour"), where) : o.has("color") ? colour(o.get("color"), where)
                    : LabelTable.defaultColour(label);
            ObjectPrompts p = ObjectPrompts.of(label, name, rgb);
            JsonArray boxes = array(o, "boxes", where, false);
            for (int i = 0; i < boxes.size(); i++) {
                String w = where + " boxes[" + i + "]";
                JsonObject b = obj(boxes.get(i), w);
                int z = slice(b, w);
                double[] c = numbers(b.get("box"), 4, w + ".box");
                if (c[2] < c[0] || c[3] < c[1]) {
                    throw bad(w + ": box needs x0<=x1 and y0<=y1");
                }
                inImage(c[0], c[1], w + " box");
                inImage(c[2], c[3], w + " box");
                p = addKeyframe(p, Keyframe.box(z, new BoxPrompt(c[0], c[1], c[2], c[3])), w);
            }
            JsonArray axes = array(o, "axes", where, false);
            for (int i = 0; i < axes.size(); i++) {
                String w = where + " axes[" + i + "]";
                JsonObject a = obj(axes.get(i), w);
                int z = slice(a, w);
                if (!a.has("long")) {
                    throw bad(w + " has no \"long\" axis");
                }
                Segment lg = segment(a.get("long"), w + ".long");
                Segment sh = a.has("short") && !a.get("short").isJsonNull() ? segment(a.get("short"), w + ".short") : null;
                p = addKeyframe(p, Keyframe.marker(z, new RecistMarker(lg, sh)), w);
            }
            JsonArray pts = array(o, "points", where, false);
            List<SlicePoint> points = new ArrayList<>();
            for (int i = 0; i < pts.size(); i++) {
                String w = where + " points[" + i + "]";
                JsonObject a = obj(pts.get(i), w);
                int z = slice(a, w);
                double[] xy = numbers(a.get("xy"), 2, w + ".xy");
                inImage(xy[0], xy[1], w);
                boolean pos = true;
                if (a.has("positive")) {
                    JsonElement e = a.get("positive");
                    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                        throw bad(w + ".positive must be true or false");
                    }
                    pos = e.getAsBoolean();
                }
                points.add(new SlicePoint(z, new PointPrompt(xy[0], xy[1], pos)));
            }
            p = p.withPoints(points);
            if (o.has("extent") && !o.get("extent").isJsonNull()) {
                double[] e = numbers(o.get("extent"), 2, where + ".extent");
                int a = toInt(e[0], where + ".extent"), b = toInt(e[1], where + ".extent");
                if (a > b) {
                    throw bad(where + ".extent [" + a + "," + b + "] has zmin > zmax");
                }
                if (a < 0 || b >= nz) {
                    throw bad(where + ".extent [" + a + "," + b + "] outside slices 0.." + (nz - 1));
                }
                p = p.withExtent(new Extent(a, b));
            }
            if (p.keyframes().isEmpty() && p.points().isEmpty()) {
                throw bad(where + " has no boxes, axes or points");
            }
            if (p.keyframes().isEmpty() && p.points().stream().noneMatch(s -> s.point().positive())) {
                throw bad(where + " has only negative points");
            }
            return p;
        }

        private ObjectPrompts addKeyframe(ObjectPrompts p, Keyframe k, String where) {
            if (p.keyframes().containsKey(k.slice())) {
                throw bad(where + ": a second keyframe on slice " + k.slice() + " (one box or axes marker per slice)");
            }
            return p.withKeyframe(k);
        }

        private Segment segment(JsonElement e, String where) {
            if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() != 2) {
                throw bad(where + " must be [[x0,y0],[x1,y1]]");
            }
            double[] a = numbers(e.getAsJsonArray().get(0), 2, where);
            double[] b = numbers(e.getAsJsonArray().get(1), 2, where);
            inImage(a[0], a[1], where);
            inImage(b[0], b[1], where);
            Segment s = new Segment(a[0], a[1], b[0], b[1]);
            if (!(s.length() > 0)) {
                throw bad(where + " has zero length");
            }
            return s;
        }

        private void inImage(double x, double y, String where) {
            if (x < 0 || y < 0 || x > nx - 1 || y > ny - 1) {
                throw bad(String.format(Locale.ROOT, "%s: point (%s, %s) outside the image (x 0..%d, y 0..%d)",
                        where, fmt(x), fmt(y), nx - 1, ny - 1));
            }
        }

        private int slice(JsonObject o, String where) {
            if (!o.has("slice")) {
                throw bad(where + " has no \"slice\"");
            }
            int z = integer(o.get("slice"), where + ".slice");
            if (z < 0 || z >= nz) {
                throw bad(where + ": slice " + z + " out of range 0.." + (nz - 1));
            }
            return z;
        }

        private JsonObject obj(JsonElement e, String where) {
            if (e == null || !e.isJsonObject()) {
                throw bad(where + " is not an object");
            }
            return e.getAsJsonObject();
        }

        private JsonArray array(JsonObject o, String key, String where, boolean required) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                if (required) {
                    throw bad(where + " has no \"" + key + "\" array");
                }
                return new JsonArray();
            }
            if (!e.isJsonArray()) {
                throw bad(where + ": \"" + key + "\" must be an array");
            }
            return e.getAsJsonArray();
        }

        private double[] numbers(JsonElement e, int n, String where) {
            if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() != n) {
                throw bad(where + " must be an array of " + n + " numbers");
            }
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = number(e.getAsJsonArray().get(i), where);
            }
            return d;
        }

        private double number(JsonElement e, String where) {
            if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw bad(where + " must be a number");
            }
            double d = e.getAsDouble();
            if (!Double.isFinite(d)) {
                throw bad(where + " must be finite");
            }
            return d;
        }

        private int integer(JsonElement e, String where) {
            return toInt(number(e, where), where);
        }

        private int toInt(double d, String where) {
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw bad(where + " must be an integer, got " + fmt(d));
            }
            return (int) d;
        }

        private int colour(JsonElement e, String where) {
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
                String s = e.getAsString().trim();
                if (s.matches("#?[0-9a-fA-F]{6}")) {
                    return Integer.parseInt(s.startsWith("#") ? s.substring(1) : s, 16);
                }
            } else if (e.isJsonArray() && e.getAsJsonArray().size() == 3) {
                double[] c = numbers(e, 3, where + ".colour");
                int rgb = 0;
                for (double v : c) {
                    if (v < 0 || v > 255) {
                        throw bad(where + ".colour components must be 0..255");
                    }
                    rgb = (rgb << 8) | (int) v;
                }
                return rgb;
            }
            throw bad(where + ".colour must be \"#rrggbb\" or [r,g,b]");
        }
    }

    /** Writes objects (and optional settings) in the format {@link #parse} reads. */
    public static String write(List<ObjectPrompts> objects, MarginPolicy margin, String interpolation) {
        return write(objects, Settings.of(margin, interpolation));
    }

    /** Writes objects and the run settings (absent ones, null, are left out) in the format {@link #parse} reads. */
    public static String write(List<ObjectPrompts> objects, Settings settings) {
        MarginPolicy margin = settings.margin();
        JsonObject top = new JsonObject();
        JsonArray objs = new JsonArray();
        for (ObjectPrompts o : objects) {
            JsonObject j = new JsonObject();
            j.addProperty("label", o.label());
            j.addProperty("name", o.name());
            j.addProperty("colour", String.format(Locale.ROOT, "#%06x", o.rgb() & 0xFFFFFF));
            JsonArray boxes = new JsonArray(), axes = new JsonArray();
            for (Keyframe k : o.keyframes().values()) {
                JsonObject e = new JsonObject();
                e.addProperty("slice", k.slice());
                if (k.box() != null) {
                    BoxPrompt b = k.box();
                    e.add("box", arr(b.x0(), b.y0(), b.x1(), b.y1()));
                    boxes.add(e);
                } else {
                    e.add("long", seg(k.marker().longAxis()));
                    if (k.marker().shortAxis() != null) {
                        e.add("short", seg(k.marker().shortAxis()));
                    }
                    axes.add(e);
                }
            }
            j.add("boxes", boxes);
            j.add("axes", axes);
            JsonArray pts = new JsonArray();
            for (SlicePoint p : o.points()) {
                JsonObject e = new JsonObject();
                e.addProperty("slice", p.slice());
                e.add("xy", arr(p.point().x(), p.point().y()));
                e.addProperty("positive", p.point().positive());
                pts.add(e);
            }
            j.add("points", pts);
            if (o.extent() != null) {
                j.add("extent", arr(o.extent().zmin(), o.extent().zmax()));
            }
            objs.add(j);
        }
        top.add("objects", objs);
        if (margin != null) {
            JsonObject m = new JsonObject();
            m.add("pixels", num(margin.pixels()));
            m.add("fraction", num(margin.fraction()));
            top.add("margin", m);
        }
        if (settings.interpolation() != null) {
            top.addProperty("interpolation", settings.interpolation());
        }
        if (settings.selection() != null) {
            top.addProperty("selection", settings.selection());
        }
        if (settings.propagation() != null) {
            top.addProperty("propagation", settings.propagation());
        }
        return new GsonBuilder().setPrettyPrinting().create().toJson(top) + "\n";
    }

    public static void write(Path file, List<ObjectPrompts> objects, MarginPolicy margin, String interpolation)
            throws IOException {
        write(file, objects, Settings.of(margin, interpolation));
    }

    public static void write(Path file, List<ObjectPrompts> objects, Settings settings) throws IOException {
        Files.writeString(file, write(objects, settings), StandardCharsets.UTF_8);
    }

    private static JsonArray seg(Segment s) {
        JsonArray a = new JsonArray();
        a.add(arr(s.x0(), s.y0()));
        a.add(arr(s.x1(), s.y1()));
        return a;
    }

    private static JsonArray arr(double... v) {
        JsonArray a = new JsonArray();
        for (double d : v) {
            a.add(num(d));
        }
        return a;
    }

    private static JsonPrimitive num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? new JsonPrimitive((long) d) : new JsonPrimitive(d);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
