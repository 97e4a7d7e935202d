package org.slicewise.app.ui;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.slicewise.app.ui.ai.AiBackend;
import org.slicewise.app.ui.io.AppDirs;
import org.slicewise.app.ui.io.ExportService;
import org.slicewise.app.ui.io.RecentFiles;
import org.slicewise.app.ui.measure.Measurements;
import org.slicewise.app.ui.model.Document;
import org.slicewise.app.ui.render.GreyRenderer;
import org.slicewise.app.ui.render.SliceCache;
import org.slicewise.app.ui.tools.BoxTool;
import org.slicewise.app.ui.tools.BrushTool;
import org.slicewise.app.ui.tools.PointTool;
import org.slicewise.app.ui.tools.RecistTool;
import org.slicewise.app.ui.tools.SelectTool;
import org.slicewise.app.ui.tools.Tool;
import org.slicewise.app.ui.tools.ToolKind;
import org.slicewise.core.volume.DisplayWindow;

/**
 * The workstation window: menus and tool bar on top, the axial view (large, with the confidence
 * strip) beside coronal and sagittal, the labels and AI panel on the right, the status bar below.
 * Wiring only; the work is in {@link Workspace}, {@link AiController}, the views and the tools.
 */
public final class MainWindow {
    /** Replaceable services (tests use fakes). */
    public record Services(DocumentLoader loader, ExportService exporter, AiBackend ai, Path userDir, Duration autosaveInterval) {
        public static Services defaults() {
            return new Services(new DocumentLoader(), new ExportService(), org.slicewise.app.ui.ai.AiBackends.detect(),
                    AppDirs.home(), Duration.seconds(60));
        }
    }

    private final ViewerState state = new ViewerState();
    private final TaskRunner runner = new TaskRunner();
    private final Map<ToolKind, Tool> tools = new EnumMap<>(ToolKind.class);
    private final SliceView axial;
    private final SliceView coronal;
    private final SliceView sagittal;
    private final ConfidenceStrip strip;
    private final LabelPanel labels;
    private final AiController ai;
    private final Workspace workspace;
    private final Autosave autosave;
    private final StatusBar status;
    private final BorderPane root = new BorderPane();
    private final Scene scene;
    private Dialogs dialogs;

