package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slicewise.app.ui.Fx.await;
import static org.slicewise.app.ui.Fx.fx;
import static org.slicewise.app.ui.Fx.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slicewise.app.ui.io.SessionIO;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Autosave copies label slices off the FX thread and only those changed since its last snapshot;
 * clear() on exit leaves no recovery file even with a write in flight.
 */
@ExtendWith(ApplicationExtension.class)
class AutosaveConcurrencyTest {
    private ViewerState state;
    private TaskRunner runner;
    private Document doc;

    @Start
    void start(Stage s) {
        state = new ViewerState();
        runner = new TaskRunner();
        Geometry g = Geometry.axisAligned(64, 64, 40, 1, 1, 1);
        doc = Document.fresh(Volume.allocate(g, VoxelType.INT16, VolumeMetadata.of("CT", "test")), null);
        state.document.set(doc);
    }

    private void paint(int z, int label) {
        byte[] m = new byte[16];
        java.util.Arrays.fill(m, (byte) 1);
        doc.editor().apply("paint", SlicePatch.fill(z, 10, 10, 4, 4, m, label));
    }

    private Autosave autosave(Path dir, Autosave.Writer w) {
        return fx(() -> new Autosave(state, runner, dir, javafx.util.Duration.hours(1), msg -> { }, w));
    }

    @Test
    void copiesOnlyChangedSlicesAndNeverOnTheFxThread() throws Exception {
        Path dir = Files.createTempDirectory("sw-autosave");
        List<Integer> copied = new CopyOnWriteArrayList<>();
        List<Boolean> onFx = new CopyOnWriteArrayList<>();
        Autosave a = autosave(dir, (s, f, p) -> {
            copied.add(s.labels().copiedSlices());
            onFx.add(Platform.isFxApplicationThread());
            SessionIO.write(s, f, p);
        });
        run(() -> {
            paint(3, 1);
            paint(4, 1);
            paint(30, 1);
            a.saveNow();
        });
        await("first write", () -> a.writes() == 1);
        run(() -> {
            paint(4, 2);
            a.saveNow();
        });
        await("second write", () -> a.writes() == 2);
        run(a::saveNow);
        await("third write", () -> a.writes() == 3);
        assertEquals(List.of(3, 1, 0), copied, "slices copied per autosave: all allocated, then only the edited one");
        assertEquals(List.of(false, false, false), onFx);
        assertEquals(2, SessionIO.readLabels(a.file(), doc.labels().geometry()).get(11, 11, 4));
    }

    @Test
    void clearWaitsForTheWriteInFlightAndLeavesNoFile() throws Exception {
        Path dir = Files.createTempDirectory("sw-autosave");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Autosave a = autosave(dir, (s, f, p) -> {
            try {
                started.countDown();
                proceed.await();
                SessionIO.write(s, f, p);
            } finally {
                finished.countDown();
            }
        });
        run(() -> {
            paint(5, 1);
            a.saveNow();
        });
        started.await(); // the write is in flight, its file not yet created
        Thread exit = new Thread(a::clear, "exit");
        exit.start();
        // let clear() run until it either returns or waits for the write (no clock involved)
        while (exit.isAlive() && exit.getState() != Thread.State.BLOCKED && exit.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        proceed.countDown(); // the write goes on: it must not re-create the file clear() removed
        exit.join();
        finished.await();
        await("write task reported", () -> true);
        assertFalse(Files.exists(a.file()), "recovery file re-created after clear()");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no temp file left behind");
        }
        assertEquals(0, a.writes());
    }

    @Test
    void savesAgainAfterClear() throws Exception {
        Path dir = Files.createTempDirectory("sw-autosave");
        Autosave a = autosave(dir, SessionIO::write);
        run(() -> {
            paint(5, 1);
            a.saveNow();
        });
        await("write", () -> a.writes() == 1);
        a.clear();
        assertFalse(Files.exists(a.file()));
        run(a::saveNow);
        await("write after clear", () -> a.writes() == 2);
        assertTrue(Files.exists(a.file()));
    }
}
