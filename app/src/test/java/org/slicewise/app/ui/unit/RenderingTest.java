package org.slicewise.app.ui.unit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slicewise.app.ui.render.GreyRenderer;
import org.slicewise.app.ui.render.Orientation;
import org.slicewise.app.ui.render.OverlayRenderer;
import org.slicewise.app.ui.render.SliceCache;
import org.slicewise.app.ui.render.ViewMapping;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.label.UndoHistory;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;

/** MPR mapping, orientation letters, windowed grey rendering, cache, overlay fill/outline. */
class RenderingTest {
    /** brain1's geometry: j axis points anterior (-y in LPS). */
    static final Geometry BRAIN1 = new Geometry(new int[] {256, 256, 25}, new double[] {0.78125, 0.78125, 6.5},
            new double[] {-99.609375, 99.609375, -78}, new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1});

    @Test
    void orientationLettersFollowTheDirectionMatrix() {
        // identity LPS: radiological axial (R left, L right, A top, P bottom), superior up elsewhere
        Geometry id = Geometry.axisAligned(10, 20, 30, 1, 1, 1);
        assertArrayEquals(new String[] {"R", "L", "A", "P"}, new ViewMapping(id, Orientation.AXIAL).edgeLetters());
        assertArrayEquals(new String[] {"R", "L", "S", "I"}, new ViewMapping(id, Orientation.CORONAL).edgeLetters());
        assertArrayEquals(new String[] {"A", "P", "S", "I"}, new ViewMapping(id, Orientation.SAGITTAL).edgeLetters());
        // brain1: rows flipped so anterior is still on top
        ViewMapping ax = new ViewMapping(BRAIN1, Orientation.AXIAL);
        assertArrayEquals(new String[] {"R", "L", "A", "P"}, ax.edgeLetters());
        assertEquals(true, ax.flipRow());
        assertEquals(false, ax.flipCol());
        // a patient-left-to-right i axis is flipped to keep radiological convention
        Geometry flippedX = new Geometry(new int[] {4, 4, 4}, new double[] {1, 1, 1}, new double[3], new double[] {-1, 0, 0, 0, 1, 0, 0, 0, 1});
        assertEquals(true, new ViewMapping(flippedX, Orientation.AXIAL).flipCol());
        assertArrayEquals(new String[] {"R", "L", "A", "P"}, new ViewMapping(flippedX, Orientation.AXIAL).edgeLetters());
    }

    @Test
    void pixelVoxelMappingRoundTripsAndAspectUsesSpacing() {
        for (Orientation o : Orientation.values()) {
            ViewMapping m = new ViewMapping(BRAIN1, o);
            int[] v = m.toVoxel(3, 7, 5);
            double[] px = m.toPixel(v[0], v[1], v[2]);
            assertEquals(3, px[0], 0);
            assertEquals(7, px[1], 0);
            assertEquals(5, m.sliceOf(v[0], v[1], v[2]));
        }
        ViewMapping cor = new ViewMapping(BRAIN1, Orientation.CORONAL);
        assertEquals(256, cor.width());
        assertEquals(25, cor.height());
        assertEquals(6.5, cor.rowSpacing());
        assertEquals(24, cor.toVoxel(0, 0, 0)[2], "superior (last slice) is the top row");
    }

    @Test
    void greyRenderingAppliesTheWindowAndTheCacheReusesSlices() {
        Volume v = Volume.allocate(Geometry.axisAligned(4, 3, 2, 1, 1, 1), VoxelType.INT16, VolumeMetadata.of("CT", "t"));
        short[] s = (short[]) v.slice(1);
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (-200 + 100 * i); // -200 .. 900
        }
        DisplayWindow w = DisplayWindow.CT_SOFT_TISSUE; // -160 .. 240
        int[] out = new int[12];
        GreyRenderer r = new GreyRenderer(v);
        r.render(new ViewMapping(v.geometry(), Orientation.AXIAL), 1, w, out);
        for (int i = 0; i < 12; i++) {
            double f = (s[i] - w.lower()) * 255.0 / w.width();
            int g = f <= 0 ? 0 : (f >= 255 ? 255 : (int) f);
            assertEquals(0xFF000000 | g << 16 | g << 8 | g, out[i], "pixel " + i + " value " + s[i]);
        }
        // float volumes go through the direct path and agree with the LUT path
        Volume fv = Volume.allocate(v.geometry(), VoxelType.FLOAT32, null);
        float[] fs = (float[]) fv.slice(1);
        for (int i = 0; i < 12; i++) {
            fs[i] = s[i];
        }
        int[] out2 = new int[12];
        new GreyRenderer(fv).render(new ViewMapping(v.geometry(), Orientation.AXIAL), 1, w, out2);
        assertArrayEquals(out, out2);
        SliceCache c = new SliceCache(1 << 20);
        ViewMapping m = new ViewMapping(v.geometry(), Orientation.AXIAL);
        int[] a = c.get(r, m, 1, w);
        assertSame(a, c.get(r, m, 1, w));
        assertEquals(1, c.hits());
        assertEquals(1, c.misses());
        c.get(r, m, 1, DisplayWindow.CT_BONE);
        assertEquals(2, c.misses(), "a new window is a new entry");
    }

    @Test
    void overlayFillsWithOpacityAndOutlinesInFullColour() {
        Geometry g = Geometry.axisAligned(8, 8, 1, 1, 1, 1);
        LabelMap map = new LabelMap(g);
        LabelTable t = new LabelTable();
        t.put(new LabelInfo(1, "a", 0xFF0000, true, 0.5, false));
        byte[] m = new byte[16];
        java.util.Arrays.fill(m, (byte) 1);
        new LabelEditor(map, t, new UndoHistory()).apply("t", SlicePatch.fill(0, 2, 2, 4, 4, m, 1));
        int[] grey = new int[64];
        java.util.Arrays.fill(grey, 0xFF000000);
        int[] out = new int[64];
        OverlayRenderer o = new OverlayRenderer();
        o.setLabels(t.labels());
        o.composite(grey, out, new ViewMapping(g, Orientation.AXIAL), 0, map, null);
        assertEquals(0xFF000000, out[0], "background untouched");
        assertEquals(0xFFFF0000, out[2 + 2 * 8], "outline pixel is opaque label colour");
        assertEquals(0xFF7F0000, out[3 + 3 * 8], "inside: 50% red over black (255 * 128 >> 8 = 127)");
        t.put(t.get(1).orElseThrow().withVisible(false));
        o.setLabels(t.labels());
        o.composite(grey, out, new ViewMapping(g, Orientation.AXIAL), 0, map, null);
        assertEquals(0xFF000000, out[3 + 3 * 8], "hidden label not drawn");
    }
}
