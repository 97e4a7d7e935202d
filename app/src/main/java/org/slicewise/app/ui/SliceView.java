package org.slicewise.app.ui;

import java.nio.IntBuffer;
import java.util.Locale;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.slicewise.app.ui.model.Document;
import org.slicewise.app.ui.render.GreyRenderer;
import org.slicewise.app.ui.render.Orientation;
import org.slicewise.app.ui.render.OverlayRenderer;
import org.slicewise.app.ui.render.SliceCache;
import org.slicewise.app.ui.render.ViewMapping;
import org.slicewise.app.ui.tools.AnnotationPainter;
import org.slicewise.app.ui.tools.ScreenMapper;
import org.slicewise.app.ui.tools.SelectTool;
import org.slicewise.app.ui.tools.Tool;
import org.slicewise.app.ui.tools.ToolContext;
import org.slicewise.app.ui.tools.ToolKind;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Volume;

/**
 * One MPR plane. Renders grey (cached per slice and window) + label overlay + proposal into a
 * reusable int[] ARGB buffer shared with a {@link PixelBuffer}-backed image, draws it with the
 * correct physical aspect, and on top the crosshair, prompts, tool feedback and orientation
 * letters. Wheel / arrows scroll, Ctrl+wheel zooms, middle-drag pans, right-drag sets the window,
 * left button goes to the active tool (axial) or moves the crosshair.
 */
public final class SliceView extends Region {
    private final Orientation orientation;
    private final ViewerState state;
    private final Function<ToolKind, Tool> tools;
    private final ToolContext toolContext;
    private final Canvas canvas = new Canvas(10, 10);
    private final OverlayRenderer overlay = new OverlayRenderer();
    private ViewMapping map;
    private GreyRenderer renderer;
    private SliceCache cache;
    private WritableImage image;
    private PixelBuffer<IntBuffer> pixels;
    private int[] argb;
    private double zoom = 1;
    private double panX;
    private double panY;
    private double dragX;
    private double dragY;
    private DisplayWindow dragWindow;
    private boolean toolDrag;
    private boolean redrawPending;
    private long frames;

    public SliceView(Orientation o, ViewerState state, Function<ToolKind, Tool> tools, java.util.function.Consumer<String> message) {
        this.orientation = o;
        this.state = state;
        this.tools = tools;
        this.toolContext = new ToolContext(state, this::requestRedraw, message);
        setId(o.name().toLowerCase(Locale.ROOT) + "View");
        getChildren().add(canvas);
        setMinSize(80, 80);
        setStyle("-fx-background-color: black;");
        canvas.setOnScroll(this::onScroll);
        canvas.setOnMousePressed(this::onPressed);
        canvas.setOnMouseDragged(this::onDragged);
        canvas.setOnMouseReleased(this::onReleased);
        canvas.setOnMouseMoved(this::onMoved);
        canvas.setOnMouseExited(e -> state.hover.set(""));
        state.cx.addListener((ob, a, b) -> requestRedraw());
        state.cy.addListener((ob, a, b) -> requestRedraw());
        state.cz.addListener((ob, a, b) -> requestRedraw());
        state.window.addListener((ob, a, b) -> requestRedraw());
        state.revision.addListener((ob, a, b) -> requestRedraw());
        state.proposal.addListener((ob, a, b) -> requestRedraw());
        state.selected.addListener((ob, a, b) -> requestRedraw());
        state.tool.addListener((ob, a, b) -> requestRedraw());
        state.plans.addListener((ob, a, b) -> requestRedraw());
    }

    public Orientation orientation() { return orientation; }

