package org.slicewise.app.ui.model;

import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;

/**
 * A prompt drawn by the user on one axial slice, owned by a label (object). Coordinates are
 * continuous voxel indices of slice z. Immutable; edits replace an annotation by a new one.
 */
public sealed interface Annotation permits Annotation.Box, Annotation.Point, Annotation.Recist {
    long id();

    int label();

    int z();

    /** The same annotation moved by (dx, dy) voxels. */
    Annotation moved(double dx, double dy);

    /** Distance (voxels) from (x, y) to the nearest part of the annotation, for picking. */
    double distance(double x, double y);

    /** A box keyframe: the object lies inside it on slice z. */
    record Box(long id, int label, int z, BoxPrompt box) implements Annotation {
        @Override
        public Annotation moved(double dx, double dy) {
            return new Box(id, label, z, new BoxPrompt(box.x0() + dx, box.y0() + dy, box.x1() + dx, box.y1() + dy));
        }

        @Override
        public double distance(double x, double y) {
            double d1 = Geom.segDist(x, y, box.x0(), box.y0(), box.x1(), box.y0());
            double d2 = Geom.segDist(x, y, box.x1(), box.y0(), box.x1(), box.y1());
            double d3 = Geom.segDist(x, y, box.x1(), box.y1(), box.x0(), box.y1());
            double d4 = Geom.segDist(x, y, box.x0(), box.y1(), box.x0(), box.y0());
            return Math.min(Math.min(d1, d2), Math.min(d3, d4));
        }
    }

    /** A positive (inside) or negative (outside) click. */
    record Point(long id, int label, int z, PointPrompt point) implements Annotation {
        @Override
        public Annotation moved(double dx, double dy) {
            return new Point(id, label, z, new PointPrompt(point.x() + dx, point.y() + dy, point.positive()));
        }

        @Override
        public double distance(double x, double y) {
            return Math.hypot(x - point.x(), y - point.y());
        }
    }

    /**
     * A RECIST marker: the long axis (a) and the perpendicular short axis (b); b may be absent
     * (NaN) while the user has drawn only the long axis.
     */
    record Recist(long id, int label, int z, double ax0, double ay0, double ax1, double ay1,
                  double bx0, double by0, double bx1, double by1) implements Annotation {
        public boolean hasShort() { return !Double.isNaN(bx0); }

        public double longMm(double sx, double sy) { return Math.hypot((ax1 - ax0) * sx, (ay1 - ay0) * sy); }

        public double shortMm(double sx, double sy) {
            return hasShort() ? Math.hypot((bx1 - bx0) * sx, (by1 - by0) * sy) : 0;
        }

        /** Bounding box of both axes: the box prompt this marker implies. */
        public BoxPrompt box() {
            double x0 = Math.min(ax0, ax1), x1 = Math.max(ax0, ax1), y0 = Math.min(ay0, ay1), y1 = Math.max(ay0, ay1);
            if (hasShort()) {
                x0 = Math.min(x0, Math.min(bx0, bx1));
                x1 = Math.max(x1, Math.max(bx0, bx1));
                y0 = Math.min(y0, Math.min(by0, by1));
                y1 = Math.max(y1, Math.max(by0, by1));
            }
            return new BoxPrompt(x0, y0, x1, y1);
        }

        @Override
        public Annotation moved(double dx, double dy) {
            return new Recist(id, label, z, ax0 + dx, ay0 + dy, ax1 + dx, ay1 + dy, bx0 + dx, by0 + dy, bx1 + dx, by1 + dy);
        }

        @Override
        public double distance(double x, double y) {
            double d = Geom.segDist(x, y, ax0, ay0, ax1, ay1);
            return hasShort() ? Math.min(d, Geom.segDist(x, y, bx0, by0, bx1, by1)) : d;
        }

        /**
         * The short axis through the long axis' midpoint, perpendicular to it, with half-length
         * given by the distance of (px, py) from the long axis line.
         */
        public Recist withShortThrough(double px, double py) {
            double dx = ax1 - ax0, dy = ay1 - ay0, len = Math.hypot(dx, dy);
            if (len == 0) {
                return this;
            }
            double nx = -dy / len, ny = dx / len;
            double mx = (ax0 + ax1) / 2, my = (ay0 + ay1) / 2;
            double half = Math.abs((px - mx) * nx + (py - my) * ny);
            return new Recist(id, label, z, ax0, ay0, ax1, ay1, mx - nx * half, my - ny * half, mx + nx * half, my + ny * half);
        }
    }

    /** Box prompt implied by a box or RECIST annotation, else null. */
    static BoxPrompt boxOf(Annotation a) {
        if (a instanceof Box b) {
            return b.box();
        }
        if (a instanceof Recist r) {
            return r.box();
        }
        return null;
    }

    /** Small geometry helpers. */
    final class Geom {
        private Geom() {
        }

        static double segDist(double px, double py, double x0, double y0, double x1, double y1) {
            double dx = x1 - x0, dy = y1 - y0, l2 = dx * dx + dy * dy;
            double t = l2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / l2));
            return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
        }
    }
}
