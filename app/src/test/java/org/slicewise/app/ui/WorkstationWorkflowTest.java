package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slicewise.app.ui.Fx.await;
import static org.slicewise.app.ui.Fx.fx;
import static org.slicewise.app.ui.Fx.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slicewise.app.ui.ai.AiBackend;
import org.slicewise.app.ui.ai.Proposal;
import org.slicewise.app.ui.io.ExportService;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.volume.DisplayWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The issue's "done when" workflow, driven through the real UI with the robot: open brain1, scroll,
 * change the window, draw a box and a RECIST marker, segment (fast fake model), accept, brush,
 * undo/redo, export (verified with nibabel and VolumeIO), save and reopen the session.
 */
@ExtendWith(ApplicationExtension.class)
class WorkstationWorkflowTest {
    private MainWindow w;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final FakeSegmenter fake = new FakeSegmenter(2);
    private Path userDir;

    @Start
    void start(Stage stage) throws Exception {
        userDir = Files.createTempDirectory("sw-ui");
        w = Fx.show(stage, Fx.services(userDir, AiBackend.of(fake)), dialogs);
    }

    private Document doc() { return fx(() -> w.state().document.get()); }

    private void drag(FxRobot r, Point2D a, Point2D b, MouseButton button) {
        r.moveTo(a).press(button);
        r.moveTo(new Point2D((a.getX() + b.getX()) / 2, (a.getY() + b.getY()) / 2));
        r.moveTo(b).release(button);
    }

