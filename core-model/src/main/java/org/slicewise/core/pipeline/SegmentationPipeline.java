package org.slicewise.core.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slicewise.core.Progress;
import org.slicewise.core.interp.BoxTrack;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.ObjectPrompts;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.volume.Volume;

/**
 * The sparse-prompt → 3D run for one volume: per-slice boxes for every object, each needed slice
 * encoded once for all objects (through the {@link SliceSegmenter}'s cache), all objects of a slice
 * decoded in one batch, overlaps resolved by the larger logit, per-slice predicted IoU kept as
 * confidence. The result is a {@link Proposal}; nothing is written until it is accepted.
 *
 * <p>Incremental: the instance remembers each (slice, object) decode with the exact prompt that
 * produced it; a later {@link #run} decodes only the pairs whose prompt changed (an edited keyframe
 * changes the interpolated boxes of the slices between its neighbouring keyframes only), and only
 * those slices' embeddings are fetched. Slices are processed in two sweeps (up, then down) so that
 * with propagation every slice's neighbour towards its nearest keyframe is done first; without
 * propagation every slice is visited once. With {@link Selection#MODEL} (the default) the keyframe
 * slices are decoded first and then the in-between slices, each with its candidates in one batched
 * call; a slice that is a keyframe of one object and in between keyframes of another is then decoded
 * in two calls (still encoded once). With {@link PipelineOptions#encoders()} ≥ 2 (the batch CLI's throughput
 * mode) {@link EncodeAhead} threads encode the slices ahead of the decoder, in the order of the decode steps.
 *
 * <p>Not for concurrent runs on one instance (calls are serialised).
 */
public final class SegmentationPipeline {
    private final SliceSegmenter segmenter;
    private final Volume volume;
    /** (slice, label) → last decode. */
    private final Map<Long, Cached> cache = new HashMap<>();
    private String cacheWindow;

    /**
     * key: a {@link PromptKey}, or a {@link CandidateKey} for a {@link Selection#MODEL} slice;
     * stripped: the model's low-res mask was dropped to save memory (a keyframe decoded without
     * selection), so {@link Selection#MODEL} must decode it again to build its prior.
     */
    private record Cached(Object key, ObjectMask mask, boolean stripped) {
    }

    /** Identity of a candidate decode: every candidate's prompt, in order. */
    private record CandidateKey(List<PromptKey> candidates) {
    }

    /** A slice strictly between two keyframes of the plan (where {@link Selection#MODEL} chooses). */
    static boolean between(ObjectPlan p, int z) {
        return p.boxes().containsKey(z) && !p.keyframes().contains(z) && p.keyframes().lower(z) != null
                && p.keyframes().higher(z) != null;
    }

    /** Identity of a decode request (box, points, mask prompt). */
    private record PromptKey(BoxPrompt box, List<PointPrompt> points, int maskHash, int maskLen) {
        static PromptKey of(ObjectPrompt p) {
            return new PromptKey(p.box(), p.points(), p.maskInput() == null ? 0 : Arrays.hashCode(p.maskInput()),
                    p.maskInput() == null ? -1 : p.maskInput().length);
        }
    }

    public SegmentationPipeline(SliceSegmenter segmenter, Volume volume) {
        this.segmenter = Objects.requireNonNull(segmenter);
        this.volume = Objects.requireNonNull(volume);
    }

    public Volume volume() { return volume; }

    public SliceSegmenter segmenter() { return segmenter; }

    /** Forgets previous decodes (the next run decodes everything). */
    public synchronized void reset() {
        cache.clear();
    }

    /** The plans (per-slice boxes) a run with these prompts and options would use; cheap, for display. */
    public List<ObjectPlan> plan(List<ObjectPrompts> objects, PipelineOptions opt) {
        List<ObjectPlan> plans = new ArrayList<>();
        for (ObjectPrompts o : objects) {
            if (!o.isEmpty()) {
                plans.add(ObjectPlan.of(o, opt, volume.geometry()));
            }
        }
        return plans;
    }