    /** Binds the view to a new document (or none). */
    public void setDocument(Document d, GreyRenderer r, SliceCache c) {
        renderer = r;
        cache = c;
        if (d == null) {
            map = null;
            image = null;
        } else {
            map = new ViewMapping(d.volume().geometry(), orientation);
            argb = new int[map.width() * map.height()];
            pixels = new PixelBuffer<>(map.width(), map.height(), IntBuffer.wrap(argb), PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(pixels);
        }
        resetView();
    }

    public void resetView() {
        zoom = 1;
        panX = panY = 0;
        requestRedraw();
    }

    public void zoomBy(double f) {
        zoom = Math.max(0.25, Math.min(40, zoom * f));
        requestRedraw();
    }

    public ViewMapping mapping() { return map; }

    public long frames() { return frames; }

    public int index() {
        return switch (orientation) {
            case AXIAL -> state.cz.get();
            case CORONAL -> state.cy.get();
            default -> state.cx.get();
        };
    }

    private void setIndex(int i) {
        if (map == null) {
            return;
        }
        int v = Math.max(0, Math.min(map.sliceCount() - 1, i));
        switch (orientation) {
            case AXIAL -> state.cz.set(v);
            case CORONAL -> state.cy.set(v);
            default -> state.cx.set(v);
        }
    }

    public void scroll(int delta) { setIndex(index() + delta); }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(Math.max(1, getWidth()));
            canvas.setHeight(Math.max(1, getHeight()));
            requestRedraw();
        }
    }

    /** Coalesces redraw requests into one draw per pulse. */
    public void requestRedraw() {
        if (!redrawPending) {
            redrawPending = true;
            Platform.runLater(() -> {
                redrawPending = false;
                draw();
            });
        }
    }

    // ---- geometry: screen <-> plane pixels ----

    private double scale() {
        double wmm = map.width() * map.colSpacing(), hmm = map.height() * map.rowSpacing();
        return Math.min(canvas.getWidth() / wmm, canvas.getHeight() / hmm) * 0.96 * zoom;
    }

    private double originX() {
        return (canvas.getWidth() - map.width() * map.colSpacing() * scale()) / 2 + panX;
    }

    private double originY() {
        return (canvas.getHeight() - map.height() * map.rowSpacing() * scale()) / 2 + panY;
    }

    /** Continuous plane column of a screen x (pixel centres at integers). */
    double colAt(double sx) { return (sx - originX()) / (map.colSpacing() * scale()) - 0.5; }

    double rowAt(double sy) { return (sy - originY()) / (map.rowSpacing() * scale()) - 0.5; }

    double screenX(double col) { return originX() + (col + 0.5) * map.colSpacing() * scale(); }

    double screenY(double row) { return originY() + (row + 0.5) * map.rowSpacing() * scale(); }

    /** Screen position of a voxel (for tests and tools). */
    public double[] screenOf(double x, double y, double z) {
        double[] p = map.toPixel(x, y, z);
        return new double[] {screenX(p[0]), screenY(p[1])};
    }

    private final ScreenMapper axialMapper = new ScreenMapper() {
        @Override
        public double sx(double x, double y) { return screenX(map.colToVoxel(x)); }

        @Override
        public double sy(double x, double y) { return screenY(map.rowToVoxel(y)); }

        @Override
        public double pxPerVoxel() { return map.colSpacing() * scale(); }
    };

    // ---- drawing ----

    /** Longest draw() so far (ns), for the responsiveness report. */
    public long maxDrawNanos() { return maxDrawNanos; }

    private long maxDrawNanos;

    void draw() {
        long t0 = System.nanoTime();
        drawNow();
        maxDrawNanos = Math.max(maxDrawNanos, System.nanoTime() - t0);
    }

    private void drawNow() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.setFill(Color.BLACK);
        g.fillRect(0, 0, w, h);
        Document d = state.document.get();
        if (d == null || map == null || image == null) {
            g.setFill(Color.gray(0.6));
            g.setFont(Font.font(14));
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(orientation == Orientation.AXIAL ? "File > Open, or drop a NIfTI / NRRD file or DICOM folder here" : "",
                    w / 2, h / 2);
            g.setTextAlign(TextAlignment.LEFT);
            return;
        }
        int idx = Math.max(0, Math.min(map.sliceCount() - 1, index()));
        int[] grey = cache.get(renderer, map, idx, state.window.get());
        overlay.setLabels(d.table().labels());
        var prop = state.proposal.get();
        overlay.composite(grey, argb, map, idx, d.labels(), prop == null ? null : prop.slices());
        pixels.updateBuffer(b -> null);
        g.setImageSmoothing(false);
        double s = scale();
        g.drawImage(image, originX(), originY(), map.width() * map.colSpacing() * s, map.height() * map.rowSpacing() * s);
        drawCrosshair(g);
        if (orientation == Orientation.AXIAL) {
            var sp = d.volume().geometry();
            Tool t = tools.apply(state.tool.get());
            AnnotationPainter.paintPlans(g, axialMapper, state.plans.get(), idx, d.table());
            AnnotationPainter.paint(g, axialMapper, d.annotations().onSlice(idx), d.table(), state.selected.get(),
                    sp.spacing(0), sp.spacing(1));
            if (t != null) {
                if (t instanceof SelectTool st) {
                    st.setScale(axialMapper.pxPerVoxel());
                }
                t.paint(toolContext, g, axialMapper);
            }
        }
        drawText(g, w, h, idx);
        frames++;
    }

    private void drawCrosshair(GraphicsContext g) {
        double[] p = map.toPixel(state.cx.get(), state.cy.get(), state.cz.get());
        double x = screenX(p[0]), y = screenY(p[1]);
        g.setLineWidth(1);
        g.setStroke(Color.rgb(0, 200, 255, 0.55));
        g.setLineDashes(4, 6);
        g.strokeLine(x, 0, x, canvas.getHeight());
        g.strokeLine(0, y, canvas.getWidth(), y);
        g.setLineDashes();
    }

    private void drawText(GraphicsContext g, double w, double h, int idx) {
        String[] l = map.edgeLetters();
        g.setFont(Font.font("System", 15));
        g.setFill(Color.ORANGE);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(l[0], 6, h / 2);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(l[1], w - 6, h / 2);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(l[2], w / 2, 12);
        g.fillText(l[3], w / 2, h - 12);
        g.setTextBaseline(VPos.BASELINE);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Font.font(12));
        g.setFill(Color.LIGHTGRAY);
        g.fillText(orientation.title() + "  " + (idx + 1) + "/" + map.sliceCount(), 6, 16);
        DisplayWindow win = state.window.get();
        g.fillText(String.format(Locale.ROOT, "W %.0f  L %.0f", win.width(), win.center()), 6, h - 8);
    }

    // ---- input ----

    private void onScroll(ScrollEvent e) {
        if (map == null || e.getDeltaY() == 0) {
            return;
        }
        if (e.isControlDown()) {
            zoomBy(e.getDeltaY() > 0 ? 1.15 : 1 / 1.15);
        } else {
            scroll(e.getDeltaY() > 0 ? 1 : -1);
        }
        e.consume();
    }

    private double[] voxelAt(double sx, double sy) {
        double c = colAt(sx), r = rowAt(sy);
        double vc = map.colToVoxel(c), vr = map.rowToVoxel(r);
        double[] v = new double[3];
        v[map.colAxis()] = vc;
        v[map.rowAxis()] = vr;
        v[map.sliceAxis()] = index();
        return v;
    }

    private boolean toolActive() {
        return orientation == Orientation.AXIAL && state.tool.get() != ToolKind.NAVIGATE;
    }

    private void onPressed(MouseEvent e) {
        canvas.requestFocus();
        if (map == null) {
            return;
        }
        dragX = e.getX();
        dragY = e.getY();
        dragWindow = state.window.get();
        if (e.getButton() == MouseButton.PRIMARY && !e.isShiftDown()) {
            double[] v = voxelAt(e.getX(), e.getY());
            if (toolActive()) {
                toolDrag = true;
                tools.apply(state.tool.get()).pressed(toolContext, v[0], v[1], e);
            } else {
                moveCursor(v);
            }
        }
    }

    private void onDragged(MouseEvent e) {
        if (map == null) {
            return;
        }
        double dx = e.getX() - dragX, dy = e.getY() - dragY;
        if (e.getButton() == MouseButton.SECONDARY) {
            // window/level: horizontal = width, vertical = level, scaled to the window in use
            double k = Math.max(1, dragWindow.width()) / 300.0;
            state.window.set(new DisplayWindow(dragWindow.center() - dy * k, Math.max(1, dragWindow.width() + dx * k)));
        } else if (e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && e.isShiftDown())) {
            panX += e.getX() - dragX;
            panY += e.getY() - dragY;
            dragX = e.getX();
            dragY = e.getY();
            requestRedraw();
        } else if (e.getButton() == MouseButton.PRIMARY) {
            double[] v = voxelAt(e.getX(), e.getY());
            if (toolDrag) {
                tools.apply(state.tool.get()).dragged(toolContext, v[0], v[1], e);
            } else {
                moveCursor(v);
            }
        }
        updateHover(e.getX(), e.getY());
    }

    private void onReleased(MouseEvent e) {
        if (map != null && toolDrag && e.getButton() == MouseButton.PRIMARY) {
            double[] v = voxelAt(e.getX(), e.getY());
            tools.apply(state.tool.get()).released(toolContext, v[0], v[1], e);
        }
        toolDrag = false;
    }

    private void onMoved(MouseEvent e) {
        if (map == null) {
            return;
        }
        if (toolActive()) {
            double[] v = voxelAt(e.getX(), e.getY());
            tools.apply(state.tool.get()).moved(toolContext, v[0], v[1]);
        }
        updateHover(e.getX(), e.getY());
    }

    private void moveCursor(double[] v) {
        Volume vol = state.document.get().volume();
        state.cx.set(clamp((int) Math.round(v[0]), vol.nx()));
        state.cy.set(clamp((int) Math.round(v[1]), vol.ny()));
        state.cz.set(clamp((int) Math.round(v[2]), vol.nz()));
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }

    private void updateHover(double sx, double sy) {
        Document d = state.document.get();
        if (d == null) {
            return;
        }
        double[] v = voxelAt(sx, sy);
        int x = (int) Math.round(v[0]), y = (int) Math.round(v[1]), z = (int) Math.round(v[2]);
        Volume vol = d.volume();
        if (x < 0 || y < 0 || z < 0 || x >= vol.nx() || y >= vol.ny() || z >= vol.nz()) {
            state.hover.set("");
            return;
        }
        state.hover.set(describe(d, x, y, z));
    }

    /** "voxel (x, y, z)  LPS (..) mm  value  label" for the status bar. */
    static String describe(Document d, int x, int y, int z) {
        Volume vol = d.volume();
        double[] p = vol.geometry().voxelToPatient(x, y, z);
        String unit = "CT".equals(vol.metadata().modality()) ? " HU" : "";
        int lab = d.labels().get(x, y, z);
        String ln = lab == 0 ? "" : "  label " + d.table().get(lab).map(l -> l.name()).orElse(String.valueOf(lab));
        return String.format(Locale.ROOT, "voxel (%d, %d, %d)   LPS (%.1f, %.1f, %.1f) mm   value %s%s%s", x, y, z, p[0], p[1], p[2],
                fmt(vol.get(x, y, z)), unit, ln);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
