package org.slicewise.core.sim;

import java.util.List;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.metrics.LabelScores;
import org.slicewise.core.metrics.SegmentationMetrics;
import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.pipeline.Proposal;
import org.slicewise.core.pipeline.SegmentationPipeline;
import org.slicewise.core.prompt.ObjectPrompts;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.volume.Volume;

/** Simulated annotation run: annotate from ground truth, run the pipeline, score against the ground truth. */
public final class Simulation {
    /**
     * @param prompts   what the simulated annotator drew
     * @param proposal  the pipeline's result
     * @param scores    Dice/NSD/HD95 of the proposal against the ground-truth label
     */
    public record Result(ObjectPrompts prompts, Proposal proposal, LabelScores scores) {
        public int keyframes() {
            return prompts.keyframes().size();
        }
    }

    private Simulation() {
    }

    public static Result run(SliceSegmenter segmenter, Volume image, LabelMap gt, int label, int every,
                             SimulatedAnnotator.Mode mode, double jitterPx, long seed, PipelineOptions opt,
                             double toleranceMm, Progress progress) {
        if (!image.geometry().sameGrid(gt.geometry(), 1e-3)) {
            throw new IllegalArgumentException("image and ground truth are on different grids");
        }
        ObjectPrompts prompts = SimulatedAnnotator.annotate(gt, label, every, mode, jitterPx, seed);
        if (prompts.keyframes().isEmpty()) {
            throw new IllegalArgumentException("label " + label + " is absent from the ground truth");
        }
        Proposal p = new SegmentationPipeline(segmenter, image).run(List.of(prompts), opt, progress);
        return new Result(prompts, p, score(p, gt, label, toleranceMm));
    }

    /** Scores one label of a proposal against the ground truth. */
    public static LabelScores score(Proposal p, LabelMap gt, int label, double toleranceMm) {
        return SegmentationMetrics.score((x, y, z) -> p.labelAt(x, y, z) == label, (x, y, z) -> gt.get(x, y, z) == label,
                gt.geometry(), label, toleranceMm);
    }
}