    @Test
    void annotateSegmentAcceptBrushUndoExportAndReopen(FxRobot r) throws Exception {
        Fx.screenshot(w.scene(), "01-empty");
        Path image = Fx.brain1();
        Fx.open(w, image);
        Document d = doc();
        assertEquals(256, d.volume().nx());
        assertEquals(25, d.volume().nz());
        assertEquals(12, (int) fx(() -> w.state().cz.get()), "opens on the middle slice");
        // the axial view shows anterior at the top for brain1 (j axis points anterior)
        assertEquals(List.of("R", "L", "A", "P"), List.of(fx(() -> w.axialView().mapping().edgeLetters())));

        // scroll: wheel and keys
        r.moveTo(w.axialView()).scroll(VerticalDirection.UP);
        await("wheel scrolls", () -> w.state().cz.get() != 12);
        int afterWheel = fx(() -> w.state().cz.get());
        assertEquals(1, Math.abs(afterWheel - 12));
        r.type(KeyCode.UP);
        assertEquals(afterWheel + 1, (int) fx(() -> w.state().cz.get()));
        r.type(KeyCode.PAGE_DOWN);
        assertEquals(afterWheel + 1 - 2, (int) fx(() -> w.state().cz.get()), "page = nz/10 slices");

        // window: right-drag widens; preset keys
        DisplayWindow before = fx(() -> w.state().window.get());
        drag(r, Fx.axialScreen(w, 128, 128), Fx.axialScreen(w, 128, 128).add(60, 0), MouseButton.SECONDARY);
        DisplayWindow after = fx(() -> w.state().window.get());
        assertTrue(after.width() > before.width(), "right-drag to the right widens the window: " + before + " -> " + after);
        r.type(KeyCode.DIGIT2);
        assertEquals(DisplayWindow.CT_SOFT_TISSUE, fx(() -> w.state().window.get()));
        r.type(KeyCode.DIGIT6);
        await("MR auto window", () -> !w.state().window.get().equals(DisplayWindow.CT_SOFT_TISSUE));
        Fx.screenshot(w.scene(), "02-volume-open");

        // box on slice 13
        run(() -> w.state().cz.set(13));
        r.type(KeyCode.B);
        drag(r, Fx.axialScreen(w, 160, 82), Fx.axialScreen(w, 210, 114), MouseButton.PRIMARY);
        List<Annotation> prompts = fx(() -> d.annotations().all());
        assertEquals(1, prompts.size());
        Annotation.Box box = (Annotation.Box) prompts.get(0);
        assertEquals(13, box.z());
        assertEquals(160, box.box().x0(), 1.0);
        assertEquals(82, box.box().y0(), 1.0);
        assertEquals(210, box.box().x1(), 1.0);
        assertEquals(114, box.box().y1(), 1.0);

        // RECIST on slice 16: long axis, then the short axis
        run(() -> w.state().cz.set(16));
        r.type(KeyCode.M);
        drag(r, Fx.axialScreen(w, 162, 100), Fx.axialScreen(w, 206, 100), MouseButton.PRIMARY);
        drag(r, Fx.axialScreen(w, 184, 86), Fx.axialScreen(w, 184, 115), MouseButton.PRIMARY);
        Annotation.Recist rec = fx(() -> d.annotations().onSlice(16)).stream().filter(a -> a instanceof Annotation.Recist)
                .map(a -> (Annotation.Recist) a).findFirst().orElseThrow();
        assertEquals(44 * 0.78125, rec.longMm(0.78125, 0.78125), 1.0);
        assertEquals(30 * 0.78125, rec.shortMm(0.78125, 0.78125), 1.0);

        // segment (S) -> proposal over slices 13..16 inside the interpolated boxes
        r.type(KeyCode.S);
        await("proposal", () -> w.state().proposal.get() != null);
        Proposal p = fx(() -> w.state().proposal.get());
        for (int z = 0; z < 25; z++) {
            assertEquals(z >= 13 && z <= 16, p.covers(z), "slice " + z + " covered");
            assertEquals(z >= 13 && z <= 16, !Float.isNaN(p.confidence(z)), "confidence on slice " + z);
        }
        assertTrue(p.voxelCount() > 200, "fake model finds the bright tumour: " + p.voxelCount());
        assertEquals(0, fx(() -> d.labels().count(1)), "a proposal is not yet in the label map");
        run(() -> {
            w.state().cx.set(186);
            w.state().cy.set(100);
        });
        Fx.screenshot(w.scene(), "03-proposal");

        // accept (A): one undo step, voxels equal the proposal, autosave written
        int stepsBefore = fx(() -> d.history().size());
        r.type(KeyCode.A);
        assertEquals(p.voxelCount(), (long) fx(() -> d.labels().count(1)));
        assertEquals(stepsBefore + 1, (int) fx(() -> d.history().size()));
        assertTrue(fx(() -> d.history().undoDescription().orElse("")).startsWith("AI segment"));
        await("autosave after accept", () -> Files.exists(w.autosave().file()));
        Fx.screenshot(w.scene(), "04-accepted-with-confidence");
        // the confidence strip: clicking slice 14's cell jumps there
        Point2D cell = fx(() -> w.confidenceStrip().localToScreen(ConfidenceStrip.WIDTH / 2, w.confidenceStrip().yOf(14)));
        r.moveTo(cell).clickOn(MouseButton.PRIMARY);
        assertEquals(14, (int) fx(() -> w.state().cz.get()), "strip click jumps to the slice");
        assertEquals(List.of(image.toAbsolutePath().normalize()), fx(() -> w.workspace().recent().list()), "recent files");

        // moving the box re-runs only the slices it affects
        long decodesBefore = fake.decoderCalls();
        run(() -> d.annotations().replace(box, box.moved(2, 0)));
        run(() -> w.ai().rerunChanged());
        await("re-run", () -> w.state().proposal.get() != null && !w.ai().runningProperty().get());
        long rerun = fake.decoderCalls() - decodesBefore;
        assertEquals(3, rerun, "box on 13 moved: slices 13, 14, 15 change plan, 16 (RECIST keyframe) does not");
        r.type(KeyCode.ESCAPE);
        assertEquals(null, fx(() -> w.state().proposal.get()));
        run(() -> w.undo()); // undo the move
        assertEquals(160, ((Annotation.Box) fx(() -> d.annotations().onSlice(13)).get(0)).box().x0(), 1.0);

        // brush on slice 5 (empty so far), then undo/redo through the keyboard
        run(() -> w.state().cz.set(5));
        r.type(KeyCode.D);
        long labelled = fx(() -> d.labels().count(1));
        drag(r, Fx.axialScreen(w, 100, 100), Fx.axialScreen(w, 120, 100), MouseButton.PRIMARY);
        long painted = fx(() -> d.labels().count(1)) - labelled;
        assertTrue(painted > 100, "brush painted " + painted);
        assertTrue(fx(() -> d.labels().get(110, 100, 5)) == 1);
        r.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertEquals(labelled, (long) fx(() -> d.labels().count(1)), "undo brush");
        r.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        assertEquals(labelled + painted, (long) fx(() -> d.labels().count(1)), "redo brush");
        run(() -> w.undo());
        run(() -> w.undo()); // the AI accept
        assertEquals(0, (long) fx(() -> d.labels().count(1)), "undo AI accept");
        run(() -> w.redo());
        run(() -> w.redo());
        assertEquals(labelled + painted, (long) fx(() -> d.labels().count(1)));

        // export and verify voxels + geometry
        Path out = userDir.resolve("export/brain1_labels.nii.gz");
        run(() -> w.workspace().export(out, null));
        await("export", () -> Files.exists(ExportService.sidecarOf(out)) && !w.runner().busyProperty().get());
        ExportChecks.verify(out, image, d);

        // save the session, reopen it, and compare
        Path session = userDir.resolve("s1.swsession");
        run(() -> w.workspace().saveSession(session, null));
        await("session saved", () -> Files.exists(session) && !d.dirty());
        List<Annotation> savedPrompts = fx(() -> d.annotations().all());
        short[] savedSlice = fx(() -> d.labels().sliceCopy(14));
        Fx.open(w, session);
        Document d2 = doc();
        assertFalse(d2 == d);
        assertEquals(savedPrompts.size(), d2.annotations().all().size());
        assertTrue(d2.annotations().all().containsAll(savedPrompts));
        assertTrue(java.util.Arrays.equals(savedSlice, d2.labels().sliceCopy(14)));
        assertEquals(labelled + painted, d2.labels().count(1));
        assertTrue(dialogs.errors.isEmpty(), "no error dialogs: " + dialogs.errors);
    }

