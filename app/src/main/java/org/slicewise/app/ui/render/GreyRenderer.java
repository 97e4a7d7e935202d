package org.slicewise.app.ui.render;

import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

/**
 * Renders the grey values of one MPR slice into an ARGB buffer (no JavaFX types, so the benchmark
 * and tests use it headless). 8/16-bit data go through a lookup table built once per window.
 */
public final class GreyRenderer {
    private final Volume volume;
    private int[] lut;
    private DisplayWindow lutWindow;
    private int lutOffset;

    public GreyRenderer(Volume volume) {
        this.volume = volume;
    }

    public Volume volume() { return volume; }

    /** Fills {@code dst} (at least width*height) with opaque grey ARGB pixels. */
    public void render(ViewMapping m, int index, DisplayWindow w, int[] dst) {
        int width = m.width(), height = m.height();
        int nx = volume.nx();
        VoxelType t = volume.type();
        boolean useLut = t == VoxelType.UINT8 || t == VoxelType.INT8 || t == VoxelType.UINT16 || t == VoxelType.INT16;
        if (useLut) {
            ensureLut(t, w);
        }
        double lo = w.lower(), scale = 255.0 / w.width();
        for (int r = 0; r < height; r++) {
            int vr = m.rowToVoxel(r);
            int rowBase = r * width;
            for (int c = 0; c < width; c++) {
                int vc = m.colToVoxel(c);
                int x, y, z;
                switch (m.orientation()) {
                    case AXIAL -> { x = vc; y = vr; z = index; }
                    case CORONAL -> { x = vc; y = index; z = vr; }
                    default -> { x = index; y = vc; z = vr; }
                }
                Object s = volume.slice(z);
                int i = x + y * nx;
                int g;
                if (useLut) {
                    int raw = switch (t) {
                        case UINT8 -> ((byte[]) s)[i] & 0xFF;
                        case INT8 -> ((byte[]) s)[i];
                        case UINT16 -> ((short[]) s)[i] & 0xFFFF;
                        default -> ((short[]) s)[i];
                    };
                    dst[rowBase + c] = lut[raw - lutOffset];
                    continue;
                }
                double v = Volume.read(s, t, i);
                double f = (v - lo) * scale;
                g = f <= 0 || Double.isNaN(f) ? 0 : (f >= 255 ? 255 : (int) f);
                dst[rowBase + c] = 0xFF000000 | g << 16 | g << 8 | g;
            }
        }
    }

    private void ensureLut(VoxelType t, DisplayWindow w) {
        if (lut != null && w.equals(lutWindow)) {
            return;
        }
        int min = (int) t.minValue(), max = (int) t.maxValue();
        int[] l = new int[max - min + 1];
        double lo = w.lower(), scale = 255.0 / w.width();
        for (int v = min; v <= max; v++) {
            double f = (v - lo) * scale;
            int g = f <= 0 ? 0 : (f >= 255 ? 255 : (int) f);
            l[v - min] = 0xFF000000 | g << 16 | g << 8 | g;
        }
        lut = l;
        lutOffset = min;
        lutWindow = w;
    }
}
