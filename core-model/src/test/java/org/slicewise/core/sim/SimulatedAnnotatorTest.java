package org.slicewise.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.label.UndoHistory;
import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.Keyframe;
import org.slicewise.core.prompt.ObjectPrompts;
import org.slicewise.core.prompt.RecistMarker;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

class SimulatedAnnotatorTest {
    /** Ellipse with semi-axes a, b rotated by theta, centred at (cx, cy). */
    static short[] ellipse(int nx, int ny, double cx, double cy, double a, double b, double theta, int label) {
        short[] s = new short[nx * ny];
        double c = Math.cos(theta), sn = Math.sin(theta);
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double u = (x - cx) * c + (y - cy) * sn, v = -(x - cx) * sn + (y - cy) * c;
                if (u * u / (a * a) + v * v / (b * b) <= 1) {
                    s[x + y * nx] = (short) label;
                }
            }
        }
        return s;
    }

    @Test
    void recistOfARotatedEllipseFindsBothDiametersAtRightAngles() {
        double theta = Math.toRadians(30);
        short[] s = ellipse(128, 128, 64, 60, 30, 12, theta, 3);
        Recist.Measurement m = Recist.measure(s, 128, 128, 3, 1, 1);
        assertNotNull(m);
        // diameters of the digitised ellipse: 60 and 24 voxels minus at most ~2 voxels of digitisation
        assertEquals(60, m.longMm(), 2.0);
        assertEquals(24, m.shortMm(), 2.0);
        RecistMarker r = m.marker();
        double lx = r.longAxis().x1() - r.longAxis().x0(), ly = r.longAxis().y1() - r.longAxis().y0();
        double angle = Math.toDegrees(Math.atan2(ly, lx));
        angle = ((angle % 180) + 180) % 180;
        assertEquals(30, angle, 3.0);
        double sx = r.shortAxis().x1() - r.shortAxis().x0(), sy = r.shortAxis().y1() - r.shortAxis().y0();
        assertEquals(0, (lx * sx + ly * sy) / (Math.hypot(lx, ly) * Math.hypot(sx, sy)), 1e-9, "perpendicular");
        // anisotropic pixels: lengths in mm
        Recist.Measurement mm = Recist.measure(ellipse(128, 128, 64, 64, 30, 10, 0, 1), 128, 128, 1, 0.5, 2.0);
        // 20 voxels along y at 2 mm (40 mm) is longer than 60 voxels along x at 0.5 mm (30 mm)
        assertEquals(40, mm.longMm(), 1e-9);
        assertEquals(30, mm.shortMm(), 1e-9);
    }

    LabelMap ellipsoidLabel(Geometry g, int label) {
        LabelMap m = new LabelMap(g);
        LabelTable t = new LabelTable();
        LabelEditor ed = new LabelEditor(m, t, new UndoHistory());
        for (int z = 4; z <= 14; z++) {
            double r = Math.sqrt(1 - Math.pow((z - 9) / 6.0, 2));
            short[] s = ellipse(g.nx(), g.ny(), 40, 36, 20 * r, 12 * r, 0.4, label);
            ed.apply("gt", new SlicePatch(z, 0, 0, g.nx(), g.ny(), s, null));
        }
        return m;
    }

    @Test
    void keyframesEveryKthSliceFromTheTopPlusTheBottom() {
        TreeSet<Integer> lab = new TreeSet<>(List.of(11, 12, 13, 14, 15, 16, 17));
        assertEquals(List.of(11, 14, 17), List.copyOf(SimulatedAnnotator.keyframeSlices(lab, 3)));
        assertEquals(List.of(11, 16, 17), List.copyOf(SimulatedAnnotator.keyframeSlices(lab, 5)));
        assertEquals(List.of(11, 17), List.copyOf(SimulatedAnnotator.keyframeSlices(lab, 10)));
        assertEquals(lab, SimulatedAnnotator.keyframeSlices(lab, 1));
    }

    @Test
    void boxesModeDrawsTightBoxesAndJitterIsSeeded() {
        Geometry g = Geometry.axisAligned(80, 72, 20, 1, 1, 2);
        LabelMap gt = ellipsoidLabel(g, 2);
        ObjectPrompts o = SimulatedAnnotator.annotate(gt, 2, 5, SimulatedAnnotator.Mode.BOXES, 0, 1);
        assertEquals(List.of(4, 9, 14), List.copyOf(o.keyframes().keySet()));
        BoxPrompt tight = SimulatedAnnotator.tightBox(gt.sliceOrNull(9), 80, 2);
        assertEquals(tight, o.keyframes().get(9).box());
        ObjectPrompts j1 = SimulatedAnnotator.annotate(gt, 2, 5, SimulatedAnnotator.Mode.AXES, 3, 42);
        ObjectPrompts j2 = SimulatedAnnotator.annotate(gt, 2, 5, SimulatedAnnotator.Mode.AXES, 3, 42);
        ObjectPrompts j0 = SimulatedAnnotator.annotate(gt, 2, 5, SimulatedAnnotator.Mode.AXES, 0, 42);
        assertEquals(j1, j2);
        Keyframe a = j1.keyframes().get(9), b = j0.keyframes().get(9);
        assertTrue(Math.abs(a.marker().longAxis().x0() - b.marker().longAxis().x0()) <= 3);
        assertTrue(!a.equals(b));
    }

    @Test
    void simulationWithTheEllipseBaselineOnAnEllipsoidIsNearlyExact() {
        Geometry g = Geometry.axisAligned(80, 72, 20, 1, 1, 2);
        LabelMap gt = ellipsoidLabel(g, 1);
        Volume img = Volume.allocate(g, VoxelType.INT16, null);
        BoxEllipseSegmenter seg = new BoxEllipseSegmenter();
        PipelineOptions opt = PipelineOptions.defaults(InputWindow.percentiles());
        Simulation.Result every = Simulation.run(seg, img, gt, 1, 1, SimulatedAnnotator.Mode.BOXES, 0, 1,
                opt.withMargin(org.slicewise.core.prompt.MarginPolicy.NONE), 2, Progress.NONE);
        // the ellipse inscribed in the tight box of a digitised rotated ellipse is not the ellipse itself
        assertTrue(every.scores().dice() > 0.7, "Dice " + every.scores().dice());
        assertEquals(11, every.keyframes());
        assertEquals(11, every.proposal().stats().slicesEncoded());
        Simulation.Result sparse = Simulation.run(seg, img, gt, 1, 5, SimulatedAnnotator.Mode.BOXES, 0, 1, opt, 2,
                Progress.NONE);
        assertEquals(3, sparse.keyframes());
        assertEquals(11, sparse.proposal().stats().slicesPlanned());
    }
}
