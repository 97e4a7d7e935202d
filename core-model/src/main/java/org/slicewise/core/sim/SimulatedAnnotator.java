package org.slicewise.core.sim;

import java.util.Random;
import java.util.TreeSet;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.Keyframe;
import org.slicewise.core.prompt.ObjectPrompts;
import org.slicewise.core.prompt.RecistMarker;
import org.slicewise.core.prompt.Segment;
import org.slicewise.core.volume.Geometry;

/**
 * What a radiologist would draw, derived from a ground-truth label: on every k-th slice of the
 * object's extent (from its first slice; its last slice is always annotated too, as in the MedSAM
 * study's "every 3–10 slices from the top slice to the bottom slice"), a RECIST marker (long axis =
 * longest in-plane diameter, short axis = longest perpendicular chord) or a tight box; optionally
 * with uniform random jitter of ±{@code jitterPx} on every coordinate (seeded). A slice whose mask
 * is a single voxel gets a one-voxel box (no diameter can be drawn).
 */
public final class SimulatedAnnotator {
    public enum Mode { AXES, BOXES }

    private SimulatedAnnotator() {
    }

    /** Slices of the label, ascending. */
    public static TreeSet<Integer> slicesOf(LabelMap gt, int label) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int z = 0; z < gt.geometry().nz(); z++) {
            short[] a = gt.sliceOrNull(z);
            if (a != null) {
                for (short v : a) {
                    if ((v & 0xFFFF) == label) {
                        s.add(z);
                        break;
                    }
                }
            }
        }
        return s;
    }

    /** Keyframe slices: first, first + k, ... within the extent, plus the last. */
    public static TreeSet<Integer> keyframeSlices(TreeSet<Integer> labelled, int every) {
        TreeSet<Integer> k = new TreeSet<>();
        if (labelled.isEmpty()) {
            return k;
        }
        int lo = labelled.first(), hi = labelled.last();
        for (int z = lo; z <= hi; z += every) {
            k.add(z);
        }
        k.add(hi);
        // slices inside the extent where the label happens to be absent cannot be annotated
        k.retainAll(labelled);
        return k;
    }

    public static ObjectPrompts annotate(LabelMap gt, int label, int every, Mode mode, double jitterPx, long seed) {
        if (every < 1) {
            throw new IllegalArgumentException("--every must be at least 1: " + every);
        }
        Geometry g = gt.geometry();
        Random rnd = new Random(seed);
        ObjectPrompts o = ObjectPrompts.of(label, "label " + label, LabelTable.defaultColour(label));
        for (int z : keyframeSlices(slicesOf(gt, label), every)) {
            short[] s = gt.sliceOrNull(z);
            Keyframe k;
            Recist.Measurement m = mode == Mode.AXES ? Recist.measure(s, g.nx(), g.ny(), label, g.spacing(0), g.spacing(1)) : null;
            if (m != null) {
                RecistMarker r = m.marker();
                Segment lg = jitter(r.longAxis(), jitterPx, rnd, g);
                Segment sh = r.shortAxis() == null ? null : jitter(r.shortAxis(), jitterPx, rnd, g);
                if (!(lg.length() > 0)) {
                    lg = r.longAxis();
                }
                if (sh != null && !(sh.length() > 0)) {
                    sh = r.shortAxis();
                }
                k = Keyframe.marker(z, new RecistMarker(lg, sh));
            } else {
                k = Keyframe.box(z, jitter(tightBox(s, g.nx(), label), jitterPx, rnd, g));
            }
            o = o.withKeyframe(k);
        }
        return o;
    }

    /** Tight inclusive bounding box of a label on a slice, or null. */
    public static BoxPrompt tightBox(short[] s, int nx, int label) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length; i++) {
            if ((s[i] & 0xFFFF) == label) {
                int x = i % nx, y = i / nx;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        return x1 < 0 ? null : new BoxPrompt(x0, y0, x1, y1);
    }

    private static double j(double v, double px, Random r, int n) {
        double d = px > 0 ? (r.nextDouble() * 2 - 1) * px : 0;
        return Math.max(0, Math.min(n - 1, v + d));
    }

    private static Segment jitter(Segment s, double px, Random r, Geometry g) {
        return new Segment(j(s.x0(), px, r, g.nx()), j(s.y0(), px, r, g.ny()), j(s.x1(), px, r, g.nx()),
                j(s.y1(), px, r, g.ny()));
    }

    private static BoxPrompt jitter(BoxPrompt b, double px, Random r, Geometry g) {
        double x0 = j(b.x0(), px, r, g.nx()), y0 = j(b.y0(), px, r, g.ny());
        double x1 = j(b.x1(), px, r, g.nx()), y1 = j(b.y1(), px, r, g.ny());
        return new BoxPrompt(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
}
