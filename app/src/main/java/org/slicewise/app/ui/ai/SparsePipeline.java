package org.slicewise.app.ui.ai;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.core.Progress;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.volume.Volume;

/**
 * Sparse prompts to a 3D proposal: per object, boxes on keyframe slices (drawn boxes or RECIST
 * markers) are interpolated linearly to every slice between the first and last keyframe; points
 * add to the slice they are on (a slice with only points is segmented from points). Each slice is
 * decoded once for all objects (batched); overlaps go to the higher logit. Runs off the FX thread.
 */
public final class SparsePipeline {
    private final SliceSegmenter segmenter;

    public SparsePipeline(SliceSegmenter segmenter) {
        this.segmenter = segmenter;
    }

    /** The plan of every (label, slice) implied by the prompts of the given labels. */
    public static Map<Proposal.SliceKey, SlicePlan> plan(List<Annotation> prompts, Set<Integer> labels, int nz) {
        Map<Proposal.SliceKey, SlicePlan> out = new HashMap<>();
        for (int label : labels) {
            TreeMap<Integer, BoxPrompt> keys = new TreeMap<>();
            Map<Integer, List<PointPrompt>> points = new HashMap<>();
            for (Annotation a : prompts) {
                if (a.label() != label || a.z() < 0 || a.z() >= nz) {
                    continue;
                }
                if (a instanceof Annotation.Point p) {
                    points.computeIfAbsent(a.z(), k -> new ArrayList<>()).add(p.point());
                } else {
                    BoxPrompt b = a instanceof Annotation.Box bx ? bx.box() : ((Annotation.Recist) a).box();
                    keys.merge(a.z(), b, SparsePipeline::union);
                }
            }
            if (!keys.isEmpty()) {
                for (int z = keys.firstKey(); z <= keys.lastKey(); z++) {
                    BoxPrompt b = keys.get(z);
                    boolean interp = b == null;
                    if (b == null) {
                        var lo = keys.floorEntry(z);
                        var hi = keys.ceilingEntry(z);
                        double t = (z - lo.getKey()) / (double) (hi.getKey() - lo.getKey());
                        b = lerp(lo.getValue(), hi.getValue(), t);
                    }
                    out.put(new Proposal.SliceKey(label, z), new SlicePlan(b, points.getOrDefault(z, List.of()), interp));
                }
            }
            for (var e : points.entrySet()) {
                out.putIfAbsent(new Proposal.SliceKey(label, e.getKey()), new SlicePlan(null, e.getValue(), false));
            }
        }
        return out;
    }

    /**
     * Runs the pipeline. With a previous proposal over the same labels, only slices whose plan
     * changed are decoded again; the others are copied.
     */
    public Proposal run(Volume v, InputWindow window, List<Annotation> prompts, Set<Integer> labels,
                        Proposal previous, Progress progress) {
        int nz = v.nz(), n = v.geometry().sliceSize();
        Map<Proposal.SliceKey, SlicePlan> plans = plan(prompts, labels, nz);
        boolean reuse = previous != null && previous.labels().equals(labels);
        TreeMap<Integer, List<Proposal.SliceKey>> byZ = new TreeMap<>();
        plans.keySet().forEach(k -> byZ.computeIfAbsent(k.z(), z -> new ArrayList<>()).add(k));
        short[][] slices = new short[nz][];
        Map<Integer, float[]> iou = new HashMap<>();
        for (int l : labels) {
            float[] f = new float[nz];
            java.util.Arrays.fill(f, Float.NaN);
            iou.put(l, f);
        }
        List<Integer> todo = new ArrayList<>();
        for (int z : byZ.keySet()) {
            boolean same = reuse && byZ.get(z).stream().allMatch(k -> plans.get(k).equals(previous.plans().get(k)))
                    && previous.plans().keySet().stream().filter(k -> k.z() == z).count() == byZ.get(z).size();
            if (same) {
                slices[z] = previous.slices()[z];
                for (int l : labels) {
                    iou.get(l)[z] = previous.iou(l)[z];
                }
            } else {
                todo.add(z);
            }
        }
        int done = 0;
        int[] order = centreOut(todo);
        segmenter.prefetch(v, order, window);
        for (int z : order) {
            progress.checkCancelled();
            progress.update(done / (double) Math.max(1, order.length), "segmenting slice " + (z + 1) + " (" + (done + 1) + "/" + order.length + ")");
            Embedding emb = segmenter.embedding(v, z, window);
            List<Proposal.SliceKey> keys = byZ.get(z);
            List<ObjectPrompt> ops = new ArrayList<>();
            for (Proposal.SliceKey k : keys) {
                SlicePlan p = plans.get(k);
                ops.add(new ObjectPrompt(k.label(), p.box(), p.points(), null));
            }
            List<ObjectMask> masks = segmenter.decode(emb, ops);
            short[] out = new short[n];
            float[] best = new float[n];
            boolean any = false;
            int nx = v.nx();
            for (ObjectMask m : masks) {
                iou.get(m.label())[z] = m.iou();
                for (int y = 0; y < m.h(); y++) {
                    for (int x = 0; x < m.w(); x++) {
                        float lg = m.logits()[y * m.w() + x];
                        int i = (m.x0() + x) + (m.y0() + y) * nx;
                        if (lg > 0 && (out[i] == 0 || lg > best[i])) {
                            out[i] = (short) m.label();
                            best[i] = lg;
                            any = true;
                        }
                    }
                }
            }
            slices[z] = any ? out : null;
            done++;
        }
        progress.update(1, "segmented " + order.length + " slice(s)");
        return new Proposal(labels, slices, iou, plans);
    }

    /** Processing order: from the middle outwards, so the user sees the centre first. */
    static int[] centreOut(List<Integer> zs) {
        int[] a = zs.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] o = new int[a.length];
        int mid = a.length / 2, k = 0;
        for (int d = 0; k < a.length; d++) {
            if (mid + d < a.length) o[k++] = a[mid + d];
            if (d > 0 && mid - d >= 0 && k < a.length) o[k++] = a[mid - d];
        }
        return o;
    }

    static BoxPrompt union(BoxPrompt a, BoxPrompt b) {
        return new BoxPrompt(Math.min(a.x0(), b.x0()), Math.min(a.y0(), b.y0()), Math.max(a.x1(), b.x1()), Math.max(a.y1(), b.y1()));
    }

    static BoxPrompt lerp(BoxPrompt a, BoxPrompt b, double t) {
        return new BoxPrompt(a.x0() + (b.x0() - a.x0()) * t, a.y0() + (b.y0() - a.y0()) * t,
                a.x1() + (b.x1() - a.x1()) * t, a.y1() + (b.y1() - a.y1()) * t);
    }
}
