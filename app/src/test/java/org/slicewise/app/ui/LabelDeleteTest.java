package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slicewise.app.ui.Fx.await;
import static org.slicewise.app.ui.Fx.fx;
import static org.slicewise.app.ui.Fx.run;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slicewise.app.ui.ai.AiBackend;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The labels panel's "−" (delete label) through the real window: the voxel count and the erase scan
 * run on a worker, the question shows the count, the erase is one undo step that leaves other labels
 * alone (also when an edit lands after the scan) and Ctrl+Z brings the voxels back.
 */
@ExtendWith(ApplicationExtension.class)
class LabelDeleteTest {
    private static final int NZ = 30;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private MainWindow w;
    private Document d;

    @Start
    void start(Stage stage) throws Exception {
        w = Fx.show(stage, Fx.services(Files.createTempDirectory("sw-labeldel"), AiBackend.none("test")), dialogs);
        Geometry g = Geometry.axisAligned(96, 80, NZ, 1, 1, 2);
        d = Document.fresh(Volume.allocate(g, VoxelType.INT16, VolumeMetadata.of("CT", "test")), null);
        d.table().add("Node");
        w.opened(new DocumentLoader.Loaded(d, DisplayWindow.CT_SOFT_TISSUE));
    }

    private void rect(int z, int x0, int y0, int width, int height, int label) {
        byte[] m = new byte[width * height];
        Arrays.fill(m, (byte) 1);
        d.editor().apply("paint", SlicePatch.fill(z, x0, y0, width, height, m, label));
    }

    private short[][] labels() {
        return fx(() -> {
            short[][] out = new short[NZ][];
            for (int z = 0; z < NZ; z++) {
                out[z] = d.labels().sliceCopy(z);
            }
            return out;
        });
    }

    private static short[][] without(short[][] map, int label) {
        short[][] out = new short[map.length][];
        for (int z = 0; z < map.length; z++) {
            out[z] = map[z].clone();
            for (int i = 0; i < out[z].length; i++) {
                if (out[z][i] == label) {
                    out[z][i] = 0;
                }
            }
        }
        return out;
    }

    private void assertLabels(short[][] expected, String what) {
        short[][] now = labels();
        for (int z = 0; z < NZ; z++) {
            assertArrayEquals(expected[z], now[z], what + ": slice " + z);
        }
    }

    @Test
    void deletesOffTheFxThreadAsOneUndoStepAndKeepsOtherLabels(FxRobot r) {
        // label 1 "Tumour" on slices 4, 12 and 25; label 2 "Node" over part of it on 12 and alone on 18
        run(() -> {
            rect(4, 10, 10, 20, 10, 1);
            rect(12, 50, 60, 30, 5, 1);
            rect(25, 0, 0, 5, 5, 1);
            rect(12, 45, 55, 8, 8, 2);
            rect(18, 30, 30, 6, 6, 2);
            w.state().activeLabel.set(1);
        });
        long n = fx(() -> d.labels().count(1));
        assertEquals(200 + 150 - 3 * 3 + 25, n, "hand count of label 1");
        long node = fx(() -> d.labels().count(2));
        short[][] painted = labels();
        int steps = fx(() -> d.history().size());

        // "No": nothing changes
        dialogs.confirmAnswer = false;
        r.clickOn("#deleteLabel");
        await("question asked", () -> dialogs.asked.size() == 1 && !w.runner().busyProperty().get());
        assertEquals("confirm: Delete 'Tumour' and erase its " + n + " voxel(s)?", fx(() -> dialogs.asked.get(0)));
        assertLabels(painted, "declined");
        assertTrue(fx(() -> d.table().get(1).isPresent()));
        assertEquals(steps, (int) fx(() -> d.history().size()));

        // "Yes", with edits landing after the scan (while the question is open): label 2 painted over
        // label-1 voxels on slice 4, and label 1 added on slice 20, which held nothing at the scan
        dialogs.confirmAnswer = true;
        short[][][] atApply = new short[1][][];
        dialogs.onConfirm = () -> {
            rect(4, 10, 10, 2, 2, 2);
            rect(20, 60, 10, 3, 4, 1);
            atApply[0] = new short[NZ][];
            for (int z = 0; z < NZ; z++) {
                atApply[0][z] = d.labels().sliceCopy(z);
            }
        };
        run(() -> w.state().activeLabel.set(1));
        r.clickOn("#deleteLabel");
        await("label deleted", () -> d.table().get(1).isEmpty());
        assertEquals(2, dialogs.asked.size());
        assertEquals("confirm: Delete 'Tumour' and erase its " + n + " voxel(s)?", fx(() -> dialogs.asked.get(1)));
        assertNotNull(atApply[0]);

        assertEquals(0, (long) fx(() -> d.labels().count(1)), "every voxel of label 1 erased, also the one added after the scan");
        assertEquals(node + 4, (long) fx(() -> d.labels().count(2)), "label 2 intact, including what was painted after the scan");
        assertLabels(without(atApply[0], 1), "exactly label 1 erased");
        assertEquals(steps + 2 + 1, (int) fx(() -> d.history().size()), "two edits in the question + one step for the erase");
        assertEquals("delete label Tumour", fx(() -> d.history().undoDescription().orElse("")));
        assertEquals(List.of(2), fx(() -> d.table().labels().stream().map(l -> l.id()).toList()));
        assertEquals(2, (int) fx(() -> w.state().activeLabel.get()));

        // the count and the scan ran on a TaskRunner worker, not on the FX thread
        Thread scan = fx(() -> w.labelPanel().lastScanThread());
        Thread fxThread = fx(Thread::currentThread);
        assertNotNull(scan);
        assertNotSame(fxThread, scan);
        assertTrue(scan.getName().startsWith("slicewise-worker-"), scan.getName());

        // Ctrl+Z: the voxels are back exactly as they were when the erase was applied
        r.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertLabels(atApply[0], "undo");
        assertEquals(n - 4 + 12, (long) fx(() -> d.labels().count(1)));
    }
}
