package org.slicewise.app.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slicewise.app.ui.dialogs.FxDialogs;

/** The JavaFX application: one {@link MainWindow}; offers crash recovery, then opens the file given on the command line. */
public final class WorkstationApp extends Application {
    @Override
    public void start(Stage stage) {
        MainWindow w = new MainWindow(MainWindow.Services.defaults(), null);
        w.setDialogs(new FxDialogs(stage));
        w.setExitOnClose(true);
        stage.setTitle("Slicewise");
        stage.setScene(w.scene());
        stage.setOnCloseRequest(e -> {
            if (!w.requestClose()) {
                e.consume();
            }
        });
        stage.show();
        List<String> args = getParameters().getRaw();
        Platform.runLater(() -> {
            Recovery.offer(w);
            if (!args.isEmpty()) {
                w.open(Path.of(args.get(0)));
            }
        });
    }
}
