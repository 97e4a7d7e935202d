package org.slicewise.app.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.label.UndoHistory;
import org.slicewise.core.metrics.SegmentationMetrics;
import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.prompt.PromptsJson;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.sim.SimulatedAnnotator;
import org.slicewise.core.sim.Simulation;
import org.slicewise.core.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slicewise simulate}: simulated RECIST/box annotator → pipeline → scores and costs. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Draws RECIST axes or tight boxes from a ground-truth label on every k-th slice, runs the pipeline and prints Dice, NSD and costs as JSON.")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--image", required = true, description = "image volume")
    Path image;

    @Option(names = "--gt", required = true, description = "ground-truth label map on the image's grid")
    Path gt;

    @Option(names = "--label", description = "label to annotate (default: the smallest present)")
    Integer label;

    @Option(names = "--every", required = true, description = "annotate every k-th slice (1..50)")
    int every;

    @Option(names = "--mode", defaultValue = "axes", description = "axes (RECIST markers) or boxes (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--jitter", defaultValue = "0", description = "uniform random jitter of every coordinate, ±px")
    double jitter;

    @Option(names = "--seed", defaultValue = "1", description = "jitter seed")
    long seed;

    @Option(names = "--out", description = "write the predicted label map here")
    Path out;

    @Mixin
    SegmenterOptions segmenter;

    @Mixin
    PipelineFlags pipeline;

    @Option(names = "--margin-px", description = "RECIST box margin, px per side")
    Double marginPx;

    @Option(names = "--margin-frac", description = "RECIST box margin, fraction of the long axis per side")
    Double marginFrac;

    @Option(names = "--growth", description = "uncertainty growth of interpolated boxes (fraction of box size midway between keyframes)")
    Double growth;

    @Option(names = "--tolerance-mm", defaultValue = "2", description = "NSD tolerance (mm)")
    double toleranceMm;

    @Override
    public Integer call() throws Exception {
        if (every < 1 || every > 50) {
            throw new BadInputException("--every must be 1..50: " + every);
        }
        if (!(jitter >= 0) || jitter > 100) {
            throw new BadInputException("--jitter must be 0..100 px: " + jitter);
        }
        SimulatedAnnotator.Mode m = parseMode(mode);
        Volume img = PipelineSupport.readVolume(image);
        LabelMap g = PipelineSupport.readLabels(gt);
        if (!img.geometry().sameGrid(g.geometry(), 1e-3)) {
            throw BadInputException.of(gt, "not on the grid of " + image);
        }
        TreeSet<Integer> present = SegmentationMetrics.present(g);
        int l = label != null ? label : present.isEmpty() ? -1 : present.first();
        if (!present.contains(l)) {
            throw BadInputException.of(gt, label == null ? "contains no labels" : "has no voxels with label " + label);
        }
        PipelineOptions opt = pipeline.options(img, PromptsJson.Settings.NONE, marginPx, marginFrac);
        if (growth != null) {
            if (!(growth >= 0) || growth > 10) {
                throw new BadInputException("--growth must be 0..10: " + growth);
            }
            opt = opt.withGrowth(growth);
        }
        Simulation.Result r;
        String modelName;
        long cpu0;
        long wall0;
        JsonObject work = new JsonObject();
        try (SliceSegmenter seg = segmenter.open()) {
            modelName = seg.info().name();
            cpu0 = PipelineSupport.cpuNanos();
            wall0 = System.nanoTime();
            r = Simulation.run(seg, img, g, l, every, m, jitter, seed, opt, toleranceMm, Progress.NONE);
            PipelineSupport.workJson(work, r.proposal().stats(), opt.encoders(), cpu0, wall0);
        }
        if (out != null) {
            LabelTable t = new LabelTable();
            t.put(org.slicewise.core.label.LabelInfo.of(l, "label " + l, LabelTable.defaultColour(l)));
            LabelMap pm = new LabelMap(img.geometry());
            r.proposal().accept(new LabelEditor(pm, t, new UndoHistory()), "simulate");
            PipelineSupport.writeLabels(pm, img, out);
        }
        JsonObject j = new JsonObject();
        j.addProperty("image", image.toString());
        j.addProperty("label", l);
        j.addProperty("every", every);
        j.addProperty("mode", m.name().toLowerCase(Locale.ROOT));
        j.addProperty("jitter_px", jitter);
        j.addProperty("model", modelName);
        JsonObject s = PipelineSupport.scoresJson(r.scores());
        for (String k : s.keySet()) {
            j.add(k, s.get(k));
        }
        j.addProperty("keyframes", r.keyframes());
        j.addProperty("object_slices", SimulatedAnnotator.slicesOf(g, l).size());
        PipelineSupport.statsJson(j, r.proposal().stats());
        for (String k : work.keySet()) {
            j.add(k, work.get(k));
        }
        PipelineSupport.printJson(spec, j);
        return 0;
    }

    static SimulatedAnnotator.Mode parseMode(String s) {
        try {
            return SimulatedAnnotator.Mode.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--mode must be axes or boxes: " + s);
        }
    }
}