    /**
     * Segments every object. Throws {@link java.util.concurrent.CancellationException} when
     * cancelled (decodes done so far are kept for the next run).
     */
    public synchronized Proposal run(List<ObjectPrompts> objects, PipelineOptions opt, Progress progress) {
        long t0 = System.nanoTime();
        progress = progress == null ? Progress.NONE : progress;
        if (!opt.window().key().equals(cacheWindow)) {
            cache.clear();
            cacheWindow = opt.window().key();
        }
        List<ObjectPlan> plans = plan(objects, opt);
        TreeSet<Integer> allSlices = new TreeSet<>();
        int objectSlices = 0;
        for (ObjectPlan p : plans) {
            allSlices.addAll(p.slices());
            objectSlices += p.slices().size();
        }
        long enc0 = segmenter.encoderCalls();
        List<Step> steps = steps(plans, allSlices, opt);
        Work w = new Work(opt, objectSlices, progress);
        try (EncodeAhead ahead = opt.encoders() > 1 ? encodeAhead(steps, opt) : null) {
            w.ahead = ahead;
            for (Step st : steps) {
                if (st.select()) {
                    w.select(st.z(), st.todo());
                } else {
                    w.slice(st.z(), st.todo());
                }
            }
        }
        // forget decodes no longer planned
        Set<Long> live = new HashSet<>();
        for (ObjectPlan p : plans) {
            for (int z : p.slices()) {
                live.add(key(z, p.label()));
            }
        }
        cache.keySet().retainAll(live);
        NavigableMap<Integer, SliceResult> results = new TreeMap<>();
        List<Integer> labels = new ArrayList<>();
        for (ObjectPlan p : plans) {
            labels.add(p.label());
        }
        for (int z : allSlices) {
            List<ObjectMask> masks = new ArrayList<>();
            for (ObjectPlan p : plans) {
                if (p.slices().contains(z)) {
                    masks.add(w.results.get(key(z, p.label())));
                }
            }
            results.put(z, assemble(z, masks));
        }
        progress.update(1, "segmented " + allSlices.size() + " slices");
        RunStats stats = new RunStats(allSlices.size(), segmenter.encoderCalls() - enc0, w.slicesDecoded, objectSlices,
                w.objectSlicesDecoded, w.encodeNanos, w.decodeNanos, System.nanoTime() - t0, w.promptsDecoded);
        return new Proposal(volume.geometry(), results, labels, stats);
    }

    /** One decode step of a run: the objects of slice z decoded together (select: {@link Selection#MODEL} candidates). */
    private record Step(int z, List<ObjectPlan> todo, boolean select) {
    }

    /**
     * The run's decode steps in order. With selection: keyframes (and slices outside the keyframe range) first,
     * since the in-between slices need their masks, then the in-between slices. Without: an up sweep (keyframes,
     * point-only slices, slices propagating from below), then with propagation a down sweep (slices propagating
     * from above).
     */
    private static List<Step> steps(List<ObjectPlan> plans, TreeSet<Integer> allSlices, PipelineOptions opt) {
        List<Step> steps = new ArrayList<>();
        if (opt.selection() != Selection.NONE) {
            for (boolean select : new boolean[] {false, true}) {
                for (int z : allSlices) {
                    List<ObjectPlan> todo = new ArrayList<>();
                    for (ObjectPlan p : plans) {
                        if (p.slices().contains(z) && between(p, z) == select) {
                            todo.add(p);
                        }
                    }
                    add(steps, z, todo, select);
                }
            }
            return steps;
        }
        for (int z : allSlices) {
            List<ObjectPlan> todo = new ArrayList<>();
            for (ObjectPlan p : plans) {
                if (p.slices().contains(z) && (!opt.propagation().seedsBox() && !opt.propagation().masksPrompt()
                        || p.source(z) < z)) {
                    todo.add(p);
                }
            }
            add(steps, z, todo, false);
        }
        if (opt.propagation() != Propagation.NONE) {
            for (int z : allSlices.descendingSet()) {
                List<ObjectPlan> todo = new ArrayList<>();
                for (ObjectPlan p : plans) {
                    if (p.slices().contains(z) && p.source(z) > z) {
                        todo.add(p);
                    }
                }
                add(steps, z, todo, false);
            }
        }
        return steps;
    }

    private static void add(List<Step> steps, int z, List<ObjectPlan> todo, boolean select) {
        if (!todo.isEmpty()) {
            steps.add(new Step(z, todo, select));
        }
    }

