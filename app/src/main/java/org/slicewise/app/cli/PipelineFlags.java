package org.slicewise.app.cli;

import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.pipeline.Propagation;
import org.slicewise.core.pipeline.Selection;
import org.slicewise.core.prompt.PromptsJson;
import org.slicewise.core.volume.Volume;
import picocli.CommandLine.Option;

/**
 * The {@code --interpolation}, {@code --propagation}, {@code --window}, {@code --select} and {@code --encoders} options shared by the
 * pipeline subcommands (segment, simulate), used as a picocli {@code @Mixin} like
 * {@link SegmenterOptions}. Parsing and validation stay in {@link PipelineSupport}.
 */
final class PipelineFlags {
    @Option(names = "--interpolation", description = "linear, shape or hull (default: the prompts file's, else linear)")
    String interpolation;

    @Option(names = "--propagation", description = "none, seed-box, mask-prompt or both (default: the prompts file's, else none)")
    String propagation;

    @Option(names = "--window", description = "model input window: auto, pct, or WIDTH,LEVEL (default: auto)")
    String window;

    @Option(names = "--select", description = "prompts of the slices between keyframes: none (the interpolated box) or model "
            + "(the model picks among candidates; default: the prompts file's, else model unless propagating; docs/pipeline.md)")
    String select;

    @Option(names = "--encoders", description = "encoder threads (throughput mode): N single-threaded encoders work ahead of the "
            + "decoder, each slice still encoded once; 1 = one encoder using all cores (default: 2 when the machine has >= 2 cores, "
            + "else 1; docs/pipeline.md)")
    Integer encoders;

    /** The batch default: two single-threaded encoders when there are two cores or more (docs/pipeline.md, "Cost"). */
    static int defaultEncoders() {
        return Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1;
    }

    /**
     * Validates n and, for n ≥ 2, makes the model load single-threaded encoder sessions and a single-threaded native
     * decoder (the system properties slicewise.threads and ai.djl.pytorch.num_threads, read when the model loads;
     * explicit -D settings win). Call before opening the model.
     */
    static int applyEncoders(Integer n) {
        int e = n == null ? defaultEncoders() : n;
        if (e < 1 || e > 64) {
            throw new org.slicewise.core.BadInputException("--encoders must be 1..64: " + e);
        }
        if (e > 1 && System.getProperty("slicewise.threads") == null) {
            System.setProperty("slicewise.threads", "1");
        }
        if (e > 1 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            // the native decoder (libtorch) runs beside the encoders: one intra-op thread, no OpenMP team waiting
            // for a peer that an encoder holds the core of (measured: more CPU per run with two)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        return e;
    }

    /**
     * Pipeline options for an image from these flags and a prompts file's run settings (also sets up the encoder
     * threads: call before opening the model). Each setting is the explicitly given flag, else the file's, else the
     * default (docs/pipeline.md, "prompts.json"). Selection {@code model} needs propagation {@code none}: where a
     * flag and the file's other setting disagree, the flag wins and the file's setting yields ({@code --propagation
     * seed-box} over a file's {@code "selection":"model"} runs selection none; {@code --select model} over a file's
     * {@code "propagation":"both"} runs propagation none); both as flags is an error.
     *
     * @param file       the prompts file's settings ({@link PromptsJson.Settings#NONE} when there is no file)
     * @param marginPx   RECIST box margin override, px, or null (both null: the file's margin, else the default)
     * @param marginFrac RECIST box margin override, fraction of the long axis, or null
     */
    PipelineOptions options(Volume image, PromptsJson.Settings file, Double marginPx, Double marginFrac) {
        String interp = interpolation != null ? interpolation : file.interpolation();
        String prop = propagation != null ? propagation : file.propagation();
        String sel = select != null ? select : file.selection();
        if (select != null && propagation == null && PipelineSupport.selection(select) != Selection.NONE) {
            prop = null; // --select model wins over the file's propagation (model selection needs none)
        }
        if (propagation != null && select == null && PipelineSupport.propagation(propagation) != Propagation.NONE) {
            sel = null; // --propagation wins over the file's selection (a propagating run selects none)
        }
        PipelineOptions o = PipelineSupport.options(interp, prop, marginPx, marginFrac, PipelineSupport.window(image, window));
        if (marginPx == null && marginFrac == null && file.margin() != null) {
            o = o.withMargin(file.margin());
        }
        return PipelineSupport.withSelection(o, sel).withEncoders(applyEncoders(encoders));
    }
}
