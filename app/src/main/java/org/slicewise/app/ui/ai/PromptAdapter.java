package org.slicewise.app.ui.ai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.prompt.Keyframe;
import org.slicewise.core.prompt.ObjectPrompts;
import org.slicewise.core.prompt.RecistMarker;
import org.slicewise.core.prompt.Segment;
import org.slicewise.core.prompt.SlicePoint;

/**
 * The workstation's prompts as the pipeline's {@link ObjectPrompts}: per object, one keyframe per
 * slice (a box or a RECIST marker; when both were drawn on a slice, the most recent wins), and its
 * points. RECIST markers keep their axes, so the pipeline applies its measured margin policy.
 */
public final class PromptAdapter {
    private PromptAdapter() {
    }

    public static List<ObjectPrompts> objects(List<Annotation> prompts, LabelTable table, Set<Integer> labels) {
        List<ObjectPrompts> out = new ArrayList<>();
        for (int label : labels) {
            LabelInfo info = table.get(label).orElse(LabelInfo.of(label, null, LabelTable.defaultColour(label)));
            TreeMap<Integer, Keyframe> keys = new TreeMap<>();
            List<SlicePoint> points = new ArrayList<>();
            List<Annotation> mine = prompts.stream().filter(a -> a.label() == label)
                    .sorted(Comparator.comparingLong(Annotation::id)).toList();
            for (Annotation a : mine) {
                Keyframe k = keyframe(a);
                if (k != null) {
                    keys.put(a.z(), k);
                } else if (a instanceof Annotation.Point p) {
                    points.add(new SlicePoint(a.z(), p.point()));
                }
            }
            ObjectPrompts o = new ObjectPrompts(label, info.name(), info.rgb(), keys, points, null);
            if (!o.isEmpty()) {
                out.add(o);
            }
        }
        return out;
    }

    /** A box or RECIST annotation as a keyframe (null for points and degenerate markers). */
    public static Keyframe keyframe(Annotation a) {
        if (a instanceof Annotation.Box b) {
            return Keyframe.box(a.z(), b.box());
        }
        if (a instanceof Annotation.Recist r) {
            Segment lg = new Segment(r.ax0(), r.ay0(), r.ax1(), r.ay1());
            if (!(lg.length() > 0)) {
                return null;
            }
            Segment sh = r.hasShort() ? new Segment(r.bx0(), r.by0(), r.bx1(), r.by1()) : null;
            if (sh != null && !(sh.length() > 0)) {
                sh = null;
            }
            return Keyframe.marker(a.z(), new RecistMarker(lg, sh));
        }
        return null;
    }
}
