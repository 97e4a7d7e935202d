package org.slicewise.app.ui;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelErasure;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.label.LabelTable;

/**
 * The objects (labels): colour, name, visibility, opacity and lock per row; add, rename, delete
 * (asks when the label has voxels; the voxels are counted off the FX thread), reorder. The
 * selected row is the active label.
 */
public final class LabelPanel extends VBox {
    private final ViewerState state;
    private final ListView<LabelInfo> list = new ListView<>();
    private final Label measure = new Label();
    private final Dialogs dialogs;
    private final TaskRunner runner;
    private boolean updating;
    private TaskRunner.Handle deleting;
    private volatile Thread scanThread;

    public LabelPanel(ViewerState state, Dialogs dialogs, TaskRunner runner) {
        this.state = state;
        this.dialogs = dialogs;
        this.runner = runner;
        setId("labelPanel");
        setSpacing(4);
        setPadding(new Insets(4));
        list.setId("labelList");
        list.setPrefHeight(170);
        list.setCellFactory(v -> new Row());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                state.activeLabel.set(b.id());
            }
        });
        Button add = button("+", "Add a label", this::addLabel);
        add.setId("addLabel");
        Button del = button("−", "Delete the selected label", this::deleteLabel);
        del.setId("deleteLabel");
        Button up = button("↑", "Move up", () -> move(-1));
        Button down = button("↓", "Move down", () -> move(1));
        Button ren = button("Rename", "Rename the selected label (or double-click)", this::rename);
        HBox buttons = new HBox(4, add, del, up, down, ren);
        measure.setId("measurements");
        measure.setWrapText(true);
        Label title = new Label("Labels");
        title.setStyle("-fx-font-weight: bold;");
        getChildren().addAll(title, list, buttons, measure);
        VBox.setVgrow(list, Priority.ALWAYS);
        state.activeLabel.addListener((o, a, b) -> refresh());
        state.document.addListener((o, a, b) -> {
            if (b != null) {
                b.table().addListener(this::refresh);
            }
            refresh();
        });
    }

    private static Button button(String text, String tip, Runnable r) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> r.run());
        return b;
    }

    private LabelTable table() {
        Document d = state.document.get();
        return d == null ? null : d.table();
    }

    public void setMeasurementText(String s) { measure.setText(s); }

    public void refresh() {
        LabelTable t = table();
        updating = true;
        try {
            list.getItems().setAll(t == null ? java.util.List.of() : t.labels());
            list.getItems().stream().filter(l -> l.id() == state.activeLabel.get()).findFirst()
                    .ifPresent(l -> list.getSelectionModel().select(l));
        } finally {
            updating = false;
        }
        state.bump();
    }

    public LabelInfo addLabel() {
        LabelTable t = table();
        if (t == null) {
            return null;
        }
        LabelInfo l = t.add("Object " + (t.labels().size() + 1));
        state.document.get().touch();
        state.activeLabel.set(l.id());
        return l;
    }

    /**
     * Deletes the selected label. Counting its voxels and building the erase patches means reading
     * the whole label map, so it runs on the {@link TaskRunner} (progress + Cancel in the status bar)
     * on a {@link LabelEditor#snapshot snapshot}; the FX thread then asks (with the count) and applies
     * the erase through {@link LabelEditor#eraseLabel} as one undo step, which rescans only the slices
     * edited since the snapshot.
     */
    private void deleteLabel() {
        LabelInfo l = list.getSelectionModel().getSelectedItem();
        Document d = state.document.get();
        if (d == null || l == null || (deleting != null && !deleting.isDone())) {
            return;
        }
        int id = l.id();
        deleting = runner.run("Deleting label " + l.name(), p -> {
            scanThread = Thread.currentThread();
            return LabelErasure.scan(d.editor(), id, p);
        }, plan -> finishDelete(d, plan), err -> {
            if (!(err instanceof CancellationException)) {
                dialogs.error("Cannot delete label", TaskRunner.oneLine(err));
            }
        });
    }

    /** FX thread: confirm with the count, erase (one undo step), then drop the label and its prompts. */
    private void finishDelete(Document d, LabelErasure scanned) {
        LabelTable t = d.table();
        LabelInfo l = t.get(scanned.label()).orElse(null);
        if (state.document.get() != d || l == null) {
            return; // another document, or the label went meanwhile
        }
        // slices edited while the scan ran are rescanned here (few), so the question shows the live count
        LabelErasure plan = d.editor().refresh(scanned);
        long n = plan.voxels();
        if (n > 0 && !dialogs.confirm("Delete label", "Delete '" + l.name() + "' and erase its " + n + " voxel(s)?")) {
            return;
        }
        if (n > 0) {
            if (l.locked()) {
                t.put(l.withLocked(false));
            }
            // re-checked under the editor's lock: only voxels holding the label now are erased
            d.editor().eraseLabel("delete label " + l.name(), plan);
        }
        d.annotations().removeLabel(l.id());
        t.remove(l.id());
        d.touch();
        t.labels().stream().findFirst().ifPresent(f -> state.activeLabel.set(f.id()));
    }

    /** The thread that ran the last delete-label scan (tests check it is not the FX thread). */
    Thread lastScanThread() { return scanThread; }

    private void move(int delta) {
        LabelTable t = table();
        LabelInfo l = list.getSelectionModel().getSelectedItem();
        if (t != null && l != null) {
            int i = t.labels().indexOf(l);
            t.move(l.id(), Math.max(0, i + delta));
            state.document.get().touch();
        }
    }

    private void rename() {
        LabelInfo l = list.getSelectionModel().getSelectedItem();
        if (l == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog(l.name());
        d.setTitle("Rename label");
        d.setHeaderText(null);
        d.setContentText("Name:");
        Optional<String> r = d.showAndWait();
        r.filter(s -> !s.isBlank()).ifPresent(s -> update(l.withName(s.trim())));
    }

    /** Replaces a label's entry (name, colour, visibility, opacity, lock). */
    public void update(LabelInfo l) {
        LabelTable t = table();
        if (t != null) {
            t.put(l);
            state.document.get().touch();
        }
    }

    private final class Row extends ListCell<LabelInfo> {
        private final ColorPicker colour = new ColorPicker();
        private final Label name = new Label();
        private final CheckBox visible = new CheckBox();
        private final Slider opacity = new Slider(0, 1, 0.5);
        private final ToggleButton lock = new ToggleButton("lock");
        private final HBox box;
        private boolean binding;

        Row() {
            colour.setStyle("-fx-color-label-visible: false;");
            colour.setPrefWidth(44);
            opacity.setPrefWidth(70);
            visible.setTooltip(new Tooltip("visible"));
            opacity.setTooltip(new Tooltip("overlay opacity"));
            lock.setTooltip(new Tooltip("locked: never overwritten by tools or AI"));
            name.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(name, Priority.ALWAYS);
            box = new HBox(4, colour, name, visible, opacity, lock);
            box.setAlignment(Pos.CENTER_LEFT);
            colour.setOnAction(e -> edit(l -> l.withRgb(rgb(colour.getValue()))));
            visible.setOnAction(e -> edit(l -> l.withVisible(visible.isSelected())));
            opacity.valueChangingProperty().addListener((o, a, b) -> {
                if (!b) {
                    edit(l -> l.withOpacity(opacity.getValue()));
                }
            });
            opacity.setOnMouseReleased(e -> edit(l -> l.withOpacity(opacity.getValue())));
            lock.setOnAction(e -> edit(l -> l.withLocked(lock.isSelected())));
            setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && getItem() != null) {
                    rename();
                }
            });
        }

        private void edit(java.util.function.UnaryOperator<LabelInfo> f) {
            if (!binding && getItem() != null) {
                update(f.apply(getItem()));
            }
        }

        @Override
        protected void updateItem(LabelInfo l, boolean empty) {
            super.updateItem(l, empty);
            if (empty || l == null) {
                setGraphic(null);
                return;
            }
            binding = true;
            colour.setValue(Color.rgb((l.rgb() >> 16) & 0xFF, (l.rgb() >> 8) & 0xFF, l.rgb() & 0xFF));
            name.setText(l.id() + "  " + l.name());
            visible.setSelected(l.visible());
            opacity.setValue(l.opacity());
            lock.setSelected(l.locked());
            binding = false;
            setGraphic(box);
        }
    }

    static int rgb(Color c) {
        return (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }
}
