package org.slicewise.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.slicewise.app.TestData;
import org.slicewise.app.ui.ai.AiBackend;
import org.slicewise.app.ui.io.ExportService;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers for workstation tests: start a window with test services, run on / wait for the FX thread, screenshots. */
final class Fx {
    private Fx() {
    }

    static Path brain1() {
        return TestData.data("pyradiomics/brain1_image.nrrd");
    }

    static MainWindow.Services services(Path userDir, AiBackend ai) {
        return new MainWindow.Services(new DocumentLoader(TestVolumes::read), new ExportService(TestVolumes::write), ai, userDir,
                javafx.util.Duration.seconds(60));
    }

    static MainWindow show(Stage stage, MainWindow.Services s, Dialogs d) {
        MainWindow w = new MainWindow(s, d);
        stage.setScene(w.scene());
        stage.setWidth(1400);
        stage.setHeight(900);
        stage.show();
        return w;
    }

    /** Runs on the FX thread and returns the value. */
    static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void run(Runnable r) {
        fx(() -> {
            r.run();
            return null;
        });
    }

    /** Waits (up to a generous limit, never a performance assertion) for a condition evaluated on the FX thread. */
    static void await(String what, Callable<Boolean> c) {
        await(what, 60, c);
    }

    static void await(String what, int seconds, Callable<Boolean> c) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(c));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for: " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Opens a file and waits until it is the current document. */
    static void open(MainWindow w, Path p) {
        var before = fx(() -> w.state().document.get());
        run(() -> w.open(p));
        await("document " + p.getFileName(), () -> w.state().document.get() != null
                && w.state().document.get() != before && !w.runner().busyProperty().get());
    }

    /** Screen point of a voxel on the axial view. */
    static Point2D axialScreen(MainWindow w, double x, double y) {
        return fx(() -> {
            double[] s = w.axialView().screenOf(x, y, w.state().cz.get());
            return w.axialView().localToScreen(s[0], s[1]);
        });
    }

    /** Saves a snapshot of the scene to app/target/screenshots/NAME.png. */
    static Path screenshot(Scene scene, String name) throws IOException {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = fx(() -> scene.snapshot(null));
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path f = dir.resolve(name + ".png");
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", f.toFile());
        return f;
    }
}
