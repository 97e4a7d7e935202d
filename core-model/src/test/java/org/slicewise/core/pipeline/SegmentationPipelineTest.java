package org.slicewise.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.label.UndoHistory;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.Keyframe;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.prompt.PromptSet;
import org.slicewise.core.prompt.RecistMarker;
import org.slicewise.core.prompt.Segment;
import org.slicewise.core.prompt.SlicePoint;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

class SegmentationPipelineTest {
    /** The interpolated box on every slice (Selection.NONE): one decode call per slice. ModelSelectionTest covers
     *  the default Selection.MODEL (keyframes first, so a slice that is a keyframe of one object and between
     *  keyframes of the other takes two decode calls). */
    static final PipelineOptions OPT = new PipelineOptions(MarginPolicy.NONE, null, Propagation.NONE, InputWindow.percentiles())
            .withSelection(Selection.NONE);
    final Volume vol = Volume.allocate(Geometry.axisAligned(64, 64, 30, 1, 1, 2), VoxelType.INT16, null);
    final FakeSegmenter fake = new FakeSegmenter();
    final SegmentationPipeline pipe = new SegmentationPipeline(fake, vol);

    /** Object 1 on 5..20 (keyframes 5, 10, 15, 20), object 2 on 8..12: 16 distinct slices. */
    static PromptSet twoObjects() {
        PromptSet s = new PromptSet();
        for (int z : new int[] {5, 10, 15, 20}) {
            s.setKeyframe(1, Keyframe.box(z, new BoxPrompt(10, 10, 30, 30)));
        }
        s.setKeyframe(2, Keyframe.marker(8, new RecistMarker(new Segment(25, 20, 45, 20), new Segment(35, 12, 35, 28))));
        s.setKeyframe(2, Keyframe.box(12, new BoxPrompt(25, 12, 45, 28)));
        return s;
    }

    @Test
    void encodesEachSliceOnceAndDecodesAllObjectsOfASliceInOneBatch() {
        Proposal p = pipe.run(twoObjects().snapshot(), OPT, Progress.NONE);
        // object 1 on 5..20, object 2 on 8..12: 16 distinct slices, 16 + 5 object-slices
        assertEquals(16, fake.encodes.get());
        assertEquals(16, fake.decodes.get());
        assertEquals(21, fake.decodedObjects.get());
        RunStats st = p.stats();
        assertEquals(16, st.slicesPlanned());
        assertEquals(16, st.slicesEncoded());
        assertEquals(21, st.objectSlicesDecoded());
        assertEquals(new TreeSet<>(List.of(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)), p.slices().keySet());
        // overlap between the ellipses on slice 10: the voxel goes to the larger logit
        int x = 28, y = 20;
        double l1 = 1 - Math.pow((x - 20) / 10.5, 2) - Math.pow((y - 20) / 10.5, 2);
        double l2 = 1 - Math.pow((x - 35) / 10.5, 2) - Math.pow((y - 20) / 8.5, 2);
        assertTrue(l1 > 0 && l2 > 0);
        assertEquals(l1 > l2 ? 1 : 2, p.labelAt(x, y, 10));
        assertEquals(2, p.labelAt(x, y, 10), "hand-computed: 0.556 (object 2) > 0.420 (object 1)");
        assertEquals(0, p.labelAt(20, 20, 4));
        assertEquals(1, p.labelAt(20, 20, 5));
        // confidence per slice
        float[] c = p.confidence(2);
        assertTrue(Float.isNaN(c[7]) && !Float.isNaN(c[8]) && !Float.isNaN(c[12]) && Float.isNaN(c[13]));
    }

