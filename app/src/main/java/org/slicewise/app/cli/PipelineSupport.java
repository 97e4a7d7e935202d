package org.slicewise.app.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.interp.BoxInterpolation;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.metrics.LabelScores;
import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.pipeline.Propagation;
import org.slicewise.core.pipeline.RunStats;
import org.slicewise.core.pipeline.Selection;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.sim.BoxEllipseSegmenter;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.VolumeIO;
import picocli.CommandLine.Model.CommandSpec;

/** Shared plumbing of the pipeline subcommands (segment, eval, simulate, bench pipeline). */
final class PipelineSupport {
    private PipelineSupport() {
    }

    static Volume readVolume(Path p) throws IOException {
        if (p == null) {
            throw new BadInputException("missing volume path");
        }
        return VolumeIO.read(p, Progress.NONE);
    }

    static LabelMap readLabels(Path p) throws IOException {
        Volume v = readVolume(p);
        try {
            return LabelMap.fromVolume(v);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(p, "not a label map: " + e.getMessage());
        }
    }

    static void writeLabels(LabelMap m, Volume like, Path out) throws IOException {
        VolumeIO.write(m.toVolume(like.metadata().withSource(out.toString())), out);
    }

    /**
     * Opens a segmenter: "baseline" is the model-free inscribed-ellipse baseline; anything else is a
     * model folder (default: the installed default model).
     */
    static SliceSegmenter openSegmenter(String model, String device) {
        return openSegmenter(model, device, UnaryOperator.identity());
    }

    /** The same with explicit choices applied to the model's spec ({@code --encoder-precision}, {@code --decoder}). */
    static SliceSegmenter openSegmenter(String model, String device, UnaryOperator<ModelSpec> choices) {
        String d = device == null ? "auto" : device.toLowerCase(Locale.ROOT);
        if (!d.equals("auto") && !d.equals("cpu") && !d.equals("gpu")) {
            throw new BadInputException("--device must be auto, cpu or gpu: " + device);
        }
        if ("baseline".equals(model)) {
            return new BoxEllipseSegmenter();
        }
        return ModelLoader.open(model == null ? null : Path.of(model), d, choices);
    }

