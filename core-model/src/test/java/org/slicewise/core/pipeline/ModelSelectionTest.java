package org.slicewise.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slicewise.core.Progress;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.Keyframe;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.prompt.PromptSet;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.sim.BoxEllipseSegmenter;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

/** {@link Selection#MODEL}: candidate decodes, the choice on a case with a known answer, the pipeline contracts. */
class ModelSelectionTest {
    static final PipelineOptions NONE = new PipelineOptions(MarginPolicy.NONE, null, Propagation.NONE,
            InputWindow.percentiles()).withSelection(Selection.NONE);
    static final PipelineOptions MODEL = NONE.withSelection(Selection.MODEL);
    final Volume vol = Volume.allocate(Geometry.axisAligned(64, 64, 9, 1, 1, 2), VoxelType.INT16, null);

    /**
     * The object: a 10×10 square at x 20..29 on slice 2 and x 30..39 on slice 6, and on slice 4 the
     * 20×10 bar x 20..39 (it grows between the keyframes, as brain1's lesion does); y 20..29 everywhere.
     */
    static boolean truth(int x, int y, int z) {
        if (y < 20 || y > 29) {
            return false;
        }
        return switch (z) {
            case 2 -> x >= 20 && x <= 29;
            case 6 -> x >= 30 && x <= 39;
            case 4 -> x >= 20 && x <= 39;
            default -> x >= 20 + 2 * (z - 2) && x <= 29 + 2 * (z - 2);
        };
    }

    static PromptSet keyframes() {
        PromptSet s = new PromptSet();
        s.setKeyframe(1, Keyframe.box(2, new BoxPrompt(18, 18, 31, 31)));
        s.setKeyframe(1, Keyframe.box(6, new BoxPrompt(28, 18, 41, 31)));
        return s;
    }

