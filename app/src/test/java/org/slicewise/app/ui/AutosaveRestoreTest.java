package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slicewise.app.ui.Fx.await;
import static org.slicewise.app.ui.Fx.fx;
import static org.slicewise.app.ui.Fx.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slicewise.app.ui.ai.AiBackend;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.prompt.PointPrompt;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Autosave on a timer, a simulated crash, and restore on the next start; clean quit asks and removes the file. */
@ExtendWith(ApplicationExtension.class)
class AutosaveRestoreTest {
    private Stage stage;
    private Path userDir;

    @Start
    void start(Stage s) throws Exception {
        stage = s;
        userDir = Files.createTempDirectory("sw-recovery");
    }

    private MainWindow window(ScriptedDialogs d, javafx.util.Duration interval) {
        return fx(() -> {
            MainWindow.Services s = new MainWindow.Services(new DocumentLoader(TestVolumes::read),
                    new org.slicewise.app.ui.io.ExportService(TestVolumes::write), AiBackend.none("no model in this test"), userDir, interval);
            MainWindow w = new MainWindow(s, d);
            stage.setScene(w.scene());
            stage.show();
            return w;
        });
    }

    @Test
    void timerAutosaveThenCrashThenRestore() {
        ScriptedDialogs d1 = new ScriptedDialogs();
        MainWindow w1 = window(d1, javafx.util.Duration.millis(400));
        assertTrue(fx(() -> w1.ai().statusProperty().get()).contains("no model in this test"), "says why AI is off");
        Fx.open(w1, Fx.brain1());
        Document doc = fx(() -> w1.state().document.get());
        int nx = doc.volume().nx();
        run(() -> {
            byte[] m = new byte[20 * 10];
            java.util.Arrays.fill(m, (byte) 1);
            doc.editor().apply("paint", SlicePatch.fill(7, 50, 60, 20, 10, m, 1));
            doc.annotations().add(new Annotation.Point(doc.annotations().nextId(), 1, 7, new PointPrompt(55, 65, true)));
        });
        // no explicit save: the timer must write the recovery file
        await("timer autosave", () -> w1.autosave().writes() >= 1);
        Path rec = fx(() -> w1.autosave().file());
        assertTrue(Files.exists(rec));
        short[] slice = fx(() -> doc.labels().sliceCopy(7));
        List<Annotation> prompts = fx(() -> doc.annotations().all());
        run(() -> w1.autosave().stop()); // "crash": no clean shutdown, the file stays

        ScriptedDialogs d2 = new ScriptedDialogs();
        MainWindow w2 = window(d2, javafx.util.Duration.seconds(60));
        assertTrue(fx(() -> Recovery.offer(w2)), "restore offered and started");
        assertEquals(1, d2.asked.stream().filter(s -> s.startsWith("restore:")).count());
        await("restored", () -> w2.state().document.get() != null && !w2.runner().busyProperty().get());
        Document back = fx(() -> w2.state().document.get());
        assertArrayEquals(slice, back.labels().sliceCopy(7));
        assertEquals(200, back.labels().count(1));
        assertEquals(prompts, back.annotations().all());
        assertEquals(nx, back.volume().nx());
        assertTrue(back.dirty(), "restored work is unsaved until the user saves it");
        assertEquals(null, fx(() -> w2.workspace().sessionFile()));

        // quitting with unsaved changes asks; CANCEL keeps the window
        run(() -> back.editor().apply("more", SlicePatch.fill(8, 0, 0, 2, 2, new byte[] {1, 1, 1, 1}, 1)));
        d2.unsavedAnswer = Dialogs.Unsaved.CANCEL;
        assertFalse(fx(w2::requestClose));
        assertTrue(d2.asked.stream().anyMatch(s -> s.startsWith("unsaved:")));
        // SAVE writes the session first (off the FX thread), then the window closes by itself
        d2.unsavedAnswer = Dialogs.Unsaved.SAVE;
        assertFalse(fx(w2::requestClose), "closing waits for the save");
        await("saved and closed", () -> !back.dirty() && !stage.isShowing());
        Path saved = fx(() -> w2.workspace().sessionFile());
        assertTrue(saved != null && Files.exists(saved), "session written: " + saved);
        assertFalse(Files.exists(rec), "the closed window removed its recovery file");
        // DISCARD closes cleanly and removes the recovery file: nothing is offered next time
        ScriptedDialogs d3 = new ScriptedDialogs();
        MainWindow w3 = window(d3, javafx.util.Duration.seconds(60));
        Fx.open(w3, saved);
        run(() -> w3.state().document.get().editor().apply("x", SlicePatch.fill(9, 0, 0, 1, 1, new byte[] {1}, 1)));
        run(() -> w3.autosave().saveNow());
        await("recovery written", () -> w3.autosave().writes() >= 1);
        d3.unsavedAnswer = Dialogs.Unsaved.DISCARD;
        assertTrue(fx(w3::requestClose));
        assertFalse(Files.exists(rec), "clean exit removes the recovery file");
        MainWindow w4 = window(new ScriptedDialogs(), javafx.util.Duration.seconds(60));
        assertFalse(fx(() -> Recovery.offer(w4)));
    }
}