    /**
     * Encoder threads for the slices this run will surely decode (some object of the step has no previous
     * decode there), in the order the steps first need them; slices whose decode depends on a changed prompt
     * only are fetched by the run itself when it gets there. Null when fewer than two slices qualify.
     */
    private EncodeAhead encodeAhead(List<Step> steps, PipelineOptions opt) {
        java.util.LinkedHashSet<Integer> order = new java.util.LinkedHashSet<>();
        for (Step st : steps) {
            for (ObjectPlan p : st.todo()) {
                if (!cache.containsKey(key(st.z(), p.label()))) {
                    order.add(st.z());
                    break;
                }
            }
        }
        if (order.size() < 2) {
            return null;
        }
        return new EncodeAhead(segmenter, volume, opt.window(), new ArrayList<>(order), opt.encoders(),
                2 * opt.encoders() + 2);
    }

    /** Per-run state. */
    private final class Work {
        final PipelineOptions opt;
        final Progress progress;
        final int total;
        final Map<Long, ObjectMask> results = new HashMap<>();
        /** keyframe (slice, label) → signed distance of its low-res mask (Selection.MODEL), absent = not computed. */
        final Map<Long, double[]> sdfs = new HashMap<>();
        /** Encoder threads of the throughput mode, or null (serial). */
        EncodeAhead ahead;
        int done;
        int slicesDecoded;
        int objectSlicesDecoded;
        int promptsDecoded;
        long encodeNanos;
        long decodeNanos;

        Work(PipelineOptions opt, int total, Progress progress) {
            this.opt = opt;
            this.total = total;
            this.progress = progress;
        }

        void slice(int z, List<ObjectPlan> todo) {
            if (todo.isEmpty()) {
                return;
            }
            progress.checkCancelled();
            List<ObjectPrompt> misses = new ArrayList<>();
            List<ObjectPlan> missPlans = new ArrayList<>();
            for (ObjectPlan p : todo) {
                ObjectPrompt prompt = prompt(p, z);
                Cached c = cache.get(key(z, p.label()));
                // Selection.MODEL builds priors from the keyframes' low-res masks: a cached keyframe without one is a miss
                boolean needLow = opt.selection() != Selection.NONE && p.keyframes().contains(z);
                if (c != null && c.key.equals(PromptKey.of(prompt)) && !(needLow && c.stripped)) {
                    results.put(key(z, p.label()), c.mask);
                } else {
                    misses.add(prompt);
                    missPlans.add(p);
                }
            }
            if (!misses.isEmpty()) {
                long t = System.nanoTime();
                Embedding e = embedding(z);
                long t1 = System.nanoTime();
                // mask-prompt propagation feeds the low-res logits back: they must be the model's everywhere
                List<ObjectMask> masks = segmenter.decode(e, misses, opt.propagation().masksPrompt());
                long t2 = System.nanoTime();
                encodeNanos += t1 - t;
                decodeNanos += t2 - t1;
                slicesDecoded++;
                objectSlicesDecoded += misses.size();
                promptsDecoded += misses.size();
                for (int i = 0; i < misses.size(); i++) {
                    ObjectMask m = masks.get(i);
                    boolean keepLow = opt.propagation().masksPrompt()
                            || opt.selection() != Selection.NONE && missPlans.get(i).keyframes().contains(z);
                    boolean stripped = !keepLow && m.lowRes() != null;
                    if (stripped) {
                        m = withoutLowRes(m);
                    }
                    long k = key(z, missPlans.get(i).label());
                    cache.put(k, new Cached(PromptKey.of(misses.get(i)), m, stripped));
                    results.put(k, m);
                }
            }
            done += todo.size();
            progress.update(total == 0 ? 1 : done / (double) total, "slice " + z);
        }

