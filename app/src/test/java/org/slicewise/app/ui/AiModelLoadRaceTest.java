package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.slicewise.app.ui.Fx.fx;
import static org.slicewise.app.ui.Fx.run;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slicewise.app.ui.ai.AiBackend;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.ModelInfo;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.volume.Volume;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A model load that finishes after a newer one was requested is closed, not installed over the newer model. */
@ExtendWith(ApplicationExtension.class)
class AiModelLoadRaceTest {
    @Start
    void start(Stage s) {
    }

    /** A segmenter that records its close(). */
    private static final class Recording implements SliceSegmenter {
        final FakeSegmenter fake = new FakeSegmenter(0);
        final CountDownLatch closed = new CountDownLatch(1);

        @Override public ModelInfo info() { return fake.info(); }
        @Override public Embedding embedding(Volume v, int z, InputWindow w) { return fake.embedding(v, z, w); }
        @Override public List<ObjectMask> decode(Embedding e, List<ObjectPrompt> o) { return fake.decode(e, o); }
        @Override public long encoderCalls() { return 0; }
        @Override public long decoderCalls() { return 0; }
        @Override public void close() { closed.countDown(); }
    }

    @Test
    void aSupersededLoadIsClosedNotInstalled() throws Exception {
        Recording slow = new Recording(), fast = new Recording();
        CountDownLatch release = new CountDownLatch(1);
        AiBackend backend = new AiBackend() {
            @Override
            public List<ModelChoice> models() {
                return List.of(new ModelChoice("slow", "slow", "", "", false, ""), new ModelChoice("fast", "fast", "", "", false, ""));
            }

            @Override
            public SliceSegmenter load(String id) throws Exception {
                if (id.equals("slow")) {
                    release.await();
                    return slow;
                }
                return fast;
            }

            @Override
            public String unavailableReason() { return ""; }
        };
        TaskRunner runner = new TaskRunner();
        // the constructor starts loading the first model ("slow"), which blocks until released
        AiController ai = fx(() -> new AiController(new ViewerState(), runner, backend, m -> { }, () -> { }));
        run(() -> ai.load(backend.models().get(1)));
        Fx.await("fast model installed", () -> ai.segmenter() == fast);
        release.countDown();
        // the superseded load completes: its result is either (correctly) closed or (wrongly) installed
        Fx.await("superseded load handled", () -> slow.closed.getCount() == 0 || ai.segmenter() == slow);
        assertSame(fast, fx(ai::segmenter), "a superseded model load replaced the newer model");
        assertEquals(1, fast.closed.getCount(), "the newer model must stay open");
        run(ai::dispose);
        runner.close();
    }
}
