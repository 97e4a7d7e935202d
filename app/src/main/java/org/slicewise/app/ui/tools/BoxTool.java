package org.slicewise.app.ui.tools;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.core.prompt.BoxPrompt;

/** Drag a box around the object: a keyframe box prompt for the active label on this slice. */
public final class BoxTool implements Tool {
    private double x0 = Double.NaN, y0, x1, y1;

    @Override
    public void pressed(ToolContext c, double x, double y, MouseEvent e) {
        if (!c.labelUsable()) {
            return;
        }
        x0 = x1 = c.clampX(x);
        y0 = y1 = c.clampY(y);
    }

    @Override
    public void dragged(ToolContext c, double x, double y, MouseEvent e) {
        if (Double.isNaN(x0)) {
            return;
        }
        x1 = c.clampX(x);
        y1 = c.clampY(y);
        c.repaint();
    }

    @Override
    public void released(ToolContext c, double x, double y, MouseEvent e) {
        if (Double.isNaN(x0)) {
            return;
        }
        dragged(c, x, y, e);
        if (Math.abs(x1 - x0) >= 2 && Math.abs(y1 - y0) >= 2) {
            var store = c.doc().annotations();
            store.add(new Annotation.Box(store.nextId(), c.label(), c.z(),
                    new BoxPrompt(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1))));
        }
        x0 = Double.NaN;
        c.repaint();
    }

    @Override
    public void paint(ToolContext c, GraphicsContext g, ScreenMapper m) {
        if (Double.isNaN(x0)) {
            return;
        }
        double ax = m.sx(x0, y0), ay = m.sy(x0, y0), bx = m.sx(x1, y1), by = m.sy(x1, y1);
        g.setStroke(Color.YELLOW);
        g.setLineDashes(6, 4);
        g.setLineWidth(1.5);
        g.strokeRect(Math.min(ax, bx), Math.min(ay, by), Math.abs(bx - ax), Math.abs(by - ay));
        g.setLineDashes();
    }

    @Override
    public void cancel() { x0 = Double.NaN; }
}