        /**
         * {@link Selection#MODEL} on slice z for objects strictly between two keyframes: the candidates
         * of all objects in one batched decode, the best-scoring candidate kept per object.
         */
        void select(int z, List<ObjectPlan> todo) {
            if (todo.isEmpty()) {
                return;
            }
            progress.checkCancelled();
            List<ObjectPrompt> batch = new ArrayList<>();
            List<ObjectPlan> missPlans = new ArrayList<>();
            List<Integer> firsts = new ArrayList<>();
            List<CandidateKey> keys = new ArrayList<>();
            for (ObjectPlan p : todo) {
                List<ObjectPrompt> cands = candidates(p, z);
                CandidateKey ck = new CandidateKey(cands.stream().map(PromptKey::of).toList());
                Cached c = cache.get(key(z, p.label()));
                if (c != null && c.key.equals(ck)) {
                    results.put(key(z, p.label()), c.mask);
                } else {
                    missPlans.add(p);
                    firsts.add(batch.size());
                    keys.add(ck);
                    batch.addAll(cands);
                }
            }
            if (!missPlans.isEmpty()) {
                long t = System.nanoTime();
                Embedding e = embedding(z);
                long t1 = System.nanoTime();
                List<ObjectMask> masks = segmenter.decode(e, batch);
                long t2 = System.nanoTime();
                encodeNanos += t1 - t;
                decodeNanos += t2 - t1;
                slicesDecoded++;
                objectSlicesDecoded += missPlans.size();
                promptsDecoded += batch.size();
                for (int i = 0; i < missPlans.size(); i++) {
                    int from = firsts.get(i), to = i + 1 < firsts.size() ? firsts.get(i + 1) : batch.size();
                    ObjectMask best = null;
                    double bestScore = Double.NEGATIVE_INFINITY;
                    for (int j = from; j < to; j++) {
                        double sc = CandidatePrior.score(masks.get(j), batch.get(j).box());
                        if (sc > bestScore) {
                            bestScore = sc;
                            best = masks.get(j);
                        }
                    }
                    long k = key(z, missPlans.get(i).label());
                    best = withoutLowRes(best);
                    cache.put(k, new Cached(keys.get(i), best, false));
                    results.put(k, best);
                }
            }
            done += todo.size();
            progress.update(total == 0 ? 1 : done / (double) total, "slice " + z);
        }

        /**
         * (a) the interpolated box, grown by the margin policy where both neighbouring keyframes are drawn boxes
         * ({@link #drawnMargin}); (b) the HULL box with the keyframes' interpolated prior as mask prompt.
         */
        List<ObjectPrompt> candidates(ObjectPlan p, int z) {
            ObjectPrompt a = prompt(p, z);
            int za = p.keyframes().lower(z), zb = p.keyframes().higher(z);
            float[] prior = CandidatePrior.prior(sdf(p, za), sdf(p, zb), (z - za) / (double) (zb - za));
            if (prior == null) {
                return List.of(a);
            }
            if (a.box() != null && p.drawnBoxes().contains(za) && p.drawnBoxes().contains(zb)) {
                a = new ObjectPrompt(p.label(), drawnMargin(a.box()), a.points(), null);
            }
            BoxPrompt hull = CandidatePrior.hull(p.boxes().get(za), p.boxes().get(zb));
            return List.of(a, new ObjectPrompt(p.label(), hull, p.points(z), prior));
        }

        /**
         * A box interpolated between two tight (drawn) keyframe boxes, grown by the run's margin policy with the
         * longer side standing for the long axis, clipped to the image. Tight boxes interpolate too tight: the
         * object's true box between keyframes is rarely their linear blend, a model's mask from a box that cuts
         * the object runs along the box's edge, and the edge-contact term then prefers the loose HULL candidate
         * even where the interpolated box was nearly right (brain1 boxes k = 5: 0.706 → 0.805; docs/pipeline.md).
         * Marker keyframes' boxes carry the margin already.
         */
        BoxPrompt drawnMargin(BoxPrompt b) {
            BoxPrompt g = BoxTrack.clip(opt.margin().grow(b, Math.max(b.x1() - b.x0(), b.y1() - b.y0())), volume.nx(),
                    volume.ny());
            return g == null ? b : g;
        }

        double[] sdf(ObjectPlan p, int z) {
            long k = key(z, p.label());
            if (!sdfs.containsKey(k)) {
                ObjectMask m = results.get(k);
                double agree = m == null ? 0 : CandidatePrior.boxAgreement(m, p.boxes().get(z));
                sdfs.put(k, m == null || m.lowRes() == null || agree < CandidatePrior.MIN_KEY_SPAN ? null
                        : CandidatePrior.sdf(m.lowRes(), m.lowResSize()));
            }
            return sdfs.get(k);
        }