    @Test
    void opensADicomFolderAsCtWithHuUnderTheCursor(FxRobot r) throws Exception {
        Path dir = org.slicewise.app.TestData.data("totalsegmentator/example_ct_dicom");
        Fx.open(w, dir);
        Document d = doc();
        assertEquals(List.of(512, 512, 20), List.of(d.volume().nx(), d.volume().ny(), d.volume().nz()));
        assertEquals("CT", d.volume().metadata().modality());
        assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
        // the status bar reports HU under the mouse (air outside the body is about -1000 HU)
        r.moveTo(Fx.axialScreen(w, 5, 5));
        String hover = fx(() -> w.state().hover.get());
        var mt = java.util.regex.Pattern.compile("voxel \\((\\d+), (\\d+), (\\d+)\\)").matcher(hover);
        assertTrue(mt.find(), hover);
        int hx = Integer.parseInt(mt.group(1)), hy = Integer.parseInt(mt.group(2)), hz = Integer.parseInt(mt.group(3));
        assertTrue(Math.abs(hx - 5) <= 1 && Math.abs(hy - 5) <= 1 && hz == 10, hover);
        double hu = d.volume().get(hx, hy, hz);
        assertTrue(hu < -900, "corner voxel is air: " + hu);
        assertTrue(hover.contains("value " + (long) hu + " HU"), hover);
        double[] lps = d.volume().geometry().voxelToPatient(hx, hy, hz);
        assertTrue(hover.contains(String.format(java.util.Locale.ROOT, "LPS (%.1f, %.1f, %.1f) mm", lps[0], lps[1], lps[2])), hover);
        r.type(KeyCode.DIGIT3);
        assertEquals(DisplayWindow.CT_LUNG, fx(() -> w.state().window.get()));
        Fx.screenshot(w.scene(), "05-ct-dicom-lung-window");
    }

