package org.slicewise.core.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Geometry;

/** Snapshots copy only slices changed since the previous one, and are consistent while edits go on. */
class LabelSnapshotTest {
    private static final int N = 32;
    private final LabelMap map = new LabelMap(Geometry.axisAligned(N, N, 50, 1, 1, 1));
    private final LabelEditor editor = new LabelEditor(map, new LabelTable(), new UndoHistory());

    private static SlicePatch whole(int z, int label) {
        short[] v = new short[N * N];
        Arrays.fill(v, (short) label);
        return new SlicePatch(z, 0, 0, N, N, v, null);
    }

    @Test
    void copiesOnlySlicesChangedSinceThePreviousSnapshot() {
        editor.apply("a", List.of(whole(3, 1), whole(10, 2)));
        LabelSnapshot s1 = editor.snapshot();
        assertEquals(2, s1.copiedSlices(), "first snapshot copies the allocated slices only");
        assertEquals(N * N, s1.count(1));
        assertNull(s1.sliceOrNull(0));

        LabelSnapshot s2 = editor.snapshot();
        assertEquals(0, s2.copiedSlices(), "nothing changed: nothing copied");
        assertSame(s1.sliceOrNull(3), s2.sliceOrNull(3));
        assertSame(s1.sliceOrNull(10), s2.sliceOrNull(10));

        editor.apply("b", SlicePatch.fill(20, 0, 0, 2, 1, new byte[] {1, 1}, 5));
        LabelSnapshot s3 = editor.snapshot();
        assertEquals(1, s3.copiedSlices(), "one edited slice: one copy");
        assertSame(s2.sliceOrNull(3), s3.sliceOrNull(3));
        assertEquals(5, s3.get(1, 0, 20));
        assertNull(s2.sliceOrNull(20), "an older snapshot never changes");

        // an edit of an already copied slice copies it again and leaves the older copy intact
        editor.apply("c", SlicePatch.fill(3, 4, 4, 1, 1, new byte[] {1}, 7));
        LabelSnapshot s4 = editor.snapshot();
        assertEquals(1, s4.copiedSlices());
        assertEquals(7, s4.get(4, 4, 3));
        assertEquals(1, s3.get(4, 4, 3));
        assertArrayEquals(map.sliceCopy(3), s4.sliceCopy(3));

        // undo is a change too
        assertTrue(editor.history().undo());
        LabelSnapshot s5 = editor.snapshot();
        assertEquals(1, s5.copiedSlices());
        assertEquals(1, s5.get(4, 4, 3));
        assertEquals(editor.version(), s5.editorVersion());
    }

    @Test
    void anEditDuringTheSnapshotIsWhollyInIt() throws Exception {
        List<SlicePatch> ones = new ArrayList<>();
        for (int z = 0; z < 50; z++) {
            ones.add(whole(z, 1));
        }
        editor.apply("ones", ones);
        List<SlicePatch> twos = new ArrayList<>();
        for (int z = 0; z < 50; z++) {
            twos.add(whole(z, 2));
        }
        AtomicBoolean fired = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // halfway through the copy (between two slices, lock released), another thread edits every slice
        Progress midway = new Progress() {
            @Override
            public void update(double fraction, String message) {
                if (fraction >= 0.5 && fired.compareAndSet(false, true)) {
                    CountDownLatch done = new CountDownLatch(1);
                    Thread t = new Thread(() -> {
                        try {
                            editor.apply("twos", twos);
                        } catch (Throwable e) {
                            failure.set(e);
                        } finally {
                            done.countDown();
                        }
                    });
                    t.start();
                    try {
                        done.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public boolean isCancelled() { return false; }
        };
        LabelSnapshot s = editor.snapshot(midway);
        assertTrue(fired.get());
        assertNull(failure.get());
        for (int z = 0; z < 50; z++) {
            assertEquals(N * N, countOf(s.sliceOrNull(z), 2), "slice " + z + " reflects the edit made during the snapshot");
        }
        assertEquals(editor.version(), s.editorVersion());
    }

    @Test
    void snapshotsAreConsistentWhileAnotherThreadKeepsEditing() throws Exception {
        int slices = 8;
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch firstEdit = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread painter = new Thread(() -> {
            try {
                for (int k = 1; !stop.get(); k = k % 60000 + 1) {
                    List<SlicePatch> ps = new ArrayList<>();
                    for (int z = 0; z < slices; z++) {
                        ps.add(whole(z, k));
                    }
                    editor.apply("k", ps);
                    firstEdit.countDown();
                    // a brief pause between edits: the editor's monitor is not fair, and a painter that
                    // re-acquires it in a tight loop starves the snapshot thread (minutes per test run)
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                }
            } catch (Throwable e) {
                failure.set(e);
                firstEdit.countDown();
            }
        });
        painter.start();
        firstEdit.await();
        try {
            for (int i = 0; i < 300; i++) {
                LabelSnapshot s = editor.snapshot();
                short[] first = s.sliceOrNull(0);
                int k = first[0] & 0xFFFF;
                for (int z = 0; z < slices; z++) {
                    assertEquals(N * N, countOf(s.sliceOrNull(z), k), "snapshot " + i + " slice " + z + " torn or mixed");
                }
            }
        } finally {
            stop.set(true);
            painter.join();
        }
        assertNull(failure.get());
    }

    private static int countOf(short[] s, int label) {
        int c = 0;
        for (short v : s) {
            if ((v & 0xFFFF) == label) {
                c++;
            }
        }
        return c;
    }
}
