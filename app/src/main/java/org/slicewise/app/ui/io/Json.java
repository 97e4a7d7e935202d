package org.slicewise.app.ui.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.volume.Geometry;

/** JSON forms of labels, prompts and geometry shared by the session file and the export sidecar. */
public final class Json {
    private Json() {
    }

    public static JsonArray labels(LabelTable t) {
        JsonArray a = new JsonArray();
        for (LabelInfo l : t.labels()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", l.id());
            o.addProperty("name", l.name());
            o.addProperty("color", String.format("#%06X", l.rgb() & 0xFFFFFF));
            o.addProperty("visible", l.visible());
            o.addProperty("opacity", l.opacity());
            o.addProperty("locked", l.locked());
            a.add(o);
        }
        return a;
    }

    public static LabelTable labels(JsonArray a) {
        LabelTable t = new LabelTable();
        for (var e : a) {
            JsonObject o = e.getAsJsonObject();
            t.put(new LabelInfo(o.get("id").getAsInt(), o.get("name").getAsString(),
                    Integer.parseInt(o.get("color").getAsString().substring(1), 16), o.get("visible").getAsBoolean(),
                    o.get("opacity").getAsDouble(), o.get("locked").getAsBoolean()));
        }
        return t;
    }

    public static JsonArray prompts(List<Annotation> list, Geometry g) {
        JsonArray a = new JsonArray();
        for (Annotation an : list) {
            JsonObject o = new JsonObject();
            o.addProperty("id", an.id());
            o.addProperty("label", an.label());
            o.addProperty("slice", an.z());
            if (an instanceof Annotation.Box b) {
                o.addProperty("type", "box");
                o.add("box", arr(b.box().x0(), b.box().y0(), b.box().x1(), b.box().y1()));
            } else if (an instanceof Annotation.Point p) {
                o.addProperty("type", p.point().positive() ? "positive_point" : "negative_point");
                o.add("point", arr(p.point().x(), p.point().y()));
            } else if (an instanceof Annotation.Recist r) {
                o.addProperty("type", "recist");
                o.add("long_axis", arr(r.ax0(), r.ay0(), r.ax1(), r.ay1()));
                if (r.hasShort()) {
                    o.add("short_axis", arr(r.bx0(), r.by0(), r.bx1(), r.by1()));
                }
                if (g != null) {
                    o.addProperty("long_mm", r.longMm(g.spacing(0), g.spacing(1)));
                    o.addProperty("short_mm", r.shortMm(g.spacing(0), g.spacing(1)));
                }
            }
            a.add(o);
        }
        return a;
    }

    public static List<Annotation> prompts(JsonArray a) {
        List<Annotation> out = new ArrayList<>();
        for (var e : a) {
            JsonObject o = e.getAsJsonObject();
            long id = o.get("id").getAsLong();
            int label = o.get("label").getAsInt(), z = o.get("slice").getAsInt();
            String type = o.get("type").getAsString();
            switch (type) {
                case "box" -> {
                    double[] b = vals(o.getAsJsonArray("box"));
                    out.add(new Annotation.Box(id, label, z, new BoxPrompt(b[0], b[1], b[2], b[3])));
                }
                case "positive_point", "negative_point" -> {
                    double[] p = vals(o.getAsJsonArray("point"));
                    out.add(new Annotation.Point(id, label, z, new PointPrompt(p[0], p[1], type.startsWith("positive"))));
                }
                case "recist" -> {
                    double[] l = vals(o.getAsJsonArray("long_axis"));
                    double[] s = o.has("short_axis") ? vals(o.getAsJsonArray("short_axis")) : new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
                    out.add(new Annotation.Recist(id, label, z, l[0], l[1], l[2], l[3], s[0], s[1], s[2], s[3]));
                }
                default -> throw new IllegalArgumentException("unknown prompt type " + type);
            }
        }
        return out;
    }

    public static JsonObject geometry(Geometry g) {
        JsonObject o = new JsonObject();
        int[] d = g.dims();
        o.add("dims", arr(d[0], d[1], d[2]));
        o.add("spacing", arr(g.spacing()));
        o.add("origin_lps", arr(g.origin()));
        o.add("direction_lps", arr(g.direction()));
        return o;
    }

    static JsonArray arr(double... v) {
        JsonArray a = new JsonArray();
        for (double d : v) {
            a.add(d);
        }
        return a;
    }

    static double[] vals(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }
}