    @Test
    void editingAKeyframeReDecodesOnlySlicesWhoseBoxChanged() {
        PromptSet s = twoObjects();
        pipe.run(s.snapshot(), OPT, Progress.NONE);
        long enc = fake.encodes.get();
        // move keyframe 15 of object 1: boxes of slices 11..19 change
        fake.decodedPairs.clear();
        s.setKeyframe(1, Keyframe.box(15, new BoxPrompt(14, 10, 34, 30)));
        Proposal p = pipe.run(s.snapshot(), OPT, Progress.NONE);
        assertEquals(List.of(11, 12, 13, 14, 15, 16, 17, 18, 19), decodedSlices(1));
        assertEquals(List.of(), decodedSlices(2));
        assertEquals(9, p.stats().objectSlicesDecoded());
        assertEquals(enc, fake.encodes.get(), "no slice encoded twice");
        // add a keyframe at 17 with another box: only 16..19 change
        fake.decodedPairs.clear();
        s.setKeyframe(1, Keyframe.box(17, new BoxPrompt(12, 12, 30, 30)));
        pipe.run(s.snapshot(), OPT, Progress.NONE);
        assertEquals(List.of(16, 17, 18, 19), decodedSlices(1));
        // delete it again: the same slices
        fake.decodedPairs.clear();
        s.removeKeyframe(1, 17);
        pipe.run(s.snapshot(), OPT, Progress.NONE);
        assertEquals(List.of(16, 17, 18, 19), decodedSlices(1));
        // delete the last keyframe: nothing to decode, slices 16..20 leave the result
        fake.decodedPairs.clear();
        s.removeKeyframe(1, 20);
        Proposal q = pipe.run(s.snapshot(), OPT, Progress.NONE);
        assertEquals(List.of(), decodedSlices(1));
        assertEquals(15, q.slices().lastKey());
        assertEquals(enc, fake.encodes.get());
    }

    private List<Integer> decodedSlices(int label) {
        return fake.decodedPairs.stream().filter(a -> a[1] == label).map(a -> a[0]).sorted().toList();
    }

    @Test
    void acceptIsOneUndoStepReplacesThePreviousResultAndRespectsLocks() {
        LabelTable table = new LabelTable();
        table.put(LabelInfo.of(1, "a", 0xff0000));
        table.put(LabelInfo.of(2, "b", 0x00ff00));
        table.put(LabelInfo.of(3, "locked", 0x0000ff));
        LabelMap map = new LabelMap(vol.geometry());
        UndoHistory hist = new UndoHistory();
        LabelEditor ed = new LabelEditor(map, table, hist);
        // a locked voxel inside object 1's ellipse, and a stale label-1 voxel far away on slice 10
        ed.apply("seed", List.of(SlicePatch.fill(10, 20, 20, 1, 1, new byte[] {1}, 3),
                SlicePatch.fill(10, 60, 60, 1, 1, new byte[] {1}, 1)));
        table.put(table.get(3).orElseThrow().withLocked(true));
        Proposal p = pipe.run(twoObjects().snapshot(), OPT, Progress.NONE);
        long changed = p.accept(ed, "AI segment");
        assertTrue(changed > 0);
        assertEquals("AI segment", hist.undoDescription().orElseThrow());
        assertEquals(3, map.get(20, 20, 10), "locked label kept");
        assertEquals(0, map.get(60, 60, 10), "old voxels of the object on its slices replaced");
        assertEquals(p.count(1) - 1, map.count(1));
        assertEquals(p.count(2), map.count(2));
        hist.undo();
        assertEquals("seed", hist.undoDescription().orElseThrow(), "one undo step");
        assertEquals(1, map.get(60, 60, 10));
        assertEquals(1, map.count(1));
        // accepting the same proposal again after redo changes nothing
        hist.redo();
        assertEquals(0, p.accept(ed, "again"));
    }

    @Test
    void pointsOnlySlicesAndCancellation() {
        PromptSet s = new PromptSet();
        s.addPoint(4, new SlicePoint(3, new PointPrompt(40, 40, true)));
        Proposal p = pipe.run(s.snapshot(), OPT, Progress.NONE);
        assertEquals(4, p.labelAt(40, 40, 3));
        Progress cancel = new Progress() {
            @Override
            public void update(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(CancellationException.class, () -> pipe.run(twoObjects().snapshot(), OPT, cancel));
    }

    @Test
    void propagationSeedsFromTheNeighbourTowardsTheNearestKeyframe() {
        PromptSet s = twoObjects();
        Proposal p = pipe.run(s.snapshot(), OPT.withPropagation(Propagation.BOTH), Progress.NONE);
        assertEquals(16, fake.encodes.get(), "every slice still encoded once");
        assertEquals(21, p.stats().objectSlicesDecoded());
        // re-running unchanged prompts decodes nothing
        fake.decodedPairs.clear();
        pipe.run(s.snapshot(), OPT.withPropagation(Propagation.BOTH), Progress.NONE);
        assertEquals(0, fake.decodedPairs.size());
    }
}
