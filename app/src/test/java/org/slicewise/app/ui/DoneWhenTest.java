package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slicewise.app.ui.Fx.await;
import static org.slicewise.app.ui.Fx.fx;
import static org.slicewise.app.ui.Fx.run;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slicewise.app.TestData;
import org.slicewise.app.ui.ai.AiBackend;
import org.slicewise.app.ui.ai.AiBackends;
import org.slicewise.app.ui.io.ExportService;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The "done when", end to end with the real default model and the robot: open brain1, draw
 * RECIST markers on three tumour slices, press S, accept with A, fix a slice with the brush, export,
 * verify the export in nibabel against the image — while the FX thread is monitored during the
 * segmentation. Skipped with a message when no model is installed.
 */
@ExtendWith(ApplicationExtension.class)
class DoneWhenTest {
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
    }

    private static void drag(FxRobot r, Point2D a, Point2D b) {
        r.moveTo(a).press(MouseButton.PRIMARY);
        r.moveTo(new Point2D((a.getX() + b.getX()) / 2, (a.getY() + b.getY()) / 2));
        r.moveTo(b).release(MouseButton.PRIMARY);
    }

    /** [x0, y0, x1, y1] of the true tumour on slice z. */
    static int[] bbox(Volume truth, int z) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 0; y < truth.ny(); y++) {
            for (int x = 0; x < truth.nx(); x++) {
                if (truth.get(x, y, z) > 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new int[] {x0, y0, x1, y1};
    }

    @Test
    void recistOnThreeSlicesSegmentAcceptBrushExportWithoutFreezing(FxRobot r) throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        if (System.getProperty("slicewise.home") == null && Files.isDirectory(home.resolve("models"))) {
            System.setProperty("slicewise.home", home.toString());
        }
        AiBackend backend = AiBackends.detect();
        Assumptions.assumeTrue(!backend.models().isEmpty(), "done-when test skipped: " + backend.unavailableReason());
        Path userDir = Files.createTempDirectory("sw-done");
        MainWindow w = fx(() -> Fx.show(stage, Fx.services(userDir, backend), new ScriptedDialogs()));
        try {
            Fx.open(w, Fx.brain1());
            await("model loaded", 300, () -> w.ai().segmenter() != null || w.ai().statusProperty().get().contains("failed"));
            Assumptions.assumeTrue(fx(() -> w.ai().segmenter() != null), "model failed to load: " + fx(() -> w.ai().statusProperty().get()));
            Document d = fx(() -> w.state().document.get());
            Volume truth = TestVolumes.read(TestData.data("pyradiomics/brain1_label.nrrd"), Progress.NONE);

            // RECIST markers on slices 11, 14 and 17 (the tumour spans 11..17): long axis across, short axis down
            r.type(KeyCode.M);
            for (int z : new int[] {11, 14, 17}) {
                run(() -> w.state().cz.set(z));
                int[] b = bbox(truth, z);
                double my = (b[1] + b[3]) / 2.0, mx = (b[0] + b[2]) / 2.0;
                drag(r, Fx.axialScreen(w, b[0], my), Fx.axialScreen(w, b[2], my));
                drag(r, Fx.axialScreen(w, mx, b[1]), Fx.axialScreen(w, mx, b[3]));
            }
            assertEquals(3, fx(() -> d.annotations().all()).stream().filter(a -> a instanceof Annotation.Recist).count());

            // Segment (S) with the FX thread monitored, then Accept (A)
            ResponsivenessTest.GapMonitor m = fx(ResponsivenessTest.GapMonitor::new);
            run(m::start);
            r.type(KeyCode.S);
            await("segmentation", 600, () -> w.state().proposal.get() != null || !w.ai().runningProperty().get());
            run(m::stop);
            assertTrue(fx(() -> w.state().proposal.get() != null), "no proposal: " + fx(w::lastMessage));
            double workMs = m.maxWork.get() / 1e6;
            System.out.printf(java.util.Locale.ROOT, "done-when: real-model segmentation of 7 slices: longest FX-thread CPU stretch"
                    + " %.1f ms, longest lock-blocked stretch %.1f ms, max pulse gap %.1f ms (%d probes, load per core %.2f)%n",
                    workMs, m.maxBlocked.get() / 1e6, m.maxGap.get() / 1e6, m.probes.get(), ResponsivenessTest.loadPerCore());
            System.out.print(m.hotSpots());
            assertTrue(m.probes.get() >= 20, "probes ran");
            assertTrue(workMs < 100, "FX thread busy " + workMs + " ms in one stretch");
            assertTrue(m.appLockWaits.isEmpty(),
                    "the FX thread never waits on an application lock:\n" + String.join("\n", m.appLockWaits));
            r.type(KeyCode.A);
            double dice = dice(d, truth);
            System.out.printf(java.util.Locale.ROOT, "done-when: Dice of the accepted result vs brain1_label: %.3f%n", dice);
            assertTrue(dice > 0.6, "Dice " + dice);

            // fix a slice with the brush: paint a blob on slice 14 inside the tumour's box
            run(() -> w.state().cz.set(14));
            r.type(KeyCode.D);
            long before = fx(() -> d.labels().count(1));
            int[] b = bbox(truth, 14);
            drag(r, Fx.axialScreen(w, b[0] + 3, (b[1] + b[3]) / 2.0), Fx.axialScreen(w, b[0] + 8, (b[1] + b[3]) / 2.0));
            assertTrue(fx(() -> d.labels().count(1)) >= before, "brush adds");
            assertTrue(fx(() -> d.history().undoDescription().orElse("")).equals("brush"));

            // export and check it in nibabel against the image
            Path out = userDir.resolve("brain1_tumour.nii.gz");
            run(() -> w.workspace().export(out, null));
            await("export", () -> Files.exists(ExportService.sidecarOf(out)) && !w.runner().busyProperty().get());
            ExportChecks.verify(out, Fx.brain1(), d);
            Fx.screenshot(w.scene(), "07-done-when-after-brush");
        } finally {
            run(w::shutdown);
        }
    }

    static double dice(Document d, Volume truth) {
        long inter = 0, a = 0, b = 0;
        for (int z = 0; z < truth.nz(); z++) {
            for (int y = 0; y < truth.ny(); y++) {
                for (int x = 0; x < truth.nx(); x++) {
                    boolean p = d.labels().get(x, y, z) == 1, t = truth.get(x, y, z) > 0;
                    inter += p && t ? 1 : 0;
                    a += p ? 1 : 0;
                    b += t ? 1 : 0;
                }
            }
        }
        return 2.0 * inter / (a + b);
    }
}
