package org.slicewise.core.prompt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * All prompts of one object (immutable snapshot): keyframes (at most one per slice), points and an
 * optional extent. {@link PromptSet} holds the current snapshot of every object; edits produce new
 * snapshots, so a running pipeline can keep reading the one it started with.
 *
 * @param label     label id the result is written to
 * @param name      display name
 * @param rgb       colour 0xRRGGBB
 * @param keyframes keyframes by slice
 * @param points    positive/negative clicks
 * @param extent    slice range to segment (null: from the first to the last keyframe)
 */
public record ObjectPrompts(int label, String name, int rgb, NavigableMap<Integer, Keyframe> keyframes,
                            List<SlicePoint> points, Extent extent) {
    public ObjectPrompts {
        if (label < 1 || label > 65535) {
            throw new IllegalArgumentException("label id must be 1..65535: " + label);
        }
        name = name == null ? "label " + label : name;
        TreeMap<Integer, Keyframe> k = new TreeMap<>();
        if (keyframes != null) {
            for (var e : keyframes.entrySet()) {
                if (e.getKey() != e.getValue().slice()) {
                    throw new IllegalArgumentException("keyframe map key differs from its slice");
                }
                k.put(e.getKey(), e.getValue());
            }
        }
        keyframes = Collections.unmodifiableNavigableMap(k);
        points = points == null ? List.of() : List.copyOf(points);
    }

    public static ObjectPrompts of(int label, String name, int rgb) {
        return new ObjectPrompts(label, name, rgb, null, null, null);
    }

    public ObjectPrompts withKeyframe(Keyframe k) {
        TreeMap<Integer, Keyframe> m = new TreeMap<>(keyframes);
        m.put(k.slice(), k);
        return new ObjectPrompts(label, name, rgb, m, points, extent);
    }

    public ObjectPrompts withoutKeyframe(int slice) {
        TreeMap<Integer, Keyframe> m = new TreeMap<>(keyframes);
        m.remove(slice);
        return new ObjectPrompts(label, name, rgb, m, points, extent);
    }

    public ObjectPrompts withPoint(SlicePoint p) {
        List<SlicePoint> l = new ArrayList<>(points);
        l.add(p);
        return new ObjectPrompts(label, name, rgb, keyframes, l, extent);
    }

    public ObjectPrompts withoutPoint(SlicePoint p) {
        List<SlicePoint> l = new ArrayList<>(points);
        l.remove(p);
        return new ObjectPrompts(label, name, rgb, keyframes, l, extent);
    }

    public ObjectPrompts withPoints(List<SlicePoint> ps) {
        return new ObjectPrompts(label, name, rgb, keyframes, ps, extent);
    }

    public ObjectPrompts withExtent(Extent e) {
        return new ObjectPrompts(label, name, rgb, keyframes, points, e);
    }

    public ObjectPrompts withName(String n) {
        return new ObjectPrompts(label, n, rgb, keyframes, points, extent);
    }

    public ObjectPrompts withRgb(int c) {
        return new ObjectPrompts(label, name, c, keyframes, points, extent);
    }

    public ObjectPrompts withLabel(int id) {
        return new ObjectPrompts(id, name, rgb, keyframes, points, extent);
    }

    /** Points on slice z. */
    public List<PointPrompt> pointsOn(int z) {
        List<PointPrompt> l = new ArrayList<>();
        for (SlicePoint p : points) {
            if (p.slice() == z) {
                l.add(p.point());
            }
        }
        return l;
    }

    public boolean isEmpty() {
        return keyframes.isEmpty() && points.isEmpty();
    }

    /**
     * The slice range this object covers: its extent when given, else from the first to the last
     * keyframe or point; null when it has no prompts.
     */
    public Extent range() {
        if (extent != null) {
            return extent;
        }
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        if (!keyframes.isEmpty()) {
            lo = keyframes.firstKey();
            hi = keyframes.lastKey();
        }
        for (SlicePoint p : points) {
            lo = Math.min(lo, p.slice());
            hi = Math.max(hi, p.slice());
        }
        return lo > hi ? null : new Extent(lo, hi);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectPrompts p && p.label == label && p.rgb == rgb && p.name.equals(name)
                && p.keyframes.equals(keyframes) && p.points.equals(points) && Objects.equals(p.extent, extent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, name, rgb, keyframes, points, extent);
    }
}