    public MainWindow(Services services, Dialogs dialogs) {
        this.dialogs = dialogs;
        tools.put(ToolKind.SELECT, new SelectTool());
        tools.put(ToolKind.BOX, new BoxTool());
        tools.put(ToolKind.RECIST, new RecistTool());
        tools.put(ToolKind.POSITIVE, new PointTool(true));
        tools.put(ToolKind.NEGATIVE, new PointTool(false));
        tools.put(ToolKind.BRUSH, new BrushTool(false));
        tools.put(ToolKind.ERASER, new BrushTool(true));
        autosave = new Autosave(state, runner, services.userDir().resolve("recovery"), services.autosaveInterval(), this::message);
        ai = new AiController(state, runner, services.ai(), this::message, autosave::saveNow);
        status = new StatusBar(state, runner, ai);
        axial = new SliceView(org.slicewise.app.ui.render.Orientation.AXIAL, state, tools::get, this::message);
        coronal = new SliceView(org.slicewise.app.ui.render.Orientation.CORONAL, state, tools::get, this::message);
        sagittal = new SliceView(org.slicewise.app.ui.render.Orientation.SAGITTAL, state, tools::get, this::message);
        strip = new ConfidenceStrip(state);
        labels = new LabelPanel(state, proxy, runner);
        workspace = new Workspace(state, runner, services.loader(), services.exporter(), proxy,
                new RecentFiles(services.userDir().resolve("recent.txt")), this::message, this::opened);
        workspace.setUserDir(services.userDir());
        state.tool.addListener((o, a, b) -> {
            if (a != null && tools.get(a) != null) {
                tools.get(a).cancel();
            }
            message(b.title() + ": " + b.hint());
        });
        root.setTop(new VBox(Menus.build(this), Toolbar.build(state, ai)));
        root.setCenter(center());
        root.setRight(rightPanel());
        root.setBottom(status);
        scene = new Scene(root, 1400, 900);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<java.io.File> f = e.getDragboard().getFiles();
            if (f != null && !f.isEmpty()) {
                workspace.open(f.get(0).toPath());
            }
            e.setDropCompleted(f != null && !f.isEmpty());
            e.consume();
        });
        state.revision.addListener((o, a, b) -> measureLater());
        autosave.start();
    }

    /** Forwards to the current dialogs (replaceable after construction, e.g. once the stage exists). */
    private final Dialogs proxy = new Dialogs() {
        @Override
        public void error(String title, String message) { dialogs.error(title, message); }

        @Override
        public boolean confirm(String title, String message) { return dialogs.confirm(title, message); }

        @Override
        public Unsaved unsavedChanges(String what) { return dialogs.unsavedChanges(what); }

        @Override
        public java.util.Optional<org.slicewise.io.dicom.DicomSeriesInfo> pickSeries(List<org.slicewise.io.dicom.DicomSeriesInfo> s) {
            return dialogs.pickSeries(s);
        }

        @Override
        public boolean offerRestore(String description) { return dialogs.offerRestore(description); }
    };

    private SplitPane center() {
        HBox axialBox = new HBox(axial, strip);
        HBox.setHgrow(axial, Priority.ALWAYS);
        VBox side = new VBox(2, coronal, sagittal);
        VBox.setVgrow(coronal, Priority.ALWAYS);
        VBox.setVgrow(sagittal, Priority.ALWAYS);
        SplitPane sp = new SplitPane(axialBox, side);
        sp.setOrientation(Orientation.HORIZONTAL);
        sp.setDividerPositions(0.66);
        return sp;
    }

    private VBox rightPanel() {
        Label aiTitle = new Label("AI");
        aiTitle.setStyle("-fx-font-weight: bold;");
        Label aiStatus = new Label();
        aiStatus.setWrapText(true);
        aiStatus.textProperty().bind(ai.statusProperty());
        CheckBox auto = new CheckBox("Re-run changed slices automatically");
        auto.setId("autoRerun");
        auto.selectedProperty().bindBidirectional(ai.autoRerunProperty());
        Label undo = new Label();
        undo.setId("undoInfo");
        undo.setWrapText(true);
        state.revision.addListener((o, a, b) -> undo.setText(historyText()));
        VBox v = new VBox(6, labels, aiTitle, aiStatus, auto, undo);
        v.setPrefWidth(330);
        v.setStyle("-fx-padding: 4;");
        return v;
    }

    private String historyText() {
        Document d = state.document.get();
        if (d == null) {
            return "";
        }
        return "Undo: " + d.history().undoDescription().orElse("—") + "   Redo: " + d.history().redoDescription().orElse("—");
    }

    /** A loaded document becomes the current one (FX thread). */
    void opened(DocumentLoader.Loaded l) {
        Document d = l.document();
        state.proposal.set(null);
        state.selected.set(null);
        GreyRenderer r = new GreyRenderer(d.volume());
        SliceCache c = new SliceCache(256L << 20);
        state.window.set(l.window());
        state.document.set(d);
        state.activeLabel.set(d.table().labels().isEmpty() ? 1 : d.table().labels().get(0).id());
        state.centre();
        d.editor().addSliceListener(z -> javafx.application.Platform.runLater(state::bump));
        d.annotations().addListener(state::bump);
        d.history().addListener(() -> javafx.application.Platform.runLater(state::bump));
        axial.setDocument(d, r, c);
        coronal.setDocument(d, r, c);
        sagittal.setDocument(d, r, c);
        var md = d.volume().metadata();
        String warn = md.warnings().isEmpty() ? "" : "  warnings: " + String.join("; ", md.warnings());
        message("opened " + (d.source() == null ? "" : d.source().getFileName()) + "  " + d.volume().nx() + "×" + d.volume().ny()
                + "×" + d.volume().nz() + " " + md.modality() + warn);
        stage().ifPresent(s -> s.setTitle("Slicewise — " + (d.source() == null ? "" : d.source().getFileName())));
        state.bump();
    }

    private java.util.Optional<javafx.stage.Stage> stage() {
        return scene.getWindow() instanceof javafx.stage.Stage s ? java.util.Optional.of(s) : java.util.Optional.empty();
    }

    private boolean measurePending;

    private void measureLater() {
        Document d = state.document.get();
        if (d == null || measurePending) {
            return;
        }
        measurePending = true;
        int label = state.activeLabel.get();
        String name = d.table().get(label).map(x -> x.name()).orElse("?");
        // measured on an immutable label snapshot taken on the worker (only slices changed since the
        // previous snapshot are copied, under the editor's lock): nothing is copied on the FX thread
        runner.background(p -> Measurements.measure(d.editor().snapshot(p), label), r -> {
            measurePending = false;
            labels.setMeasurementText(r.voxels() == 0 ? name + ": empty" : String.format(java.util.Locale.ROOT,
                    "%s: %.2f mL (%d voxels)%nRECIST on mask: long %.1f mm, short %.1f mm (slice %d)", name, r.volumeMl(), r.voxels(),
                    r.longMm(), r.shortMm(), r.recistSlice() + 1));
        }, err -> measurePending = false);
    }

    // ---- keyboard ----

    private void onKey(KeyEvent e) {
        if (scene.getFocusOwner() instanceof TextInputControl) {
            return;
        }
        boolean handled = Keys.handle(this, e);
        if (handled) {
            e.consume();
        }
    }

    // ---- API used by menus, keys and tests ----

    public Scene scene() { return scene; }

    public ViewerState state() { return state; }

    public TaskRunner runner() { return runner; }

    public AiController ai() { return ai; }

    public Workspace workspace() { return workspace; }

    public Autosave autosave() { return autosave; }

    public LabelPanel labelPanel() { return labels; }

    public SliceView axialView() { return axial; }

    public SliceView coronalView() { return coronal; }

    public SliceView sagittalView() { return sagittal; }

    public ConfidenceStrip confidenceStrip() { return strip; }

    public Tool tool(ToolKind k) { return tools.get(k); }

    public void setDialogs(Dialogs d) { dialogs = d; }

    public Dialogs currentDialogs() { return dialogs; }

    public void message(String m) { status.message.setText(m); }

    public String lastMessage() { return status.message.getText(); }

    public void open(Path p) { workspace.open(p); }

    public void undo() {
        Document d = state.document.get();
        if (d != null && d.history().undo()) {
            message("undone");
            state.bump();
        }
    }

    public void redo() {
        Document d = state.document.get();
        if (d != null && d.history().redo()) {
            message("redone");
            state.bump();
        }
    }

    public void setWindow(DisplayWindow w) { state.window.set(w); }

    public void autoWindow() {
        Document d = state.document.get();
        if (d != null) {
            runner.background(p -> WindowPresets.percentiles(d.volume(), 0.5, 99.5), w -> setWindowOf(d, w), null);
        }
    }

    public void headerWindow() {
        Document d = state.document.get();
        if (d != null) {
            runner.background(p -> WindowPresets.initial(d.volume()), w -> setWindowOf(d, w), null);
        }
    }

    /** A window computed off the FX thread for {@code d}: dropped when another document was opened meanwhile. */
    private void setWindowOf(Document d, DisplayWindow w) {
        if (state.document.get() == d) {
            state.window.set(w);
        }
    }

    public void resetViews() {
        axial.resetView();
        coronal.resetView();
        sagittal.resetView();
        state.centre();
    }

    public void deleteSelected() {
        var sel = state.selected.get();
        Document d = state.document.get();
        if (sel != null && d != null) {
            d.annotations().all().stream().filter(a -> a.id() == sel.id()).findFirst().ifPresent(a -> d.annotations().remove(a));
            state.selected.set(null);
        }
    }

    /** Quit: asks about unsaved changes; a clean exit removes the recovery file. Returns true if closing. */
    public boolean requestClose() {
        if (!workspace.confirmDiscardOrSave(this::closeAfterSave)) {
            return false;
        }
        shutdown();
        return true;
    }

    /** After "Save" in the quit question: the session is saved, now quit. */
    private void closeAfterSave() {
        shutdown();
        stage().ifPresent(javafx.stage.Stage::close);
        if (exitOnClose) {
            javafx.application.Platform.exit();
        }
    }

    private boolean exitOnClose;

    /** The real application exits the toolkit after a deferred quit (tests keep it running). */
    public void setExitOnClose(boolean b) { exitOnClose = b; }

    public void shutdown() {
        autosave.stop();
        autosave.clear();
        ai.dispose();
        runner.close();
    }
}