    @Test
    void badFileShowsOneLineReasonAndKeepsCurrentWork(FxRobot r) throws Exception {
        Fx.open(w, Fx.brain1());
        Document d = doc();
        Path bad = userDir.resolve("broken.nrrd");
        Files.writeString(bad, "NRRD0004\ntype: what\n\n garbage");
        run(() -> w.open(bad));
        await("error dialog", () -> !dialogs.errors.isEmpty());
        assertEquals(1, dialogs.errors.size());
        String msg = dialogs.errors.get(0);
        assertTrue(msg.contains("broken.nrrd"), msg);
        assertFalse(msg.contains("\n"), "one line: " + msg);
        assertTrue(d == doc(), "the current document stays open");
    }

    @Test
    void pointsThenSelectMoveAndDeleteThroughTheKeyboard(FxRobot r) {
        Fx.open(w, Fx.brain1());
        Document d = doc();
        run(() -> w.state().cz.set(14));
        r.type(KeyCode.P);
        r.moveTo(Fx.axialScreen(w, 185, 100)).clickOn(MouseButton.PRIMARY);
        r.type(KeyCode.N);
        r.moveTo(Fx.axialScreen(w, 150, 60)).clickOn(MouseButton.PRIMARY);
        List<Annotation> pts = fx(() -> d.annotations().onSlice(14));
        assertEquals(2, pts.size());
        Annotation.Point pos = (Annotation.Point) pts.get(0), neg = (Annotation.Point) pts.get(1);
        assertTrue(pos.point().positive() && !neg.point().positive());
        assertEquals(185, pos.point().x(), 1.0);
        assertEquals(60, neg.point().y(), 1.0);
        // select the positive point and drag it 10 voxels to the right: one "move" step
        r.type(KeyCode.V);
        drag(r, Fx.axialScreen(w, pos.point().x(), pos.point().y()), Fx.axialScreen(w, pos.point().x() + 10, pos.point().y()),
                MouseButton.PRIMARY);
        Annotation.Point moved = (Annotation.Point) fx(() -> d.annotations().all()).stream().filter(a -> a.id() == pos.id())
                .findFirst().orElseThrow();
        assertEquals(pos.point().x() + 10, moved.point().x(), 1.0);
        assertEquals("move positive point", fx(() -> d.history().undoDescription().orElse("")));
        r.type(KeyCode.DELETE);
        assertEquals(1, fx(() -> d.annotations().all()).size(), "Delete removes the selected prompt");
        r.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertEquals(2, fx(() -> d.annotations().all()).size(), "undo restores it");
    }

    @Test
    void labelPanelAddRenameLockReorderAndLockProtectsFromBrush(FxRobot r) {
        Fx.open(w, Fx.brain1());
        Document d = doc();
        r.clickOn("#addLabel");
        assertEquals(2, fx(() -> d.table().labels().size()));
        assertEquals(2, (int) fx(() -> w.state().activeLabel.get()));
        run(() -> w.labelPanel().update(d.table().get(2).orElseThrow().withName("Node").withLocked(true)));
        assertEquals("Node", fx(() -> d.table().get(2).orElseThrow().name()));
        // paint label 1, lock it, then the eraser leaves it alone
        run(() -> w.state().activeLabel.set(1));
        r.type(KeyCode.D);
        drag(r, Fx.axialScreen(w, 60, 60), Fx.axialScreen(w, 70, 60), MouseButton.PRIMARY);
        long n = fx(() -> d.labels().count(1));
        assertTrue(n > 0);
        run(() -> w.labelPanel().update(d.table().get(1).orElseThrow().withLocked(true)));
        r.type(KeyCode.E);
        drag(r, Fx.axialScreen(w, 60, 60), Fx.axialScreen(w, 70, 60), MouseButton.PRIMARY);
        assertEquals(n, (long) fx(() -> d.labels().count(1)), "locked label is never overwritten");
        run(() -> d.table().move(2, 0));
        assertEquals(2, fx(() -> d.table().labels().get(0).id()));
    }
}
