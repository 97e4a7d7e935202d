package org.slicewise.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slicewise.core.Progress;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.Keyframe;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.prompt.PromptSet;
import org.slicewise.core.prompt.RecistMarker;
import org.slicewise.core.prompt.Segment;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

/**
 * {@link Selection#MODEL} between two keyframes drawn as (tight) boxes: candidate (a) is the interpolated box grown
 * by the margin policy, as a RECIST marker's box is; between markers (whose boxes already carry the margin) it is
 * the interpolated box as is. Still two candidates per in-between slice.
 */
class DrawnBoxMarginTest {
    static final MarginPolicy M3 = new MarginPolicy(3, 0);
    static final PipelineOptions MODEL = new PipelineOptions(M3, null, Propagation.NONE, InputWindow.percentiles())
            .withSelection(Selection.MODEL);
    final Volume vol = Volume.allocate(Geometry.axisAligned(64, 64, 9, 1, 1, 2), VoxelType.INT16, null);

    /**
     * Tight boxes on slices 2 (x 20..29) and 6 (x 30..39), y 20..29; on slice 4 the object is x 24..35, y 19..30:
     * one voxel beyond the linearly interpolated tight box (x 25..34, y 20..29) on every side, as brain1's lesion
     * outgrows the boxes interpolated between tight keyframes.
     */
    static boolean truth(int x, int y, int z) {
        if (z == 4) {
            return x >= 24 && x <= 35 && y >= 19 && y <= 30;
        }
        return y >= 20 && y <= 29 && x >= 20 + (10 * (z - 2)) / 4 && x <= 29 + (10 * (z - 2)) / 4;
    }

    static PromptSet drawn() {
        PromptSet s = new PromptSet();
        s.setKeyframe(1, Keyframe.box(2, new BoxPrompt(20, 20, 29, 29)));
        s.setKeyframe(1, Keyframe.box(6, new BoxPrompt(30, 20, 39, 29)));
        return s;
    }

    static List<BoxPrompt> candidates(TruthSegmenter seg, int z) {
        return seg.decodedPrompts.stream().filter(d -> d.z() == z).map(d -> d.prompt().box()).toList();
    }

    static int found(Proposal p, int z) {
        int n = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                n += p.labelAt(x, y, z) == 1 && truth(x, y, z) ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void betweenDrawnBoxesTheInterpolatedBoxIsGrownByTheMargin() {
        TruthSegmenter seg = new TruthSegmenter(DrawnBoxMarginTest::truth);
        SegmentationPipeline pipe = new SegmentationPipeline(seg, vol);
        Proposal p = pipe.run(drawn().snapshot(), MODEL, Progress.NONE);
        assertEquals(5 + 3, p.stats().promptsDecoded(), "two candidates on each of slices 3, 4, 5");
        // keyframes are decoded as drawn (the user saw the slice): no margin
        assertEquals(List.of(new BoxPrompt(20, 20, 29, 29)), candidates(seg, 2));
        // slice 4: (a) the linear box x 25..34 grown by 3 px, (b) the HULL box (with the prior as mask prompt)
        assertEquals(new BoxPrompt(25, 20, 34, 29), pipe.plan(drawn().snapshot(), MODEL).get(0).boxes().get(4));
        List<BoxPrompt> c4 = candidates(seg, 4);
        assertEquals(List.of(new BoxPrompt(22, 17, 37, 32), new BoxPrompt(20, 20, 39, 29)), c4);
        assertNull(seg.decodedPrompts.stream().filter(d -> d.z() == 4).findFirst().orElseThrow().prompt().maskInput());
        assertNotNull(seg.decodedPrompts.stream().filter(d -> d.z() == 4).skip(1).findFirst().orElseThrow().prompt().maskInput());
        // the grown box encloses the object (edge contact 0); the HULL box cuts rows 19 and 30 (24/56 of its ring):
        // the whole 12×12 object is found
        assertEquals(144, found(p, 4));
        assertEquals(144, p.slice(4).count(1));
    }

    @Test
    void withoutTheMarginTheTightBoxCutsTheObject() {
        // margin NONE (the policy is what grows the box): candidate (a) is the tight linear box, whose mask fills its
        // whole ring; HULL wins and misses rows 19 and 30
        TruthSegmenter seg = new TruthSegmenter(DrawnBoxMarginTest::truth);
        Proposal p = new SegmentationPipeline(seg, vol).run(drawn().snapshot(), MODEL.withMargin(MarginPolicy.NONE),
                Progress.NONE);
        assertEquals(List.of(new BoxPrompt(25, 20, 34, 29), new BoxPrompt(20, 20, 39, 29)), candidates(seg, 4));
        assertEquals(120, found(p, 4));
    }

    @Test
    void betweenMarkersTheInterpolatedBoxIsNotGrownTwice() {
        PromptSet s = new PromptSet();
        s.setKeyframe(1, Keyframe.marker(2, new RecistMarker(new Segment(20, 20, 29, 29), new Segment(20, 29, 29, 20))));
        s.setKeyframe(1, Keyframe.marker(6, new RecistMarker(new Segment(30, 20, 39, 29), new Segment(30, 29, 39, 20))));
        TruthSegmenter seg = new TruthSegmenter(DrawnBoxMarginTest::truth);
        SegmentationPipeline pipe = new SegmentationPipeline(seg, vol);
        Proposal p = pipe.run(s.snapshot(), MODEL, Progress.NONE);
        assertEquals(5 + 3, p.stats().promptsDecoded());
        BoxPrompt planned = pipe.plan(s.snapshot(), MODEL).get(0).boxes().get(4);
        // marker boxes carry the 3 px margin already: x 17..32 and 27..42 → linear x 22..37, y 17..32
        assertEquals(new BoxPrompt(22, 17, 37, 32), planned);
        assertEquals(planned, candidates(seg, 4).get(0));
        assertTrue(candidates(seg, 4).get(1).x0() == 17 && candidates(seg, 4).get(1).x1() == 42, "HULL of the marker boxes");
    }
}
