package org.slicewise.app.ui.unit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.app.ui.ai.PromptAdapter;
import org.slicewise.app.ui.io.SessionIO;
import org.slicewise.app.ui.measure.Measurements;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.BadInputException;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

/** Prompt store undo, prompt → pipeline objects, measurements on masks, session round trip. */
class ModelAndIoTest {
    static Document doc() {
        Volume v = Volume.allocate(new Geometry(new int[] {64, 48, 10}, new double[] {0.5, 0.5, 2}, new double[] {1, 2, 3},
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}), VoxelType.INT16, null);
        return Document.fresh(v, Path.of("/nonexistent/img.nii.gz"));
    }

    @Test
    void promptEditsShareTheUndoHistoryWithLabelEdits() {
        Document d = doc();
        var s = d.annotations();
        Annotation.Box b = new Annotation.Box(s.nextId(), 1, 3, new BoxPrompt(1, 2, 10, 12));
        s.add(b);
        d.editor().apply("paint", SlicePatch.fill(3, 0, 0, 2, 2, new byte[] {1, 1, 1, 1}, 1));
        s.replace(b, b.moved(5, 0));
        assertEquals(6, ((Annotation.Box) s.all().get(0)).box().x0(), 1e-9);
        d.history().undo(); // move
        assertEquals(1, ((Annotation.Box) s.all().get(0)).box().x0(), 1e-9);
        d.history().undo(); // paint
        assertEquals(0, d.labels().count(1));
        d.history().undo(); // add
        assertTrue(s.all().isEmpty());
        d.history().redo();
        assertEquals(1, s.all().size());
        assertTrue(d.dirty());
    }

    @Test
    void promptsBecomeKeyframesAndPointsPerObject() {
        Document d = doc();
        var s = d.annotations();
        s.add(new Annotation.Box(s.nextId(), 1, 2, new BoxPrompt(1, 1, 9, 9)));
        s.add(new Annotation.Recist(s.nextId(), 1, 6, 10, 10, 30, 10, 20, 5, 20, 15));
        s.add(new Annotation.Point(s.nextId(), 1, 4, new PointPrompt(5, 5, false)));
        s.add(new Annotation.Box(s.nextId(), 2, 5, new BoxPrompt(2, 2, 4, 4)));
        var objs = PromptAdapter.objects(s.all(), d.table(), Set.of(1));
        assertEquals(1, objs.size());
        var o = objs.get(0);
        assertEquals(Set.of(2, 6), o.keyframes().keySet());
        assertTrue(o.keyframes().get(6).isMarker());
        assertEquals(20, o.keyframes().get(6).marker().longAxis().length(), 1e-9);
        assertEquals(1, o.points().size());
        assertEquals(false, o.points().get(0).point().positive());
        // a RECIST marker's short axis through the long axis' midpoint, perpendicular
        var r = new Annotation.Recist(1, 1, 0, 0, 0, 10, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN).withShortThrough(3, 4);
        assertEquals(5, r.bx0(), 1e-9);
        assertEquals(-4, r.by0(), 1e-9);
        assertEquals(4, r.by1(), 1e-9);
        assertEquals(8 * 0.5, r.shortMm(0.5, 0.5), 1e-9);
    }

    @Test
    void measurementsOfADiskStack() {
        Document d = doc();
        int rad = 10; // voxels (0.5 mm) -> 10 mm diameter disk
        for (int z = 2; z <= 4; z++) {
            byte[] m = new byte[64 * 48];
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    if ((x - 30) * (x - 30) + (y - 24) * (y - 24) <= rad * rad) {
                        m[x + 64 * y] = 1;
                    }
                }
            }
            d.editor().apply("disk", SlicePatch.fill(z, 0, 0, 64, 48, m, 1));
        }
        var r = Measurements.measure(d.labels(), 1);
        assertEquals(r.voxels() * 0.5 * 0.5 * 2 / 1000.0, r.volumeMl(), 1e-12);
        assertEquals(3 * 317, r.voxels()); // lattice points in a radius-10 disk
        assertEquals(10.0, r.longMm(), 0.01, "diameter between boundary voxel centres: 20 voxels");
        assertEquals(10.0, r.shortMm(), 0.6);
        assertEquals(0, Measurements.measure(d.labels(), 2).voxels());
    }

    @Test
    void sessionRoundTripAndBadFiles(@TempDir Path tmp) throws Exception {
        Document d = doc();
        d.annotations().add(new Annotation.Recist(d.annotations().nextId(), 1, 6, 10, 10, 30, 10, 20, 5, 20, 15));
        d.annotations().add(new Annotation.Point(d.annotations().nextId(), 1, 4, new PointPrompt(5, 6, true)));
        d.table().add("Node");
        d.editor().apply("p", SlicePatch.fill(7, 3, 4, 2, 2, new byte[] {1, 0, 1, 1}, 2));
        Path f = tmp.resolve("a.swsession");
        SessionIO.write(SessionIO.snapshot(d, new DisplayWindow(40, 400)), f);
        SessionIO.Session s = SessionIO.read(f);
        assertEquals(d.source().toAbsolutePath(), s.volume());
        assertTrue(s.geometry().sameGrid(d.volume().geometry(), 1e-9));
        assertEquals(d.annotations().all(), s.prompts());
        assertEquals(d.table().labels(), s.table().labels());
        assertEquals(new DisplayWindow(40, 400), s.window());
        LabelMap m = SessionIO.readLabels(f, d.volume().geometry());
        assertArrayEquals(d.labels().sliceCopy(7), m.sliceCopy(7));
        assertNull(m.sliceOrNull(0));
        assertEquals(3, m.count(2));
        // a session on another grid, a non-session file, a truncated file: one-line errors
        Geometry other = Geometry.axisAligned(10, 10, 10, 1, 1, 1);
        var e = assertThrows(BadInputException.class, () -> SessionIO.readLabels(f, other));
        assertTrue(e.getMessage().contains("a.swsession") && e.getMessage().contains("64x48x10"), e.getMessage());
        Path junk = tmp.resolve("junk.swsession");
        Files.writeString(junk, "not a zip");
        assertThrows(java.io.IOException.class, () -> SessionIO.read(junk));
        // writes are atomic: no temp files left behind
        try (var l = Files.list(tmp)) {
            assertEquals(List.of("a.swsession", "junk.swsession"), l.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
