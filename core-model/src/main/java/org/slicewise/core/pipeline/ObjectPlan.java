package org.slicewise.core.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slicewise.core.interp.BoxTrack;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.Extent;
import org.slicewise.core.prompt.ObjectPrompts;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.prompt.SlicePoint;
import org.slicewise.core.volume.Geometry;

/**
 * What will be asked of the model for one object: the box of every slice (keyframes and
 * interpolated), the points of each slice, and for each slice the neighbour it propagates from.
 * The UI draws {@link #boxes()} as the interpolated boxes.
 */
public final class ObjectPlan {
    private final int label;
    private final NavigableMap<Integer, BoxPrompt> boxes;
    private final Map<Integer, List<PointPrompt>> points;
    private final NavigableSet<Integer> keyframes;
    private final NavigableSet<Integer> slices;
    private final NavigableSet<Integer> drawnBoxes;

    private ObjectPlan(int label, NavigableMap<Integer, BoxPrompt> boxes, Map<Integer, List<PointPrompt>> points,
                       NavigableSet<Integer> keyframes, NavigableSet<Integer> drawnBoxes) {
        this.label = label;
        this.drawnBoxes = Collections.unmodifiableNavigableSet(drawnBoxes);
        this.boxes = Collections.unmodifiableNavigableMap(boxes);
        this.points = points;
        this.keyframes = Collections.unmodifiableNavigableSet(keyframes);
        TreeSet<Integer> s = new TreeSet<>(boxes.keySet());
        s.addAll(points.keySet());
        this.slices = Collections.unmodifiableNavigableSet(s);
    }

    public static ObjectPlan of(ObjectPrompts o, PipelineOptions opt, Geometry g) {
        NavigableMap<Integer, BoxPrompt> boxes = BoxTrack.boxes(o, opt.margin(), opt.interpolation(), opt.growth(), g.nx(), g.ny(), g.nz());
        Extent ext = o.extent();
        Map<Integer, List<PointPrompt>> pts = new TreeMap<>();
        for (SlicePoint p : o.points()) {
            if (p.slice() >= 0 && p.slice() < g.nz() && (ext == null || ext.contains(p.slice()))) {
                pts.computeIfAbsent(p.slice(), k -> new ArrayList<>()).add(p.point());
            }
        }
        // a slice with only negative points and no box cannot be prompted
        pts.entrySet().removeIf(e -> !boxes.containsKey(e.getKey()) && e.getValue().stream().noneMatch(PointPrompt::positive));
        TreeSet<Integer> keys = new TreeSet<>(), drawn = new TreeSet<>();
        for (var k : o.keyframes().entrySet()) {
            if (boxes.containsKey(k.getKey())) {
                keys.add(k.getKey());
                if (!k.getValue().isMarker()) {
                    drawn.add(k.getKey());
                }
            }
        }
        return new ObjectPlan(o.label(), boxes, pts, keys, drawn);
    }

    public int label() { return label; }

    /** Box per slice (keyframes and interpolated/tapered), clipped to the image. */
    public NavigableMap<Integer, BoxPrompt> boxes() { return boxes; }

    public List<PointPrompt> points(int z) {
        return points.getOrDefault(z, List.of());
    }

    /** Slices this object is segmented on. */
    public NavigableSet<Integer> slices() { return slices; }

    public NavigableSet<Integer> keyframes() { return keyframes; }

    /**
     * The keyframes drawn as boxes (a subset of {@link #keyframes()}): tight boxes as the user drew them, no margin;
     * the other keyframes are RECIST markers, whose boxes carry the margin policy.
     */
    public NavigableSet<Integer> drawnBoxes() { return drawnBoxes; }

    /**
     * The neighbouring slice z propagates from (towards its nearest keyframe, ties go down), or -1
     * for keyframes, point-only slices and slices whose neighbour is not in the plan.
     */
    public int source(int z) {
        if (keyframes.contains(z) || keyframes.isEmpty() || !boxes.containsKey(z)) {
            return -1;
        }
        Integer below = keyframes.lower(z), above = keyframes.higher(z);
        int src;
        if (below == null) {
            src = z + 1;
        } else if (above == null) {
            src = z - 1;
        } else {
            src = z - below <= above - z ? z - 1 : z + 1;
        }
        return slices.contains(src) ? src : -1;
    }
}
