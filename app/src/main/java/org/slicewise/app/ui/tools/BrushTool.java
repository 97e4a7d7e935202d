package org.slicewise.app.ui.tools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.volume.Geometry;

/**
 * Brush and eraser: a disk (or, optionally, a sphere across slices) of adjustable radius. A whole
 * stroke (press, drag, release) is one {@link org.slicewise.core.label.LabelEditor#apply} call,
 * i.e. one undo step; locked labels are left untouched by the editor.
 */
public final class BrushTool implements Tool {
    private final boolean erase;
    private final Map<Integer, byte[]> stroke = new HashMap<>();
    private final List<double[]> stamps = new ArrayList<>();
    private double lastX = Double.NaN, lastY;
    private double hoverX = Double.NaN, hoverY;

    public BrushTool(boolean erase) {
        this.erase = erase;
    }

    @Override
    public void pressed(ToolContext c, double x, double y, MouseEvent e) {
        if (!erase && !c.labelUsable()) {
            return;
        }
        stroke.clear();
        stamps.clear();
        lastX = x;
        lastY = y;
        stamp(c, x, y);
        c.repaint();
    }

    @Override
    public void dragged(ToolContext c, double x, double y, MouseEvent e) {
        hoverX = x;
        hoverY = y;
        if (Double.isNaN(lastX)) {
            return;
        }
        double r = Math.max(0.5, c.state().brushRadius.get());
        double d = Math.hypot(x - lastX, y - lastY);
        int steps = (int) Math.ceil(d / Math.max(0.5, r / 2));
        for (int i = 1; i <= steps; i++) {
            stamp(c, lastX + (x - lastX) * i / steps, lastY + (y - lastY) * i / steps);
        }
        lastX = x;
        lastY = y;
        c.repaint();
    }

    @Override
    public void released(ToolContext c, double x, double y, MouseEvent e) {
        if (Double.isNaN(lastX)) {
            return;
        }
        dragged(c, x, y, e);
        lastX = Double.NaN;
        List<SlicePatch> patches = patches(c.doc().volume().geometry(), erase ? 0 : c.label());
        long n = c.doc().editor().apply(erase ? "erase" : "brush", patches);
        stroke.clear();
        stamps.clear();
        c.message((erase ? "erased " : "painted ") + n + " voxel(s)");
        c.state().bump();
        c.repaint();
    }

    @Override
    public void moved(ToolContext c, double x, double y) {
        hoverX = x;
        hoverY = y;
        c.repaint();
    }

    @Override
    public void paint(ToolContext c, GraphicsContext g, ScreenMapper m) {
        double r = Math.max(0.5, c.state().brushRadius.get()) * m.pxPerVoxel();
        g.setFill(erase ? Color.rgb(255, 255, 255, 0.35) : Color.rgb(255, 200, 0, 0.35));
        for (double[] s : stamps) {
            g.fillOval(m.sx(s[0], s[1]) - r, m.sy(s[0], s[1]) - r, 2 * r, 2 * r);
        }
        if (!Double.isNaN(hoverX)) {
            g.setStroke(erase ? Color.WHITE : Color.ORANGE);
            g.setLineWidth(1);
            g.strokeOval(m.sx(hoverX, hoverY) - r, m.sy(hoverX, hoverY) - r, 2 * r, 2 * r);
        }
    }

    @Override
    public void cancel() {
        stroke.clear();
        stamps.clear();
        lastX = Double.NaN;
    }

    /** Marks a disk (or sphere) centred at (x, y) on the current slice. */
    void stamp(ToolContext c, double x, double y) {
        Geometry g = c.doc().volume().geometry();
        double r = Math.max(0.5, c.state().brushRadius.get());
        stamps.add(new double[] {x, y});
        int z0 = c.z();
        int dzMax = c.state().brush3d.get() ? (int) Math.floor(r * g.spacing(0) / g.spacing(2)) : 0;
        for (int dz = -dzMax; dz <= dzMax; dz++) {
            int z = z0 + dz;
            if (z < 0 || z >= g.nz()) {
                continue;
            }
            double mmOff = dz * g.spacing(2) / g.spacing(0);
            double rr = Math.sqrt(Math.max(0, r * r - mmOff * mmOff));
            byte[] mask = stroke.computeIfAbsent(z, k -> new byte[g.sliceSize()]);
            int xa = (int) Math.max(0, Math.ceil(x - rr)), xb = (int) Math.min(g.nx() - 1, Math.floor(x + rr));
            int ya = (int) Math.max(0, Math.ceil(y - rr)), yb = (int) Math.min(g.ny() - 1, Math.floor(y + rr));
            for (int yy = ya; yy <= yb; yy++) {
                for (int xx = xa; xx <= xb; xx++) {
                    if ((xx - x) * (xx - x) + (yy - y) * (yy - y) <= rr * rr) {
                        mask[xx + yy * g.nx()] = 1;
                    }
                }
            }
        }
    }

    /**
     * The stroke as one masked patch per painted slice. LabelEditor already crops each patch to the
     * voxels that actually change (and records only that rectangle for undo), so no bounding box here.
     */
    List<SlicePatch> patches(Geometry g, int label) {
        List<SlicePatch> out = new ArrayList<>();
        for (var e : stroke.entrySet()) {
            out.add(SlicePatch.fill(e.getKey(), 0, 0, g.nx(), g.ny(), e.getValue(), label));
        }
        return out;
    }
}