    /**
     * The model-input window: CT (modality CT, or values reaching -900 HU) uses the soft-tissue
     * window W400/L40, everything else the 0.5–99.5 percentiles (MedSAM preprocessing); or explicit
     * "pct" / "W,L".
     */
    static InputWindow window(Volume v, String spec) {
        if (spec == null || spec.equalsIgnoreCase("auto")) {
            boolean ct = v.metadata().modality().equalsIgnoreCase("CT") || v.minMax()[0] <= -900;
            return ct ? InputWindow.fixed(DisplayWindow.CT_SOFT_TISSUE) : InputWindow.percentiles();
        }
        if (spec.equalsIgnoreCase("pct") || spec.equalsIgnoreCase("percentiles")) {
            return InputWindow.percentiles();
        }
        String[] p = spec.split(",");
        try {
            if (p.length == 2) {
                return InputWindow.fixed(new DisplayWindow(Double.parseDouble(p[1]), Double.parseDouble(p[0])));
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new BadInputException("--window must be auto, pct or WIDTH,LEVEL: " + spec);
    }

    static PipelineOptions options(String interpolation, String propagation, Double marginPx, Double marginFrac,
                                   InputWindow window) {
        BoxInterpolation i;
        Propagation p;
        try {
            i = interpolation == null ? BoxInterpolation.DEFAULT : BoxInterpolation.parse(interpolation);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--interpolation must be linear, shape or hull: " + interpolation);
        }
        p = propagation(propagation);
        MarginPolicy m = MarginPolicy.DEFAULT;
        if (marginPx != null || marginFrac != null) {
            double px = marginPx == null ? m.pixels() : marginPx, fr = marginFrac == null ? m.fraction() : marginFrac;
            if (!(px >= 0) || !(fr >= 0) || px > 1000 || fr > 10) {
                throw new BadInputException("margins must be 0..1000 px and 0..10 fraction");
            }
            m = new MarginPolicy(px, fr);
        }
        return new PipelineOptions(m, i, p, window);
    }

    /** Parses --propagation (none, seed-box, mask-prompt or both; null: the default). */
    static Propagation propagation(String s) {
        try {
            return s == null ? Propagation.DEFAULT : Propagation.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--propagation must be none, seed-box, mask-prompt or both: " + s);
        }
    }

    /** Parses --select (none or model). */
    static Selection selection(String s) {
        try {
            return s == null ? Selection.DEFAULT : Selection.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--select must be none or model: " + s);
        }
    }

    /** Applies --select to the options (model needs propagation none). */
    static PipelineOptions withSelection(PipelineOptions o, String s) {
        if (s == null) {
            return o;
        }
        Selection sel = selection(s);
        if (sel != Selection.NONE && o.propagation() != Propagation.NONE) {
            throw new BadInputException("--select " + s + " needs --propagation none");
        }
        return o.withSelection(sel);
    }

    static com.google.gson.JsonObject scoresJson(LabelScores s) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("dice", round(s.dice()));
        o.addProperty("nsd", round(s.nsd()));
        if (Double.isFinite(s.hd95())) {
            o.addProperty("hd95_mm", round(s.hd95()));
        } else {
            o.add("hd95_mm", com.google.gson.JsonNull.INSTANCE);
        }
        o.addProperty("tolerance_mm", s.toleranceMm());
        o.addProperty("pred_ml", round(s.predMl()));
        o.addProperty("gt_ml", round(s.gtMl()));
        o.addProperty("pred_voxels", s.predVoxels());
        o.addProperty("gt_voxels", s.gtVoxels());
        return o;
    }

    static void statsJson(com.google.gson.JsonObject o, RunStats st) {
        o.addProperty("slices_planned", st.slicesPlanned());
        o.addProperty("slices_encoded", st.slicesEncoded());
        o.addProperty("object_slices_decoded", st.objectSlicesDecoded());
        o.addProperty("prompts_decoded", st.promptsDecoded());
        o.addProperty("encode_s", round(st.encodeSeconds()));
        o.addProperty("decode_s", round(st.decodeSeconds()));
        o.addProperty("total_s", round(st.totalSeconds()));
        o.addProperty("overhead_s", round(st.overheadSeconds()));
        o.addProperty("overhead_pct", Math.round(st.overheadPercent() * 10) / 10.0);
    }

    /** CPU time of this process (all threads), ns; -1 when unavailable. */
    static long cpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * The work of a run: {@code cpu_s} (process CPU seconds, all threads, between {@code cpu0} and now: the
     * run without model loading), {@code wall_s}, {@code encoders}, and {@code core_s_per_object_slice}.
     */
    static void workJson(com.google.gson.JsonObject o, RunStats st, int encoders, long cpu0, long wall0) {
        long cpu1 = cpuNanos();
        o.addProperty("encoders", encoders);
        o.addProperty("wall_s", round((System.nanoTime() - wall0) / 1e9));
        if (cpu0 >= 0 && cpu1 >= 0) {
            double cpu = (cpu1 - cpu0) / 1e9;
            o.addProperty("cpu_s", round(cpu));
            if (st.objectSlicesPlanned() > 0) {
                o.addProperty("core_s_per_object_slice", round(cpu / st.objectSlicesPlanned()));
            }
        }
    }

    static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }

    static String json(JsonElement e) {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(e);
    }

    /** Prints {@code e} as pretty JSON on the command's standard output and flushes it. */
    static void printJson(CommandSpec spec, JsonElement e) {
        PrintWriter w = spec.commandLine().getOut();
        w.println(json(e));
        w.flush();
    }
}
