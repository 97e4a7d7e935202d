package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slicewise.app.ui.Fx.await;
import static org.slicewise.app.ui.Fx.fx;
import static org.slicewise.app.ui.Fx.run;

import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slicewise.app.ui.ai.AiBackend;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.prompt.BoxPrompt;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The responsiveness property: while a segmentation runs (16 slices, 25 ms per decode on
 * the worker) and the user keeps scrolling, the FX thread never pauses more than 100 ms. Measured
 * with an AnimationTimer: the largest gap between consecutive pulses.
 */
@ExtendWith(ApplicationExtension.class)
class ResponsivenessTest {
    private MainWindow w;
    private final FakeSegmenter fake = new FakeSegmenter(25);

    @Start
    void start(Stage stage) throws Exception {
        w = Fx.show(stage, Fx.services(Files.createTempDirectory("sw-resp"), AiBackend.of(fake)), new ScriptedDialogs());
    }

    /** Largest gap between pulses and the number of pulses while it ran. */
    static final class GapMonitor extends AnimationTimer {
        final AtomicLong last = new AtomicLong();
        final AtomicLong maxGap = new AtomicLong();
        final AtomicLong frames = new AtomicLong();

        @Override
        public void handle(long now) {
            long l = last.getAndSet(now);
            if (l != 0) {
                maxGap.accumulateAndGet(now - l, Math::max);
            }
            frames.incrementAndGet();
        }
    }

    private void segmentWhileScrolling(Document d, int z0, int z1, double shift) {
        run(() -> {
            var store = d.annotations();
            store.load(java.util.List.of());
            store.add(new Annotation.Box(store.nextId(), 1, z0, new BoxPrompt(160 + shift, 82, 210 + shift, 150)));
            store.add(new Annotation.Box(store.nextId(), 1, z1, new BoxPrompt(162 + shift, 84, 208 + shift, 116)));
            w.state().proposal.set(null);
            w.state().lastResult.set(null);
            w.ai().segment(false);
        });
        int k = 0;
        while (fx(() -> w.ai().runningProperty().get())) {
            int dir = (k++ / 5) % 2 == 0 ? 1 : -1;
            run(() -> w.state().scrollAxial(dir));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        await("proposal", () -> w.state().proposal.get() != null);
    }

    @Test
    void fxThreadNeverPausesOver100msDuringSegmentation() throws Exception {
        Fx.open(w, Fx.brain1());
        await("model loaded", () -> w.ai().segmenter() != null);
        Document d = fx(() -> w.state().document.get());
        segmentWhileScrolling(d, 4, 19, 0); // warm-up run (class loading, JIT): not measured
        GapMonitor m = new GapMonitor();
        run(m::start);
        segmentWhileScrolling(d, 5, 20, 3);
        run(m::stop);
        double maxMs = m.maxGap.get() / 1e6;
        System.out.printf("FX pulse monitor: %d pulses, max gap %.1f ms during a 16-slice segmentation with scrolling%n",
                m.frames.get(), maxMs);
        assertTrue(m.frames.get() >= 10, "the monitor must observe the run: " + m.frames.get() + " pulses");
        assertTrue(fake.decoderCalls() >= 32, "both runs decoded every slice: " + fake.decoderCalls());
        assertTrue(maxMs < 100, "FX thread paused " + maxMs + " ms (limit 100 ms)");
    }
}
