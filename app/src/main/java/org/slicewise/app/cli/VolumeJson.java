package org.slicewise.app.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.dicom.DicomSeriesInfo;

/** JSON views of volumes and DICOM series for the CLI (shared by info and other subcommands). */
final class VolumeJson {
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();
    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    private VolumeJson() {
    }

    static String toJson(JsonObject o, boolean pretty) {
        return (pretty ? PRETTY : COMPACT).toJson(o);
    }

    /**
     * Adds dims, spacing, origin (LPS), direction (row-major, columns = axis directions), dtype, min, max,
     * modality, description, window and warnings. Spacing and origin are rounded to 1e-7 mm, direction
     * cosines to 1e-6, so that float (NIfTI) and double (NRRD) headers of one grid print the same numbers.
     */
    static void addVolume(JsonObject o, Volume v) {
        Geometry g = v.geometry();
        o.add("dims", ints(g.dims()));
        o.add("spacing", numbers(g.spacing(), 7));
        o.add("origin", numbers(g.origin(), 7));
        o.add("direction", numbers(g.direction(), 6));
        o.addProperty("dtype", v.type().id());
        double[] mm = v.minMax();
        o.add("min", value(mm[0], v.type().integral()));
        o.add("max", value(mm[1], v.type().integral()));
        o.addProperty("modality", v.metadata().modality());
        o.addProperty("description", v.metadata().description());
        DisplayWindow w = v.metadata().suggestedWindow();
        if (w != null) {
            JsonObject win = new JsonObject();
            win.add("center", number(w.center(), 6));
            win.add("width", number(w.width(), 6));
            o.add("window", win);
        }
        o.add("warnings", strings(v.metadata().warnings()));
    }

    static JsonObject series(DicomSeriesInfo s) {
        JsonObject o = new JsonObject();
        o.addProperty("uid", s.uid());
        o.addProperty("modality", s.modality());
        o.addProperty("description", s.description());
        o.add("dims", s.dims() == null ? JsonNull.INSTANCE : ints(s.dims()));
        o.add("spacing", s.spacing() == null ? JsonNull.INSTANCE : numbers(s.spacing(), 7));
        o.add("transferSyntaxes", strings(s.transferSyntaxes()));
        o.add("warnings", strings(s.warnings()));
        o.addProperty("files", s.files());
        return o;
    }

    static JsonArray ints(int[] v) {
        JsonArray a = new JsonArray();
        for (int x : v) {
            a.add(x);
        }
        return a;
    }

    static JsonArray numbers(double[] v, int decimals) {
        JsonArray a = new JsonArray();
        for (double x : v) {
            a.add(number(x, decimals));
        }
        return a;
    }

    static JsonArray strings(List<String> v) {
        JsonArray a = new JsonArray();
        if (v != null) {
            v.forEach(a::add);
        }
        return a;
    }

    /** Rounded to {@code decimals}, trailing zeros dropped, -0 printed as 0; null when not finite. */
    static JsonElement number(double x, int decimals) {
        if (!Double.isFinite(x)) {
            return JsonNull.INSTANCE;
        }
        BigDecimal b = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (b.signum() == 0) {
            return new JsonPrimitive(0);
        }
        if (b.scale() <= 0 && b.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return new JsonPrimitive(b.longValueExact());
        }
        return new JsonPrimitive(b.doubleValue());
    }

    private static JsonElement value(double x, boolean integral) {
        if (!Double.isFinite(x)) {
            return JsonNull.INSTANCE;
        }
        return integral ? new JsonPrimitive((long) x) : new JsonPrimitive(x);
    }
}