        Embedding embedding(int z) {
            return ahead != null ? ahead.embedding(z) : segmenter.embedding(volume, z, opt.window());
        }

        ObjectPrompt prompt(ObjectPlan p, int z) {
            BoxPrompt box = p.boxes().get(z);
            float[] maskIn = null;
            int src = p.source(z);
            if (src >= 0 && opt.propagation() != Propagation.NONE) {
                ObjectMask prev = results.get(key(src, p.label()));
                if (prev != null && opt.propagation().seedsBox()) {
                    box = seed(prev, box);
                }
                if (prev != null && opt.propagation().masksPrompt()) {
                    maskIn = prev.lowRes();
                }
            }
            if (box == null && p.points(z).isEmpty()) {
                box = p.boxes().get(z);
            }
            return new ObjectPrompt(p.label(), box, p.points(z), maskIn);
        }

        /** Bounding box of the neighbour's mask grown by 2 voxels, kept inside the interpolated box grown by 20%. */
        BoxPrompt seed(ObjectMask prev, BoxPrompt interp) {
            int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
            for (int y = 0; y < prev.h(); y++) {
                for (int x = 0; x < prev.w(); x++) {
                    if (prev.logits()[y * prev.w() + x] > 0) {
                        x0 = Math.min(x0, x);
                        x1 = Math.max(x1, x);
                        y0 = Math.min(y0, y);
                        y1 = Math.max(y1, y);
                    }
                }
            }
            if (x1 < 0 || interp == null) {
                return interp;
            }
            BoxPrompt limit = BoxTrack.scale(interp, 1.2);
            BoxPrompt s = new BoxPrompt(Math.max(limit.x0(), prev.x0() + x0 - 2), Math.max(limit.y0(), prev.y0() + y0 - 2),
                    Math.min(limit.x1(), prev.x0() + x1 + 2), Math.min(limit.y1(), prev.y0() + y1 + 2));
            BoxPrompt c = s.x1() >= s.x0() && s.y1() >= s.y0() ? s : interp;
            return BoxTrack.clip(c, volume.nx(), volume.ny()) == null ? interp : BoxTrack.clip(c, volume.nx(), volume.ny());
        }
    }

    private static ObjectMask withoutLowRes(ObjectMask m) {
        return m.lowRes() == null ? m : new ObjectMask(m.label(), m.x0(), m.y0(), m.w(), m.h(), m.logits(), m.iou(), null, 0);
    }

    /** Overlap resolution: each voxel goes to the object with the largest positive logit. */
    static SliceResult assemble(int z, List<ObjectMask> masks) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = Integer.MIN_VALUE, y1 = Integer.MIN_VALUE;
        int[] planned = new int[masks.size()];
        Map<Integer, Float> iou = new TreeMap<>();
        for (int i = 0; i < masks.size(); i++) {
            ObjectMask m = masks.get(i);
            planned[i] = m.label();
            iou.put(m.label(), m.iou());
            if (m.w() > 0 && m.h() > 0) {
                x0 = Math.min(x0, m.x0());
                y0 = Math.min(y0, m.y0());
                x1 = Math.max(x1, m.x0() + m.w() - 1);
                y1 = Math.max(y1, m.y0() + m.h() - 1);
            }
        }
        if (x1 < x0) {
            return new SliceResult(z, 0, 0, 0, 0, new short[0], planned, iou);
        }
        int w = x1 - x0 + 1, h = y1 - y0 + 1;
        short[] labels = new short[w * h];
        float[] best = new float[w * h];
        for (ObjectMask m : masks) {
            for (int y = 0; y < m.h(); y++) {
                int row = (m.y0() + y - y0) * w + (m.x0() - x0);
                for (int x = 0; x < m.w(); x++) {
                    float l = m.logits()[y * m.w() + x];
                    int o = row + x;
                    if (l > 0 && (labels[o] == 0 || l > best[o])) {
                        labels[o] = (short) m.label();
                        best[o] = l;
                    }
                }
            }
        }
        return new SliceResult(z, x0, y0, w, h, labels, planned, iou);
    }

    private static long key(int z, int label) {
        return ((long) z << 20) | label;
    }
}
