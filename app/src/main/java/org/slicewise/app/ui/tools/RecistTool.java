package org.slicewise.app.ui.tools;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import org.slicewise.app.ui.model.Annotation;

/**
 * RECIST marker: drag the long axis; then press and drag (or click) to set the perpendicular short
 * axis through its midpoint. The marker is added (one undo step) when the short axis is set;
 * Escape abandons a marker in progress.
 */
public final class RecistTool implements Tool {
    private Annotation.Recist pending;
    private boolean dragLong;
    private boolean dragShort;

    @Override
    public void pressed(ToolContext c, double x, double y, MouseEvent e) {
        if (!c.labelUsable()) {
            return;
        }
        if (pending != null && pending.z() == c.z()) {
            dragShort = true;
            pending = pending.withShortThrough(x, y);
        } else {
            double px = c.clampX(x), py = c.clampY(y);
            pending = new Annotation.Recist(c.doc().annotations().nextId(), c.label(), c.z(), px, py, px, py,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            dragLong = true;
        }
        c.repaint();
    }

    @Override
    public void dragged(ToolContext c, double x, double y, MouseEvent e) {
        if (pending == null) {
            return;
        }
        if (dragLong) {
            pending = new Annotation.Recist(pending.id(), pending.label(), pending.z(), pending.ax0(), pending.ay0(),
                    c.clampX(x), c.clampY(y), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        } else if (dragShort) {
            pending = pending.withShortThrough(x, y);
        }
        c.repaint();
    }

    @Override
    public void released(ToolContext c, double x, double y, MouseEvent e) {
        if (pending == null) {
            return;
        }
        dragged(c, x, y, e);
        if (dragLong) {
            dragLong = false;
            if (Math.hypot(pending.ax1() - pending.ax0(), pending.ay1() - pending.ay0()) < 2) {
                pending = null;
            } else {
                c.message("RECIST: now drag the short axis");
            }
        } else if (dragShort) {
            dragShort = false;
            c.doc().annotations().add(pending);
            pending = null;
            c.message("RECIST marker added");
        }
        c.repaint();
    }

    @Override
    public void paint(ToolContext c, GraphicsContext g, ScreenMapper m) {
        if (pending != null && pending.z() == c.z()) {
            var sp = c.doc().volume().geometry();
            AnnotationPainter.paintRecist(g, m, pending, Color.YELLOW, sp.spacing(0), sp.spacing(1));
        }
    }

    @Override
    public void cancel() {
        pending = null;
        dragLong = dragShort = false;
    }
}
