package org.slicewise.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slicewise.core.volume.Geometry;

class LabelEditorTest {
    private final LabelTable table = new LabelTable();
    private final LabelMap map = new LabelMap(Geometry.axisAligned(512, 512, 40, 1, 1, 1));
    private final UndoHistory history = new UndoHistory();
    private final LabelEditor editor = new LabelEditor(map, table, history);

    private static byte[] disk(int r) {
        int d = 2 * r + 1;
        byte[] m = new byte[d * d];
        for (int y = 0; y < d; y++) {
            for (int x = 0; x < d; x++) {
                if ((x - r) * (x - r) + (y - r) * (y - r) <= r * r) {
                    m[y * d + x] = 1;
                }
            }
        }
        return m;
    }

    @Test
    void undoRedoRestoresExactlyAndStoresOnlyTheChangedRegion() {
        table.add("tumour");
        byte[] d = disk(5);
        long changed = editor.apply("brush", SlicePatch.fill(10, 100, 200, 11, 11, d, 1));
        assertEquals(81, changed); // 81 lattice points within radius 5
        assertEquals(81, map.count(1));
        // the delta covers the 11x11 disk's bounding box, not the 512x512x40 volume
        assertTrue(history.bytes() < 2_000, "undo delta too large: " + history.bytes());
        assertTrue(history.undo());
        assertEquals(0, map.count(1));
        assertTrue(history.redo());
        assertEquals(81, map.count(1));
        assertEquals(1, map.get(105, 205, 10));
        assertEquals(0, map.get(100, 200, 10)); // corner of the box is outside the disk
    }

    @Test
    void lockedLabelsAreNeverOverwritten() {
        LabelInfo organ = table.add("liver");
        table.add("tumour");
        editor.apply("liver", SlicePatch.fill(3, 0, 0, 10, 10, null, organ.id()));
        table.put(organ.withLocked(true));
        long changed = editor.apply("tumour", SlicePatch.fill(3, 5, 5, 10, 10, null, 2));
        assertEquals(100 - 25, changed);
        assertEquals(1, map.get(7, 7, 3));
        assertEquals(2, map.get(12, 12, 3));
        // erasing (label 0) does not touch the locked label either
        editor.apply("erase", SlicePatch.fill(3, 0, 0, 20, 20, null, 0));
        assertEquals(100, map.count(1));
        assertEquals(0, map.count(2));
    }

    @Test
    void oneStepForMultiSliceEditsAndNothingRecordedForNoOps() {
        table.add("a");
        List<SlicePatch> patches = new ArrayList<>();
        for (int z = 5; z < 15; z++) {
            patches.add(SlicePatch.fill(z, 10, 10, 4, 4, null, 1));
        }
        editor.apply("AI accept", patches);
        assertEquals(1, history.size());
        assertEquals(160, map.count(1));
        long v = editor.version();
        assertEquals(0, editor.apply("same again", patches));
        assertEquals(1, history.size());
        assertEquals(v, editor.version());
        history.undo();
        assertEquals(0, map.count(1));
        assertFalse(history.canUndo());
    }

    @Test
    void patchesAreClippedToTheSlice() {
        table.add("a");
        assertEquals(4, editor.apply("edge", SlicePatch.fill(0, 510, 510, 4, 4, null, 1)));
        assertEquals(0, editor.apply("outside", SlicePatch.fill(0, 600, 600, 4, 4, null, 1)));
    }

    @Test
    void historyIsBoundedByBytes() {
        UndoHistory small = new UndoHistory(1000, 10_000);
        LabelEditor e = new LabelEditor(new LabelMap(Geometry.axisAligned(100, 100, 10, 1, 1, 1)), table, small);
        table.add("a");
        for (int z = 0; z < 10; z++) {
            e.apply("fill " + z, SlicePatch.fill(z, 0, 0, 40, 40, null, 1)); // 6.4 kB per step
        }
        assertEquals(1, small.size());
        assertTrue(small.bytes() <= 10_000 || small.size() == 1);
    }
}
