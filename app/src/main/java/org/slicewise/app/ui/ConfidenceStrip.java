package org.slicewise.app.ui;

import java.util.Locale;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.slicewise.app.ui.ai.Proposal;

/**
 * Per-slice confidence beside the axial view: one cell per axial slice (top = last slice), coloured
 * from red (predicted IoU ≤ 0.5) through yellow to green (≥ 0.95); grey where nothing was
 * segmented. The current slice is outlined. Clicking a cell jumps to that slice.
 */
public final class ConfidenceStrip extends Region {
    public static final double WIDTH = 18;
    private final ViewerState state;
    private final Canvas canvas = new Canvas(WIDTH, 10);
    private final Tooltip tip = new Tooltip();

    public ConfidenceStrip(ViewerState state) {
        this.state = state;
        setId("confidenceStrip");
        getChildren().add(canvas);
        setMinWidth(WIDTH);
        setPrefWidth(WIDTH);
        setMaxWidth(WIDTH);
        Tooltip.install(this, tip);
        canvas.setOnMouseClicked(e -> {
            int z = sliceAt(e.getY());
            if (z >= 0) {
                state.cz.set(z);
            }
        });
        canvas.setOnMouseMoved(e -> {
            int z = sliceAt(e.getY());
            Proposal p = state.lastResult.get();
            if (z >= 0) {
                float c = p == null ? Float.NaN : p.confidence(z);
                tip.setText("slice " + (z + 1) + (Float.isNaN(c) ? ": not segmented" : String.format(Locale.ROOT, ": predicted IoU %.2f", c)));
            }
        });
        state.lastResult.addListener((o, a, b) -> draw());
        state.cz.addListener((o, a, b) -> draw());
        state.document.addListener((o, a, b) -> draw());
    }

    private int nz() {
        var d = state.document.get();
        return d == null ? 0 : d.volume().nz();
    }

    /** Slice under a y coordinate, or -1. */
    public int sliceAt(double y) {
        int n = nz();
        if (n == 0 || getHeight() <= 0) {
            return -1;
        }
        int row = (int) (y / (getHeight() / n));
        row = Math.max(0, Math.min(n - 1, row));
        return n - 1 - row;
    }

    /** y of the centre of a slice's cell. */
    public double yOf(int z) {
        int n = nz();
        return n == 0 ? 0 : (n - 1 - z + 0.5) * getHeight() / n;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    public static Color colour(float iou) {
        if (Float.isNaN(iou)) {
            return Color.gray(0.25);
        }
        double t = Math.max(0, Math.min(1, (iou - 0.5) / 0.45));
        return Color.hsb(120 * t, 0.85, 0.9);
    }

    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.setFill(Color.rgb(20, 20, 20));
        g.fillRect(0, 0, w, h);
        int n = nz();
        if (n == 0) {
            return;
        }
        Proposal p = state.lastResult.get();
        double ch = h / n;
        for (int z = 0; z < n; z++) {
            double y = (n - 1 - z) * ch;
            g.setFill(colour(p == null ? Float.NaN : p.confidence(z)));
            g.fillRect(2, y + (ch > 3 ? 0.5 : 0), w - 4, Math.max(1, ch - (ch > 3 ? 1 : 0)));
        }
        int cz = state.cz.get();
        g.setStroke(Color.WHITE);
        g.setLineWidth(2);
        g.strokeRect(1, (n - 1 - cz) * ch, w - 2, Math.max(2, ch));
    }
}
