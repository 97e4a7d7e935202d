package org.slicewise.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import org.slicewise.core.interp.BoxInterpolation;
import org.slicewise.core.interp.BoxTrack;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.prompt.ObjectPrompts;
import org.slicewise.core.volume.Geometry;

/**
 * Model-free measurements behind the prompt defaults: how well RECIST-marker boxes (per margin
 * policy) and interpolated boxes (per interpolation) match the true tight box of the ground-truth
 * mask, as box IoU and as the fraction of mask voxels the box covers.
 */
public final class PromptStudies {
    /** One labelled object. */
    public record Case(String name, LabelMap gt, int label) {
    }

    /** Mean box IoU against the tight box, and mean fraction of the mask's voxels inside the box. */
    public record BoxAgreement(double meanIou, double meanCoverage, int slices) {
    }

    private PromptStudies() {
    }

    /** RECIST marker boxes on every labelled slice (≥ 2 voxels) with the given margin. */
    public static BoxAgreement markerBoxes(List<Case> cases, MarginPolicy margin) {
        Acc acc = new Acc();
        for (Case c : cases) {
            Geometry g = c.gt().geometry();
            for (int z : SimulatedAnnotator.slicesOf(c.gt(), c.label())) {
                short[] s = c.gt().sliceOrNull(z);
                Recist.Measurement m = Recist.measure(s, g.nx(), g.ny(), c.label(), g.spacing(0), g.spacing(1));
                if (m != null) {
                    BoxPrompt b = BoxTrack.clip(m.marker().toBox(margin), g.nx(), g.ny());
                    acc.add(b, s, g.nx(), c.label());
                }
            }
        }
        return acc.result();
    }

    /**
     * Boxes on the slices between keyframes (every k-th slice, simulated annotator without jitter)
     * against the true tight boxes; keyframe slices are excluded (they are exact by construction).
     */
    public static BoxAgreement interpolatedBoxes(List<Case> cases, int every, SimulatedAnnotator.Mode mode,
                                                 MarginPolicy margin, BoxInterpolation interp) {
        Acc acc = new Acc();
        for (Case c : cases) {
            Geometry g = c.gt().geometry();
            ObjectPrompts o = SimulatedAnnotator.annotate(c.gt(), c.label(), every, mode, 0, 1);
            NavigableMap<Integer, BoxPrompt> track = BoxTrack.boxes(o, margin, interp, g.nx(), g.ny(), g.nz());
            for (int z : SimulatedAnnotator.slicesOf(c.gt(), c.label())) {
                if (!o.keyframes().containsKey(z)) {
                    acc.add(track.get(z), c.gt().sliceOrNull(z), g.nx(), c.label());
                }
            }
        }
        return acc.result();
    }

    /** IoU of two inclusive voxel boxes. */
    public static double iou(BoxPrompt a, BoxPrompt b) {
        if (a == null || b == null) {
            return 0;
        }
        double iw = Math.min(a.x1(), b.x1()) - Math.max(a.x0(), b.x0()) + 1;
        double ih = Math.min(a.y1(), b.y1()) - Math.max(a.y0(), b.y0()) + 1;
        double inter = iw > 0 && ih > 0 ? iw * ih : 0;
        double ua = (a.width() + 1) * (a.height() + 1), ub = (b.width() + 1) * (b.height() + 1);
        return inter / (ua + ub - inter);
    }

    private static final class Acc {
        final List<double[]> rows = new ArrayList<>();

        void add(BoxPrompt b, short[] s, int nx, int label) {
            BoxPrompt tight = SimulatedAnnotator.tightBox(s, nx, label);
            long in = 0, all = 0;
            for (int i = 0; s != null && i < s.length; i++) {
                if ((s[i] & 0xFFFF) == label) {
                    all++;
                    int x = i % nx, y = i / nx;
                    if (b != null && x >= b.x0() - 0.5 && x <= b.x1() + 0.5 && y >= b.y0() - 0.5 && y <= b.y1() + 0.5) {
                        in++;
                    }
                }
            }
            rows.add(new double[] {iou(b, tight), all == 0 ? 0 : in / (double) all});
        }

        BoxAgreement result() {
            double i = 0, c = 0;
            for (double[] r : rows) {
                i += r[0];
                c += r[1];
            }
            int n = rows.size();
            return new BoxAgreement(n == 0 ? 0 : i / n, n == 0 ? 0 : c / n, n);
        }
    }
}
