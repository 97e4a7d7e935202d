package org.slicewise.app.ui.tools;

import java.util.List;
import java.util.Locale;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.core.label.LabelTable;

/** Draws prompts on the axial view in their label's colour; the selected one is highlighted. */
public final class AnnotationPainter {
    private AnnotationPainter() {
    }

    public static void paint(GraphicsContext g, ScreenMapper m, List<Annotation> list, LabelTable table, Annotation selected,
                             double sx, double sy) {
        for (Annotation a : list) {
            boolean sel = selected != null && selected.id() == a.id();
            Annotation shown = sel ? selected : a;
            int rgb = table.get(a.label()).map(l -> l.rgb()).orElse(0xFFFF00);
            Color c = sel ? Color.WHITE : Color.rgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
            g.setLineWidth(sel ? 2.5 : 1.5);
            if (shown instanceof Annotation.Box b) {
                double ax = m.sx(b.box().x0(), b.box().y0()), ay = m.sy(b.box().x0(), b.box().y0());
                double bx = m.sx(b.box().x1(), b.box().y1()), by = m.sy(b.box().x1(), b.box().y1());
                g.setStroke(c);
                g.strokeRect(Math.min(ax, bx), Math.min(ay, by), Math.abs(bx - ax), Math.abs(by - ay));
            } else if (shown instanceof Annotation.Point p) {
                double px = m.sx(p.point().x(), p.point().y()), py = m.sy(p.point().x(), p.point().y());
                g.setFill(p.point().positive() ? Color.LIMEGREEN : Color.RED);
                g.fillOval(px - 5, py - 5, 10, 10);
                g.setStroke(c);
                g.strokeOval(px - 5, py - 5, 10, 10);
                g.setStroke(Color.BLACK);
                g.setLineWidth(1.5);
                g.strokeLine(px - 3, py, px + 3, py);
                if (p.point().positive()) {
                    g.strokeLine(px, py - 3, px, py + 3);
                }
            } else if (shown instanceof Annotation.Recist r) {
                paintRecist(g, m, r, c, sx, sy);
            }
        }
    }

    /** Interpolated boxes (slices between keyframes) as thin dashed rectangles. */
    public static void paintPlans(GraphicsContext g, ScreenMapper m, List<org.slicewise.core.pipeline.ObjectPlan> plans, int z,
                                  LabelTable table) {
        for (var p : plans) {
            var b = p.boxes().get(z);
            if (b == null || p.keyframes().contains(z)) {
                continue;
            }
            int rgb = table.get(p.label()).map(l -> l.rgb()).orElse(0xFFFF00);
            g.setStroke(Color.rgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, 0.8));
            g.setLineWidth(1);
            g.setLineDashes(3, 4);
            double ax = m.sx(b.x0(), b.y0()), ay = m.sy(b.x0(), b.y0()), bx = m.sx(b.x1(), b.y1()), by = m.sy(b.x1(), b.y1());
            g.strokeRect(Math.min(ax, bx), Math.min(ay, by), Math.abs(bx - ax), Math.abs(by - ay));
            g.setLineDashes();
        }
    }

    public static void paintRecist(GraphicsContext g, ScreenMapper m, Annotation.Recist r, Color c, double sx, double sy) {
        g.setStroke(c);
        double ax = m.sx(r.ax0(), r.ay0()), ay = m.sy(r.ax0(), r.ay0()), bx = m.sx(r.ax1(), r.ay1()), by = m.sy(r.ax1(), r.ay1());
        g.strokeLine(ax, ay, bx, by);
        g.setFont(Font.font(11));
        g.setFill(c);
        String text = String.format(Locale.ROOT, "%.1f mm", r.longMm(sx, sy));
        if (r.hasShort()) {
            double cx = m.sx(r.bx0(), r.by0()), cy = m.sy(r.bx0(), r.by0()), dx = m.sx(r.bx1(), r.by1()), dy = m.sy(r.bx1(), r.by1());
            g.setLineDashes(4, 3);
            g.strokeLine(cx, cy, dx, dy);
            g.setLineDashes();
            text += String.format(Locale.ROOT, " x %.1f mm", r.shortMm(sx, sy));
        }
        double tx = Math.max(ax, bx) + 6, ty = Math.min(ay, by) - 4;
        g.setStroke(Color.BLACK);
        g.setLineWidth(3);
        g.strokeText(text, tx, ty);
        g.setFill(Color.WHITE);
        g.fillText(text, tx, ty);
    }
}
