package org.slicewise.core.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Geometry;

/** Deleting a label: the erase plan built from a snapshot, refreshed for later edits, applied as one undo step. */
class LabelErasureTest {
    private static final int NX = 64, NY = 48, NZ = 12;
    private final LabelTable table = new LabelTable();
    private final LabelMap map = new LabelMap(Geometry.axisAligned(NX, NY, NZ, 1, 1, 1));
    private final LabelEditor editor = new LabelEditor(map, table, new UndoHistory());

    LabelErasureTest() {
        table.add("one");
        table.add("two");
        table.add("three");
    }

    private void rect(int z, int x0, int y0, int w, int h, int label) {
        editor.apply("paint", SlicePatch.fill(z, x0, y0, w, h, ones(w * h), label));
    }

    private static byte[] ones(int n) {
        byte[] m = new byte[n];
        java.util.Arrays.fill(m, (byte) 1);
        return m;
    }

    /** Label 1 on slices 2 and 5 (two blobs on 2), label 2 overlapping it on 2 and alone on 7, label 3 on 9. */
    private void paintScene() {
        rect(2, 10, 10, 8, 6, 1);
        rect(2, 40, 30, 3, 3, 1);
        rect(2, 14, 12, 10, 10, 2); // overwrites part of the first label-1 blob
        rect(5, 0, 0, 5, 2, 1);
        rect(7, 20, 20, 6, 6, 2);
        rect(9, 30, 5, 4, 4, 3);
    }

    private short[][] copyAll() {
        short[][] out = new short[NZ][];
        for (int z = 0; z < NZ; z++) {
            out[z] = map.sliceCopy(z);
        }
        return out;
    }

    /** The map as expected after erasing {@code label} from {@code before}. */
    private static short[][] without(short[][] before, int label) {
        short[][] out = new short[NZ][];
        for (int z = 0; z < NZ; z++) {
            out[z] = before[z].clone();
            for (int i = 0; i < out[z].length; i++) {
                if (out[z][i] == label) {
                    out[z][i] = 0;
                }
            }
        }
        return out;
    }

    private void assertMap(short[][] expected, String what) {
        for (int z = 0; z < NZ; z++) {
            assertArrayEquals(expected[z], map.sliceCopy(z), what + ": slice " + z);
        }
    }

    @Test
    void onlySlicesHoldingTheLabelGetTightMaskedPatches() {
        paintScene();
        long expected = map.count(1);
        LabelErasure plan = LabelErasure.scan(editor.snapshot(), 1, Progress.NONE);
        assertEquals(expected, plan.voxels());
        assertEquals(48 - 4 * 4 + 9 + 10, expected, "hand count: 8x6 blob less its 4x4 overlap, 3x3 blob, 5x2 blob");
        assertEquals(2, plan.slices());
        List<SlicePatch> p = plan.patches();
        assertEquals(List.of(2, 5), p.stream().map(SlicePatch::z).toList(), "patches only for slices holding label 1");
        // slice 2: bounding rectangle of both blobs, value 0, mask exactly on label-1 voxels
        SlicePatch s2 = p.get(0);
        assertEquals(List.of(10, 10, 33, 23), List.of(s2.x0(), s2.y0(), s2.w(), s2.h()));
        for (int y = 0; y < s2.h(); y++) {
            for (int x = 0; x < s2.w(); x++) {
                int o = y * s2.w() + x;
                assertEquals(0, s2.values()[o]);
                assertEquals(map.get(s2.x0() + x, s2.y0() + y, 2) == 1 ? 1 : 0, s2.mask()[o], "mask at " + x + "," + y);
            }
        }
        assertNull(LabelErasure.patchFor(null, 0, NX, NY, 1), "an empty slice has no patch");
        assertNull(LabelErasure.patchFor(map.sliceOrNull(7), 7, NX, NY, 1), "a slice of other labels has no patch");
    }

    @Test
    void eraseIsOneUndoStepThatTouchesNoOtherLabelAndUndoRestoresExactly() {
        paintScene();
        short[][] before = copyAll();
        long n = map.count(1);
        LabelErasure plan = LabelErasure.scan(editor, 1, Progress.NONE);
        int steps = editor.history().size();
        long bytesBefore = editor.history().bytes();

        assertEquals(n, editor.eraseLabel("delete label one", plan));
        assertEquals(0, map.count(1));
        assertMap(without(before, 1), "label 1 erased, labels 2 and 3 intact");
        assertEquals(steps + 1, editor.history().size(), "one undo step");
        assertEquals("delete label one", editor.history().undoDescription().orElseThrow());
        // the delta holds the two slices' label rectangles only (33x23 + 5x2 shorts, twice), no volume copy
        long delta = editor.history().bytes() - bytesBefore;
        assertTrue(delta < 4L * (33 * 23 + 5 * 2) + 200, "undo delta " + delta + " bytes");

        assertTrue(editor.history().undo());
        assertMap(before, "undo restores every voxel");
        assertTrue(editor.history().redo());
        assertMap(without(before, 1), "redo erases again");
    }

    @Test
    void editsAfterTheSnapshotAreRescannedAndNeverEraseAnotherLabel() {
        paintScene();
        LabelErasure plan = LabelErasure.scan(editor, 1, Progress.NONE);
        long scanned = plan.voxels();
        // after the scan: label 2 painted over label-1 voxels of slice 2, label 1 added on slice 5 outside
        // the scanned rectangle and on slice 8 (empty at the snapshot), label 3 added on slice 9
        rect(2, 10, 10, 2, 2, 2);
        rect(5, 50, 40, 3, 3, 1);
        rect(8, 1, 1, 4, 1, 1);
        rect(9, 0, 0, 1, 1, 3);
        short[][] before = copyAll();

        LabelErasure fresh = editor.refresh(plan);
        assertEquals(map.count(1), fresh.voxels(), "refreshed count is the live count");
        assertEquals(scanned - 4 + 9 + 4, fresh.voxels());
        assertEquals(4, fresh.rescannedSlices(), "only the four edited slices are rescanned");
        assertEquals(List.of(2, 5, 8), fresh.patches().stream().map(SlicePatch::z).toList());
        assertSame(fresh, editor.refresh(fresh), "nothing changed since: same plan");
        assertEquals(5 * 2, plan.patches().get(1).mask().length, "the stale plan itself is unchanged");

        // apply the stale plan: the editor refreshes it under its lock
        assertEquals(map.count(1), editor.eraseLabel("delete", plan));
        assertEquals(0, map.count(1));
        assertMap(without(before, 1), "exactly the label's voxels at apply time; label 2 over the old blob survives");
        assertEquals(2, map.get(10, 10, 2));
        assertTrue(editor.history().undo());
        assertMap(before, "undo restores the state at apply time");
    }

    @Test
    void undoAfterTheSnapshotCountsAsAChange() {
        rect(3, 5, 5, 4, 4, 1);
        LabelErasure plan = LabelErasure.scan(editor, 1, Progress.NONE);
        assertTrue(editor.history().undo());
        assertEquals(0, editor.refresh(plan).voxels());
        assertEquals(0, editor.eraseLabel("delete", plan));
        assertEquals(0, editor.history().size(), "nothing erased: no undo step");
    }

    @Test
    void scanIsCancellable() {
        paintScene();
        Progress cancelled = new Progress() {
            @Override
            public void update(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() { return true; }
        };
        assertThrows(CancellationException.class, () -> LabelErasure.scan(editor.snapshot(), 1, cancelled));
    }
}
