package org.slicewise.app.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.slicewise.app.ui.dialogs.ModelPickerDialog;
import org.slicewise.app.ui.io.SessionIO;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.volume.DisplayWindow;

/** The menu bar (File, Edit, View, AI, Help). */
final class Menus {
    private Menus() {
    }

    static MenuBar build(MainWindow w) {
        MenuBar bar = new MenuBar();
        bar.setId("menuBar");
        bar.getMenus().addAll(file(w), edit(w), view(w), ai(w), help());
        return bar;
    }

    private static MenuItem item(String text, String accel, Runnable r) {
        MenuItem i = new MenuItem(text);
        if (accel != null) {
            i.setAccelerator(KeyCombination.keyCombination(accel));
        }
        i.setOnAction(e -> r.run());
        return i;
    }

    private static Menu file(MainWindow w) {
        Menu recent = new Menu("Recent");
        recent.setOnShowing(e -> {
            recent.getItems().clear();
            for (Path p : w.workspace().recent().list()) {
                recent.getItems().add(item(p.toString(), null, () -> w.open(p)));
            }
            if (recent.getItems().isEmpty()) {
                MenuItem none = new MenuItem("(none)");
                none.setDisable(true);
                recent.getItems().add(none);
            }
        });
        recent.getItems().add(new MenuItem("(none)"));
        Menu m = new Menu("File");
        m.getItems().addAll(
                item("Open image or session…", "Shortcut+O", () -> openFile(w)),
                item("Open DICOM folder…", "Shortcut+Shift+O", () -> {
                    DirectoryChooser c = new DirectoryChooser();
                    c.setTitle("Open DICOM folder");
                    File f = c.showDialog(w.scene().getWindow());
                    if (f != null) {
                        w.open(f.toPath());
                    }
                }),
                recent, new SeparatorMenuItem(),
                item("Save session", "Shortcut+S", () -> {
                    Document d = w.state().document.get();
                    if (d != null) {
                        w.workspace().saveSession(w.workspace().defaultSessionPath(d), null);
                    }
                }),
                item("Save session as…", "Shortcut+Shift+S", () -> {
                    FileChooser c = new FileChooser();
                    c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Slicewise session", "*" + SessionIO.EXTENSION));
                    File f = c.showSaveDialog(w.scene().getWindow());
                    if (f != null) {
                        w.workspace().saveSession(f.toPath(), null);
                    }
                }),
                item("Export labels (NIfTI + JSON)…", "Shortcut+E", () -> {
                    FileChooser c = new FileChooser();
                    c.setInitialFileName("labels.nii.gz");
                    c.getExtensionFilters().add(new FileChooser.ExtensionFilter("NIfTI", "*.nii.gz", "*.nii"));
                    File f = c.showSaveDialog(w.scene().getWindow());
                    if (f != null) {
                        w.workspace().export(f.toPath(), null);
                    }
                }),
                new SeparatorMenuItem(),
                item("Quit", "Shortcut+Q", () -> {
                    if (w.requestClose()) {
                        javafx.application.Platform.exit();
                    }
                }));
        return m;
    }

    private static void openFile(MainWindow w) {
        FileChooser c = new FileChooser();
        c.setTitle("Open image or session");
        c.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images and sessions", "*.nii", "*.nii.gz", "*.nrrd", "*.nhdr", "*.dcm", "*.zip",
                        "*" + SessionIO.EXTENSION),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = c.showOpenDialog(w.scene().getWindow());
        if (f != null) {
            w.open(f.toPath());
        }
    }

    private static Menu edit(MainWindow w) {
        Menu m = new Menu("Edit");
        m.getItems().addAll(item("Undo", null, w::undo), item("Redo", null, w::redo),
                item("Delete selected prompt", null, w::deleteSelected),
                item("Add label", null, () -> w.labelPanel().addLabel()));
        return m;
    }

    private static Menu view(MainWindow w) {
        Menu win = new Menu("Window/level");
        win.getItems().add(item("Header / default (1)", null, w::headerWindow));
        int k = 2;
        for (Map.Entry<String, DisplayWindow> e : WindowPresets.ct().entrySet()) {
            win.getItems().add(item(e.getKey() + " (" + k++ + ")", null, () -> w.setWindow(e.getValue())));
        }
        win.getItems().add(item("MR auto, 0.5–99.5 percentiles (6)", null, w::autoWindow));
        Menu m = new Menu("View");
        m.getItems().addAll(win, item("Reset views (Home)", null, w::resetViews));
        return m;
    }

    private static Menu ai(MainWindow w) {
        Menu m = new Menu("AI");
        CheckMenuItem auto = new CheckMenuItem("Re-run changed slices automatically");
        auto.selectedProperty().bindBidirectional(w.ai().autoRerunProperty());
        CheckMenuItem fast = new CheckMenuItem("Fast encoder (int8; reloads the model)");
        fast.setId("fastEncoder");
        fast.selectedProperty().bindBidirectional(w.ai().fastEncoderProperty());
        m.getItems().addAll(
                item("Segment active object (S)", null, () -> w.ai().segment(false)),
                item("Segment all objects (Shift+S)", null, () -> w.ai().segment(true)),
                item("Re-run changed slices (U)", null, () -> w.ai().rerunChanged()),
                item("Accept proposal (A)", null, () -> w.ai().accept()),
                item("Reject proposal (Esc)", null, () -> w.ai().reject()),
                item("Cancel running segmentation", null, () -> w.ai().cancel()),
                auto, fast, new SeparatorMenuItem(),
                item("Choose model…", null, () -> {
                    var models = w.ai().backend().models();
                    if (models.isEmpty()) {
                        w.currentDialogs().error("No model", w.ai().backend().unavailableReason());
                        return;
                    }
                    String cur = w.ai().segmenter() == null ? "" : w.ai().segmenter().info().id();
                    new ModelPickerDialog(w.scene().getWindow(), models, cur).showAndWait().ifPresent(w.ai()::load);
                }));
        return m;
    }

    private static Menu help() {
        Menu m = new Menu("Help");
        m.getItems().add(item("Keyboard shortcuts", "F1", () -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION, SHORTCUTS);
            a.setTitle("Keyboard shortcuts");
            a.setHeaderText("Slicewise shortcuts");
            a.show();
        }));
        return m;
    }

    static final String SHORTCUTS = """
            Tools: C navigate, V select/move, B box, M RECIST, P positive point, N negative point, D brush, E eraser
            [ / ] brush size; Delete removes the selected prompt; Esc cancels a drawing / rejects the proposal
            Slices: wheel or Up/Down, Page Up/Down; Ctrl+wheel or +/- zoom; middle-drag or Shift+drag pan; Home resets
            Window: right-drag; 1 header, 2 soft tissue, 3 lung, 4 brain, 5 bone, 6 MR auto
            AI: S segment active object, Shift+S all objects, U re-run changed slices, A accept
            Ctrl+Z undo, Ctrl+Shift+Z / Ctrl+Y redo, Ctrl+S save session, Ctrl+E export, Ctrl+O open""";
}
