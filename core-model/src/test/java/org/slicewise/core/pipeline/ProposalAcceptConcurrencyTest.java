package org.slicewise.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.label.UndoHistory;
import org.slicewise.core.volume.Geometry;

/** {@link Proposal#accept} reads and writes the map atomically with respect to other editor calls. */
class ProposalAcceptConcurrencyTest {
    @Test
    void anEditLandingWhileAcceptWaitsIsReplacedNotKept() throws Exception {
        Geometry g = Geometry.axisAligned(20, 20, 3, 1, 1, 1);
        LabelTable table = new LabelTable();
        table.add("Tumour"); // label 1
        LabelEditor editor = new LabelEditor(new LabelMap(g), table, new UndoHistory());
        // the proposal: label 1 on a 4x4 square of slice 1 (label 1 was planned there)
        short[] sq = new short[16];
        java.util.Arrays.fill(sq, (short) 1);
        TreeMap<Integer, SliceResult> slices = new TreeMap<>();
        slices.put(1, new SliceResult(1, 2, 2, 4, 4, sq, new int[] {1}, Map.of(1, 0.9f)));
        Proposal p = new Proposal(g, slices, List.of(1), new RunStats(1, 1, 1, 1, 1, 0, 0, 0));

        AtomicLong changed = new AtomicLong(-1);
        Thread accepting;
        synchronized (editor) {
            accepting = new Thread(() -> changed.set(p.accept(editor, "AI")));
            accepting.start();
            // wait (no time limit) until the accepting thread is blocked on the editor
            while (accepting.getState() != Thread.State.BLOCKED) {
                if (!accepting.isAlive()) {
                    throw new AssertionError("accept did not wait for the editor lock");
                }
                Thread.onSpinWait();
            }
            // another thread's edit lands now: label 1 painted at (15, 15) of slice 1, outside the proposal
            editor.apply("paint", SlicePatch.fill(1, 15, 15, 1, 1, new byte[] {1}, 1));
        }
        accepting.join();
        // accepting replaces the planned label's voxels on that slice: the late voxel is gone too
        assertEquals(0, editor.map().sliceOrNull(1)[15 + 15 * 20], "an edit made before accept ran survived the replace");
        assertEquals(1, editor.map().sliceOrNull(1)[3 + 3 * 20]);
        assertEquals(17, changed.get(), "16 voxels painted + 1 cleared");
    }
}
