package org.slicewise.app.ui.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slicewise.app.ui.ViewerState;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

/** Brush disk and 3D sphere in physical units; a stroke is one undo step; the eraser clears. */
class BrushToolTest {
    static long lattice(double r) {
        long n = 0;
        int k = (int) Math.ceil(r);
        for (int y = -k; y <= k; y++) {
            for (int x = -k; x <= k; x++) {
                if (x * x + y * y <= r * r) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void sphereRadiusFollowsTheSliceSpacingAndStrokeIsOneStep() {
        Volume v = Volume.allocate(new Geometry(new int[] {64, 64, 9}, new double[] {0.5, 0.5, 2}, new double[3],
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}), VoxelType.INT16, null);
        Document d = Document.fresh(v, Path.of("x.nii"));
        ViewerState s = new ViewerState();
        s.document.set(d);
        s.cz.set(4);
        s.activeLabel.set(1);
        s.brushRadius.set(8); // 8 voxels = 4 mm in-plane
        s.brush3d.set(true);
        ToolContext c = new ToolContext(s, () -> { }, m -> { });
        BrushTool brush = new BrushTool(false);
        brush.pressed(c, 32, 32, null);
        brush.released(c, 32, 32, null);
        assertEquals(lattice(8), count(d, 4));
        // neighbours 2 mm away: radius sqrt(4^2 - 2^2) mm = 6.93 voxels; 4 mm away: a single voxel
        assertEquals(lattice(Math.sqrt(64 - 16)), count(d, 3));
        assertEquals(lattice(Math.sqrt(64 - 16)), count(d, 5));
        assertEquals(1, count(d, 2));
        assertEquals(1, count(d, 6));
        assertEquals(0, count(d, 1));
        assertEquals(1, d.history().size(), "one stroke, one undo step");
        BrushTool eraser = new BrushTool(true);
        s.brush3d.set(false);
        eraser.pressed(c, 32, 32, null);
        eraser.dragged(c, 40, 32, null);
        eraser.released(c, 40, 32, null);
        assertEquals(0, count(d, 4), "the eraser stroke covers the disk");
        assertEquals(lattice(Math.sqrt(48)), count(d, 3), "2D eraser leaves other slices");
        d.history().undo();
        assertEquals(lattice(8), count(d, 4));
    }

    static long count(Document d, int z) {
        short[] s = d.labels().sliceOrNull(z);
        long n = 0;
        if (s != null) {
            for (short x : s) {
                n += x != 0 ? 1 : 0;
            }
        }
        return n;
    }
}
