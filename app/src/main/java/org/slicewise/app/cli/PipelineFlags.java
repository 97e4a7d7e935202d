package org.slicewise.app.cli;

import org.slicewise.core.pipeline.PipelineOptions;
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

    @Option(names = "--propagation", description = "none, seed-box, mask-prompt or both (default: none)")
    String propagation;

    @Option(names = "--window", description = "model input window: auto, pct, or WIDTH,LEVEL (default: auto)")
    String window;

    @Option(names = "--select", description = "prompts of the slices between keyframes: none (the interpolated box) or model "
            + "(the model picks among candidates; default: model unless --propagation is set; docs/pipeline.md)")
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
     * Pipeline options for an image (also sets up the encoder threads: call before opening the model).
     *
     * @param fileInterpolation interpolation named by a prompts file (used when --interpolation is absent), or null
     * @param marginPx          RECIST box margin override, px, or null
     * @param marginFrac        RECIST box margin override, fraction of the long axis, or null
     */
    PipelineOptions options(Volume image, String fileInterpolation, Double marginPx, Double marginFrac) {
        String interp = interpolation != null ? interpolation : fileInterpolation;
        PipelineOptions o = PipelineSupport.options(interp, propagation, marginPx, marginFrac, PipelineSupport.window(image, window));
        return PipelineSupport.withSelection(o, select).withEncoders(applyEncoders(encoders));
    }
}
