package org.slicewise.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.interp.BoxInterpolation;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.pipeline.Propagation;
import org.slicewise.core.pipeline.RunStats;
import org.slicewise.core.pipeline.Selection;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.sim.PromptStudies;
import org.slicewise.core.sim.SimulatedAnnotator;
import org.slicewise.core.sim.Simulation;
import org.slicewise.core.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slicewise bench pipeline}: the simulate table (every labelled pyradiomics case and organs of
 * the TotalSegmentator CT, k ∈ {1,3,5,10}, axes and boxes) and the studies behind the defaults
 * (margin, interpolation, propagation). Runs unattended; prints Markdown for docs/pipeline.md.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Simulated-annotator table and the margin/interpolation/propagation studies (Markdown).")
final class BenchPipelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    SegmenterOptions segmenterOptions;

    @Option(names = "--study", defaultValue = "table",
            description = "table, margins, interpolation, propagation, growth, selection, boxes (model-free box studies) or all")
    String study;

    @Option(names = "--ks", split = ",", defaultValue = "1,3,5,10")
    int[] ks;

    @Option(names = "--modes", split = ",", defaultValue = "axes,boxes")
    String[] modes;

    @Option(names = "--cases", split = ",", description = "subset of case names (default: all)")
    List<String> only;

    @Option(names = "--variants", split = ",", description = "subset of the study's variants (e.g. hull, or 0.2)")
    List<String> variants;

    @Option(names = "--select", description = "selection of the in-between prompts for the table and the other studies: none or model (default: the pipeline default)")
    String select;

    @Option(names = "--encoders", description = "encoder threads per run (default: 2 when the machine has >= 2 cores, else 1; see segment --help)")
    Integer encoders;

    @Option(names = "--warm", description = "share one segmenter (embedding cache) across runs instead of a fresh one per run")
    boolean warm;

    private PrintWriter out;
    private int encoderThreads = 1;
    private SliceSegmenter shared;

    /** One benchmark case: an image and one label of its ground truth. */
    record Case(String name, Volume image, LabelMap gt, int label) {
    }

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        encoderThreads = PipelineFlags.applyEncoders(encoders);
        List<Case> cases = loadCases();
        String s = study.toLowerCase(Locale.ROOT);
        try {
            if (s.equals("boxes") || s.equals("all")) {
                boxStudies(cases);
            }
            if (s.equals("margins") || s.equals("all")) {
                marginStudy(cases);
            }
            if (s.equals("interpolation") || s.equals("all")) {
                optionStudy(cases, "interpolation");
            }
            if (s.equals("propagation") || s.equals("all")) {
                optionStudy(cases, "propagation");
            }
            if (s.equals("growth") || s.equals("all")) {
                optionStudy(cases, "growth");
            }
            if (s.equals("selection") || s.equals("all")) {
                optionStudy(cases, "selection");
            }
            if (s.equals("table") || s.equals("all")) {
                table(cases);
            }
            if (!List.of("boxes", "margins", "interpolation", "propagation", "growth", "selection", "table", "all").contains(s)) {
                throw new BadInputException("--study must be table, margins, interpolation, propagation, growth, selection, boxes or all");
            }
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
        out.flush();
        return 0;
    }

    private List<Case> loadCases() throws IOException {
        Path d = data.folder();
        if (!Files.isDirectory(d)) {
            throw BadInputException.of(d, "shared data folder not found (use --data)");
        }
        List<Case> cases = new ArrayList<>();
        for (String n : new String[] {"brain1", "brain2", "breast1"}) {
            if (want(n)) {
                Volume img = PipelineSupport.readVolume(d.resolve("pyradiomics/nifti/" + n + "_image.nii.gz"));
                LabelMap gt = PipelineSupport.readLabels(d.resolve("pyradiomics/nifti/" + n + "_label.nii.gz"));
                cases.add(new Case(n, img, gt, 1));
            }
        }
        // TotalSegmentator CT section (40 mm): its kidneys lie outside these 20 slices, so stomach and aorta stand in
        String[][] organs = {{"liver", "5"}, {"spleen", "1"}, {"stomach", "6"}, {"aorta", "52"}};
        Volume ct = null;
        LabelMap seg = null;
        for (String[] o : organs) {
            if (want(o[0])) {
                if (ct == null) {
                    ct = PipelineSupport.readVolume(d.resolve("totalsegmentator/example_ct_dicom_decoded_hu.nii.gz"));
                    seg = PipelineSupport.readLabels(d.resolve("totalsegmentator/example_seg_dicom.nii.gz"));
                }
                cases.add(new Case(o[0], ct, seg, Integer.parseInt(o[1])));
            }
        }
        return cases;
    }

    private boolean want(String n) {
        return only == null || only.contains(n);
    }

    private SliceSegmenter segmenter() {
        if (warm) {
            if (shared == null) {
                shared = segmenterOptions.open();
            }
            return shared;
        }
        return segmenterOptions.open();
    }

    private Simulation.Result simulate(Case c, int k, SimulatedAnnotator.Mode mode, PipelineOptions opt) {
        SliceSegmenter seg = segmenter();
        try {
            return Simulation.run(seg, c.image(), c.gt(), c.label(), k, mode, 0, 1, opt, 2.0, Progress.NONE);
        } finally {
            if (!warm) {
                seg.close();
            }
        }
    }

    private PipelineOptions defaults(Case c) {
        PipelineOptions o = PipelineOptions.defaults(PipelineSupport.window(c.image(), null)).withEncoders(encoderThreads);
        return select == null ? o : o.withSelection(PipelineSupport.selection(select));
    }

    private void boxStudies(List<Case> cases) {
        List<PromptStudies.Case> pc = cases.stream().map(c -> new PromptStudies.Case(c.name(), c.gt(), c.label())).toList();
        out.println("### RECIST marker box vs the true tight box (all labelled slices, model-free)\n");
        out.println("| margin px | margin × long axis | mean box IoU | mean mask coverage | slices |");
        out.println("|---:|---:|---:|---:|---:|");
        for (double px : new double[] {0, 1, 2, 3, 5}) {
            for (double fr : new double[] {0, 0.05, 0.1, 0.15}) {
                PromptStudies.BoxAgreement a = PromptStudies.markerBoxes(pc, new MarginPolicy(px, fr));
                out.printf(Locale.ROOT, "| %.0f | %.2f | %.3f | %.3f | %d |%n", px, fr, a.meanIou(), a.meanCoverage(), a.slices());
            }
        }
        out.println("\n### Interpolated boxes between keyframes vs the true tight box (model-free)\n");
        out.println("| mode | k | linear IoU | shape IoU | linear coverage | shape coverage | slices |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String m : modes) {
            SimulatedAnnotator.Mode mode = SimulateCommand.parseMode(m);
            for (int k : ks) {
                if (k < 2) {
                    continue;
                }
                var l = PromptStudies.interpolatedBoxes(pc, k, mode, MarginPolicy.DEFAULT, BoxInterpolation.LINEAR);
                var s = PromptStudies.interpolatedBoxes(pc, k, mode, MarginPolicy.DEFAULT, BoxInterpolation.SHAPE);
                out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %d |%n", m, k, l.meanIou(), s.meanIou(),
                        l.meanCoverage(), s.meanCoverage(), l.slices());
            }
        }
        out.println();
        out.flush();
    }

    private void marginStudy(List<Case> cases) {
        double[][] policies = {{0, 0}, {2, 0}, {0, 0.05}, {1, 0.05}, {2, 0.05}, {0, 0.1}};
        out.println("### Margin policy with the model: RECIST markers on every slice (k = 1), Dice per case\n");
        StringBuilder h = new StringBuilder("| margin | ");
        for (Case c : cases) {
            h.append(c.name()).append(" | ");
        }
        out.println(h.append("mean |"));
        out.println("|---|" + "---:|".repeat(cases.size() + 1));
        for (double[] p : policies) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %.0f px + %.2f × long | ", p[0], p[1]));
            double sum = 0;
            for (Case c : cases) {
                double dice = simulate(c, 1, SimulatedAnnotator.Mode.AXES, defaults(c).withMargin(new MarginPolicy(p[0], p[1])))
                        .scores().dice();
                sum += dice;
                row.append(String.format(Locale.ROOT, "%.3f | ", dice));
            }
            out.println(row.append(String.format(Locale.ROOT, "%.3f |", sum / cases.size())));
            out.flush();
        }
        out.println();
    }

    private void optionStudy(List<Case> cases, String what) {
        List<Object> variants = what.equals("interpolation") ? List.of(BoxInterpolation.LINEAR, BoxInterpolation.SHAPE, BoxInterpolation.HULL)
                : what.equals("growth") ? List.of(0.0, 0.1, 0.2, 0.3)
                : what.equals("selection") ? List.of(Selection.NONE, Selection.MODEL)
                : List.of(Propagation.NONE, Propagation.SEED_BOX, Propagation.MASK_PROMPT, Propagation.BOTH);
        if (this.variants != null) {
            variants = variants.stream().filter(v -> this.variants.contains(v.toString().toLowerCase(Locale.ROOT))).toList();
        }
        out.println("### " + what + " with the model: mean Dice over the cases (per case in brackets: "
                + String.join(", ", cases.stream().map(Case::name).toList()) + ")\n");
        StringBuilder h = new StringBuilder("| mode | k | ");
        variants.forEach(v -> h.append(v.toString().toLowerCase(Locale.ROOT)).append(" | "));
        out.println(h);
        out.println("|---|---:|" + "---:|".repeat(variants.size()));
        for (String mname : modes) {
        SimulatedAnnotator.Mode mode = SimulateCommand.parseMode(mname);
        for (int k : ks) {
            if (k < 2 && !what.equals("selection")) {
                continue;
            }
            StringBuilder row = new StringBuilder("| " + mname + " | " + k + " | ");
            for (Object v : variants) {
                double sum = 0;
                StringBuilder per = new StringBuilder();
                for (Case c : cases) {
                    PipelineOptions o = v instanceof BoxInterpolation bi ? defaults(c).withInterpolation(bi)
                            : v instanceof Double g ? defaults(c).withGrowth(g)
                            : v instanceof Selection sel ? defaults(c).withSelection(sel)
                            : defaults(c).withPropagation((Propagation) v);
                    double d = simulate(c, k, mode, o).scores().dice();
                    sum += d;
                    per.append(String.format(Locale.ROOT, per.length() == 0 ? "%.2f" : " %.2f", d));
                }
                row.append(String.format(Locale.ROOT, "%.3f [%s] | ", sum / cases.size(), per));
            }
            out.println(row);
            out.flush();
        }
        }
        out.println();
    }

    private void table(List<Case> cases) {
        out.println("### Simulated annotator → pipeline (" + (warm ? "shared warm cache" : "cold cache per run") + ")\n");
        out.println("| case | label | mode | k | keyframes | slices | Dice | NSD 2mm | encoded | prompts decoded | encode s | decode s | overhead % |");
        out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Case c : cases) {
            for (String m : modes) {
                SimulatedAnnotator.Mode mode = SimulateCommand.parseMode(m);
                for (int k : ks) {
                    Simulation.Result r = simulate(c, k, mode, defaults(c));
                    RunStats st = r.proposal().stats();
                    out.printf(Locale.ROOT, "| %s | %d | %s | %d | %d | %d | %.3f | %.3f | %d | %d | %.2f | %.2f | %.1f |%n", c.name(),
                            c.label(), m, k, r.keyframes(), SimulatedAnnotator.slicesOf(c.gt(), c.label()).size(),
                            r.scores().dice(), r.scores().nsd(), st.slicesEncoded(), st.promptsDecoded(), st.encodeSeconds(), st.decodeSeconds(),
                            st.overheadPercent());
                    out.flush();
                }
            }
        }
        out.println();
    }
}
