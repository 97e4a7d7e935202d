package org.slicewise.core.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NavigableMap;
import org.junit.jupiter.api.Test;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.Extent;
import org.slicewise.core.prompt.Keyframe;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.prompt.ObjectPrompts;
import org.slicewise.core.prompt.RecistMarker;
import org.slicewise.core.prompt.Segment;

class BoxInterpolationTest {
    static void near(BoxPrompt e, BoxPrompt a, double tol) {
        assertNotNull(a);
        assertEquals(e.x0(), a.x0(), tol, a.toString());
        assertEquals(e.y0(), a.y0(), tol, a.toString());
        assertEquals(e.x1(), a.x1(), tol, a.toString());
        assertEquals(e.y1(), a.y1(), tol, a.toString());
    }

    @Test
    void linearInterpolatesCorners() {
        BoxPrompt a = new BoxPrompt(0, 0, 10, 20), b = new BoxPrompt(10, 4, 30, 40);
        near(new BoxPrompt(5, 2, 20, 30), BoxInterpolation.LINEAR.between(a, b, 0.5), 1e-12);
        near(new BoxPrompt(2.5, 1, 15, 25), BoxInterpolation.LINEAR.between(a, b, 0.25), 1e-12);
        assertEquals(a, BoxInterpolation.LINEAR.between(a, b, 0));
    }

    @Test
    void shapeEqualsLinearForConcentricAndAxisShiftedBoxes() {
        // concentric squares: the blended SDF's zero level is the blended half-size (hand-derived)
        BoxPrompt a = new BoxPrompt(0, 0, 20, 20), b = new BoxPrompt(6, 6, 14, 14);
        near(new BoxPrompt(3, 3, 17, 17), BoxInterpolation.SHAPE.between(a, b, 0.5), 1e-3);
        // shift along x only: mask edges -0.5..9.5 and 3.5..13.5 blend to 1.5..11.5 -> voxels 2..11
        near(new BoxPrompt(2, 0, 11, 9), BoxInterpolation.SHAPE.between(new BoxPrompt(0, 0, 9, 9),
                new BoxPrompt(4, 0, 13, 9), 0.5), 1e-3);
    }

    @Test
    void shapeMatchesABruteForceRasterOfTheBlendedDistanceFunctions() {
        // overlapping projections: same as linear (the extremes are reached inside the overlap band)
        BoxPrompt a = new BoxPrompt(0, 0, 9, 9), b = new BoxPrompt(6, 6, 15, 15);
        near(raster(a, b, 0.5), BoxInterpolation.SHAPE.between(a, b, 0.5), 0.01);
        near(BoxInterpolation.LINEAR.between(a, b, 0.5), BoxInterpolation.SHAPE.between(a, b, 0.5), 0.01);
        // disjoint y ranges (diagonal jump): the rounded outside distance shrinks the shape box
        BoxPrompt c = new BoxPrompt(6, 14, 15, 23);
        BoxPrompt s = BoxInterpolation.SHAPE.between(a, c, 0.3);
        near(raster(a, c, 0.3), s, 0.01);
        BoxPrompt l = BoxInterpolation.LINEAR.between(a, c, 0.3);
        assertTrue(s.x0() > l.x0() + 0.1 && s.x1() < l.x1() - 0.1, s + " vs " + l);
    }

    static BoxPrompt raster(BoxPrompt a, BoxPrompt b, double t) {
        double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
        for (double y = -2; y <= 26; y += 0.005) {
            for (double x = -2; x <= 18; x += 0.005) {
                if ((1 - t) * BoxInterpolation.sdf(a, x, y) + t * BoxInterpolation.sdf(b, x, y) <= 0) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new BoxPrompt(x0 + 0.5, y0 + 0.5, x1 - 0.5, y1 - 0.5);
    }

    @Test
    void shapeOfFarApartKeyframesIsEmpty() {
        assertNull(BoxInterpolation.SHAPE.between(new BoxPrompt(0, 0, 9, 9), new BoxPrompt(30, 0, 39, 9), 0.5));
        near(new BoxPrompt(15, 0, 24, 9), BoxInterpolation.LINEAR.between(new BoxPrompt(0, 0, 9, 9),
                new BoxPrompt(30, 0, 39, 9), 0.5), 1e-12);
    }

    @Test
    void trackStopsAtOutermostKeyframesWithoutExtent() {
        ObjectPrompts o = ObjectPrompts.of(1, "t", 0)
                .withKeyframe(Keyframe.box(10, new BoxPrompt(10, 10, 30, 30)))
                .withKeyframe(Keyframe.box(14, new BoxPrompt(14, 10, 34, 50)));
        NavigableMap<Integer, BoxPrompt> m = BoxTrack.boxes(o, MarginPolicy.NONE, BoxInterpolation.LINEAR, 64, 64, 40);
        assertEquals(10, m.firstKey());
        assertEquals(14, m.lastKey());
        assertEquals(5, m.size());
        near(new BoxPrompt(11, 10, 31, 20 + 10 + 5), m.get(11), 1e-12);
    }

    @Test
    void extentTapersBeyondKeyframesAndClipsToTheImage() {
        ObjectPrompts o = ObjectPrompts.of(1, "t", 0)
                .withKeyframe(Keyframe.box(10, new BoxPrompt(10, 10, 29, 29)))
                .withKeyframe(Keyframe.box(12, new BoxPrompt(10, 10, 29, 29)))
                .withExtent(new Extent(8, 13));
        NavigableMap<Integer, BoxPrompt> m = BoxTrack.boxes(o, MarginPolicy.NONE, BoxInterpolation.LINEAR, 64, 64, 40);
        assertEquals(java.util.List.of(8, 9, 10, 11, 12, 13), java.util.List.copyOf(m.keySet()));
        // D = 2 slices below: d = 1 -> 20 * sqrt(1 - 1/9) voxels wide, d = 2 -> 20 * sqrt(1 - 4/9)
        assertEquals(20 * Math.sqrt(8.0 / 9), m.get(9).width() + 1, 1e-9);
        assertEquals(20 * Math.sqrt(5.0 / 9), m.get(8).width() + 1, 1e-9);
        assertEquals(39, m.get(8).x0() + m.get(8).x1(), 1e-9); // centred at 19.5
        // D = 1 above: d = 1 -> sqrt(1 - 1/4)
        assertEquals(20 * Math.sqrt(0.75), m.get(13).height() + 1, 1e-9);
        // an extent also cuts keyframes outside it
        NavigableMap<Integer, BoxPrompt> cut = BoxTrack.boxes(o.withExtent(new Extent(11, 11)), MarginPolicy.NONE,
                BoxInterpolation.LINEAR, 64, 64, 40);
        assertEquals(java.util.List.of(11), java.util.List.copyOf(cut.keySet()));
        // a marker near the border grows past it and is clipped
        ObjectPrompts edge = ObjectPrompts.of(2, "e", 0).withKeyframe(
                Keyframe.marker(3, new RecistMarker(new Segment(1, 1, 20, 20), null)));
        BoxPrompt c = BoxTrack.boxes(edge, new MarginPolicy(5, 0), BoxInterpolation.LINEAR, 24, 24, 10).get(3);
        assertEquals(new BoxPrompt(0, 0, 23, 23), c);
        assertFalse(m.containsKey(14));
    }
}
