package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slicewise.app.ui.Fx.await;
import static org.slicewise.app.ui.Fx.fx;
import static org.slicewise.app.ui.Fx.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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

    /**
     * Two measurements. (1) Pulses: the largest wall-clock gap between consecutive animation pulses.
     * (2) FX-thread work: a probe thread posts a tiny task to the FX thread every 5 ms; each probe
     * records the FX thread's CPU time plus lock-blocked time since the previous probe, so the
     * maximum is the longest stretch of work the FX thread did without getting to the queue. (2) is
     * the application's own property; (1) also contains time the OS gave the thread no core.
     */
    static final class GapMonitor extends AnimationTimer {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final AtomicLong last = new AtomicLong();
        final AtomicLong lastWork = new AtomicLong(-1);
        final AtomicLong maxGap = new AtomicLong();
        final AtomicLong maxWork = new AtomicLong();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong probes = new AtomicLong();
        private volatile boolean probing;

        GapMonitor() {
            if (mx.isThreadContentionMonitoringSupported()) {
                mx.setThreadContentionMonitoringEnabled(true);
            }
        }

        private long work() {
            long blockedMs = Math.max(0, mx.getThreadInfo(Thread.currentThread().getId()).getBlockedTime());
            return mx.getCurrentThreadCpuTime() + blockedMs * 1_000_000L;
        }

        @Override
        public void start() {
            super.start();
            probing = true;
            Thread t = new Thread(() -> {
                while (probing) {
                    javafx.application.Platform.runLater(() -> {
                        long wk = work();
                        long lw = lastWork.getAndSet(wk);
                        if (lw >= 0) {
                            maxWork.accumulateAndGet(wk - lw, Math::max);
                        }
                        probes.incrementAndGet();
                    });
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fx-probe");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void stop() {
            probing = false;
            super.stop();
        }

        @Override
        public void handle(long now) {
            long l = last.getAndSet(now);
            if (l != 0) {
                maxGap.accumulateAndGet(now - l, Math::max);
            }
            frames.incrementAndGet();
        }
    }

    /** System load per core (1.0 = every core busy). */
    static double loadPerCore() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os.getSystemLoadAverage() / os.getAvailableProcessors();
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
        GapMonitor m = fx(GapMonitor::new);
        double loadBefore = loadPerCore();
        run(m::start);
        segmentWhileScrolling(d, 5, 20, 3);
        run(m::stop);
        double loadAfter = loadPerCore();
        double gapMs = m.maxGap.get() / 1e6, workMs = m.maxWork.get() / 1e6;
        System.out.printf(java.util.Locale.ROOT, "FX pulse monitor: %d pulses, %d probes during a 16-slice segmentation with scrolling:"
                + " max wall gap between pulses %.1f ms, longest FX-thread work stretch (CPU + lock-blocked) %.1f ms;"
                + " load per core %.2f / %.2f%n", m.frames.get(), m.probes.get(), gapMs, workMs, loadBefore, loadAfter);
        assertTrue(m.frames.get() >= 10, "the monitor must observe the run: " + m.frames.get() + " pulses");
        assertTrue(fake.decoderCalls() >= 32, "both runs decoded every slice: " + fake.decoderCalls());
        assertTrue(m.probes.get() >= 20, "probes ran: " + m.probes.get());
        assertTrue(workMs < 100, "the FX thread worked/blocked " + workMs + " ms in one stretch (limit 100 ms)");
        if (loadBefore < 1 && loadAfter < 1) {
            assertTrue(gapMs < 100, "FX pulses paused " + gapMs + " ms (limit 100 ms) on an idle machine");
        } else {
            System.out.printf(java.util.Locale.ROOT, "wall-gap limit not asserted: machine overloaded by other processes"
                    + " (load per core %.2f / %.2f)%n", loadBefore, loadAfter);
        }
    }
}
