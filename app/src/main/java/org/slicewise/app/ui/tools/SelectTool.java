package org.slicewise.app.ui.tools;

import javafx.scene.input.MouseEvent;
import org.slicewise.app.ui.model.Annotation;

/** Picks the prompt nearest the click (on this slice); dragging moves it (one undo step). */
public final class SelectTool implements Tool {
    private Annotation dragging;
    private double startX, startY, lastX, lastY;

    @Override
    public void pressed(ToolContext c, double x, double y, MouseEvent e) {
        Annotation best = null;
        double bestD = Double.MAX_VALUE;
        double tol = 6 / Math.max(0.1, scaleHint);
        for (Annotation a : c.doc().annotations().onSlice(c.z())) {
            double d = a.distance(x, y);
            if (d < bestD) {
                bestD = d;
                best = a;
            }
        }
        if (best != null && bestD <= Math.max(3, tol)) {
            c.state().selected.set(best);
            dragging = best;
            startX = lastX = x;
            startY = lastY = y;
        } else {
            c.state().selected.set(null);
            dragging = null;
        }
        c.repaint();
    }

    @Override
    public void dragged(ToolContext c, double x, double y, MouseEvent e) {
        if (dragging != null) {
            lastX = x;
            lastY = y;
            c.state().selected.set(dragging.moved(x - startX, y - startY));
            c.repaint();
        }
    }

    @Override
    public void released(ToolContext c, double x, double y, MouseEvent e) {
        if (dragging != null && (Math.abs(x - startX) > 0.2 || Math.abs(y - startY) > 0.2)) {
            Annotation moved = dragging.moved(x - startX, y - startY);
            c.doc().annotations().replace(dragging, moved);
            c.state().selected.set(moved);
        }
        dragging = null;
        c.repaint();
    }

    /** Screen pixels per voxel, set by the view so picking tolerance is ~6 screen pixels. */
    private double scaleHint = 1;

    public void setScale(double pxPerVoxel) { scaleHint = pxPerVoxel; }

    /** The prompt being dragged (drawn at its moved position), or null. */
    public Annotation dragging() { return dragging; }

    @Override
    public void cancel() { dragging = null; }
}