    static long truthCount(int z, Proposal p, boolean[] exact) {
        long tp = 0;
        exact[0] = true;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean t = truth(x, y, z), q = p.labelAt(x, y, z) == 1;
                tp += t && q ? 1 : 0;
                exact[0] &= t == q;
            }
        }
        return tp;
    }

    @Test
    void theModelChoosesTheCandidateThatDoesNotCutTheObject() {
        TruthSegmenter seg = new TruthSegmenter(ModelSelectionTest::truth);
        Proposal none = new SegmentationPipeline(seg, vol).run(keyframes().snapshot(), NONE, Progress.NONE);
        Proposal model = new SegmentationPipeline(seg, vol).run(keyframes().snapshot(), MODEL, Progress.NONE);
        boolean[] exact = new boolean[1];
        // the linear box of slice 4 is x 23..36: it cuts the bar (140 of its 200 voxels)
        assertEquals(140, truthCount(4, none, exact));
        assertTrue(!exact[0]);
        // the HULL candidate (x 18..41) encloses it: chosen (edge contact 0 vs 20/52), the whole bar found
        assertEquals(200, truthCount(4, model, exact));
        assertTrue(exact[0], "slice 4 = the true bar");
        for (int z = 2; z <= 6; z++) {
            truthCount(z, model, exact);
            assertTrue(exact[0], "slice " + z);
        }
    }

    @Test
    void keyframesFirstThenCandidatesInOneBatchPerSlice() {
        TruthSegmenter seg = new TruthSegmenter(ModelSelectionTest::truth);
        Proposal p = new SegmentationPipeline(seg, vol).run(keyframes().snapshot(), MODEL, Progress.NONE);
        RunStats st = p.stats();
        assertEquals(5, seg.encodes.get(), "slices 2..6 encoded once each");
        assertEquals(5, seg.decodes.get(), "one decode call per slice (one object)");
        assertEquals(5, st.objectSlicesDecoded());
        assertEquals(5 + 3, st.promptsDecoded(), "slices 3, 4, 5 decode two candidates each");
        // keyframes 2 and 6 are decoded before any in-between slice
        List<Integer> order = seg.decodedPairs.stream().map(a -> a[0]).toList();
        assertEquals(List.of(2, 6, 3, 3, 4, 4, 5, 5), order);
    }

    @Test
    void twoObjectsMixedSlicesAndIncrementalReRun() {
        TruthSegmenter seg = new TruthSegmenter((x, y, z) -> true);
        Volume v = Volume.allocate(Geometry.axisAligned(64, 64, 30, 1, 1, 2), VoxelType.INT16, null);
        SegmentationPipeline pipe = new SegmentationPipeline(seg, v);
        PromptSet s = new PromptSet();
        for (int z : new int[] {5, 10, 15, 20}) {
            s.setKeyframe(1, Keyframe.box(z, new BoxPrompt(10, 10, 30, 30)));
        }
        s.setKeyframe(2, Keyframe.box(8, new BoxPrompt(25, 12, 45, 28)));
        s.setKeyframe(2, Keyframe.box(12, new BoxPrompt(25, 12, 45, 28)));
        Proposal p = pipe.run(s.snapshot(), MODEL, Progress.NONE);
        assertEquals(16, seg.encodes.get(), "16 distinct slices, each encoded once");
        // slices 8, 10, 12 are a keyframe of one object and between keyframes of the other: the in-between
        // object needs the keyframe masks of its neighbours, so it is decoded in a second call there
        assertEquals(16 + 3, seg.decodes.get());
        assertEquals(21, p.stats().objectSlicesDecoded());
        assertEquals(21 + 12 + 3, p.stats().promptsDecoded(), "two candidates on 12 + 3 in-between object-slices");
        // move keyframe 15 of object 1: only slices 11..19 of object 1 are decoded again
        seg.decodedPairs.clear();
        long enc = seg.encodes.get();
        s.setKeyframe(1, Keyframe.box(15, new BoxPrompt(14, 10, 34, 30)));
        Proposal q = pipe.run(s.snapshot(), MODEL, Progress.NONE);
        assertEquals(List.of(11, 12, 13, 14, 15, 16, 17, 18, 19),
                seg.decodedPairs.stream().filter(a -> a[1] == 1).map(a -> a[0]).distinct().sorted().toList());
        assertTrue(seg.decodedPairs.stream().noneMatch(a -> a[1] == 2));
        assertEquals(9, q.stats().objectSlicesDecoded());
        assertEquals(enc, seg.encodes.get(), "no slice encoded twice");
        // unchanged prompts: nothing decoded
        seg.decodedPairs.clear();
        pipe.run(s.snapshot(), MODEL, Progress.NONE);
        assertEquals(0, seg.decodedPairs.size());
        // switching NONE → MODEL on a warm pipeline: keyframes decoded under NONE kept no low-res mask, so
        // they are decoded again (once) to build the priors
        SegmentationPipeline pipe2 = new SegmentationPipeline(seg, v);
        pipe2.run(s.snapshot(), NONE, Progress.NONE);
        seg.decodedPairs.clear();
        Proposal r = pipe2.run(s.snapshot(), MODEL, Progress.NONE);
        assertEquals(21, r.stats().objectSlicesDecoded());
    }

    @Test
    void aFailedKeyframeSegmentationGivesNoPrior() {
        // on keyframe 6 the model finds only a 3×3 blob in the 14×14 box (span 3/14 < 0.5): the slices between
        // keyframes 2 and 6 keep the interpolated box alone
        TruthSegmenter seg = new TruthSegmenter((x, y, z) -> z == 6 ? x >= 34 && x <= 36 && y >= 24 && y <= 26 : truth(x, y, z));
        Proposal p = new SegmentationPipeline(seg, vol).run(keyframes().snapshot(), MODEL, Progress.NONE);
        assertEquals(5, p.stats().promptsDecoded(), "one prompt per slice: no HULL + prior candidate");
        boolean[] exact = new boolean[1];
        assertEquals(140, truthCount(4, p, exact), "slice 4 from the interpolated box x 23..36");
    }

    @Test
    void aModelWithoutLowResMasksReRunsIncrementallyToo() {
        // the ellipse baseline returns no low-res masks: no priors, and an unchanged keyframe is not re-decoded
        BoxEllipseSegmenter seg = new BoxEllipseSegmenter();
        SegmentationPipeline pipe = new SegmentationPipeline(seg, vol);
        PromptSet s = keyframes();
        Proposal p = pipe.run(s.snapshot(), MODEL, Progress.NONE);
        assertEquals(5, p.stats().promptsDecoded());
        long before = seg.decoderCalls();
        s.setKeyframe(1, Keyframe.box(2, new BoxPrompt(19, 18, 32, 31)));
        Proposal q = pipe.run(s.snapshot(), MODEL, Progress.NONE);
        assertEquals(4, q.stats().objectSlicesDecoded(), "keyframe 2 and slices 3..5; keyframe 6 kept");
        assertEquals(4, seg.decoderCalls() - before, "slices 2, 3, 4, 5: keyframe 6 is not decoded again");
    }

    @Test
    void modelIsTheDefault() {
        assertEquals(Selection.MODEL, PipelineOptions.defaults(InputWindow.percentiles()).selection());
    }

    @Test
    void modelSelectionExcludesPropagation() {
        assertThrows(IllegalArgumentException.class, () -> MODEL.withPropagation(Propagation.SEED_BOX).withSelection(Selection.MODEL));
        assertEquals(Selection.NONE, MODEL.withPropagation(Propagation.SEED_BOX).selection());
        assertEquals(Selection.NONE, new PipelineOptions(null, null, Propagation.BOTH, null).selection());
    }
}
