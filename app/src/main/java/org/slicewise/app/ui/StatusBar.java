package org.slicewise.app.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** Status bar: position/value under the cursor, messages, task progress with Cancel, AI status. */
final class StatusBar extends HBox {
    final Label hover = new Label();
    final Label message = new Label("Ready");
    final ProgressBar progress = new ProgressBar();
    final Button cancel = new Button("Cancel");
    final Label ai = new Label();

    StatusBar(ViewerState state, TaskRunner runner, AiController aiController) {
        setId("statusBar");
        setSpacing(10);
        setPadding(new Insets(3, 6, 3, 6));
        setAlignment(Pos.CENTER_LEFT);
        hover.setId("hoverInfo");
        message.setId("statusMessage");
        progress.setId("progress");
        cancel.setId("cancelTask");
        ai.setId("aiStatus");
        hover.textProperty().bind(state.hover);
        hover.setMinWidth(540);
        progress.setPrefWidth(140);
        progress.progressProperty().bind(runner.progressProperty());
        progress.visibleProperty().bind(runner.busyProperty());
        cancel.visibleProperty().bind(runner.busyProperty());
        cancel.setOnAction(e -> runner.cancelCurrent());
        ai.textProperty().bind(aiController.statusProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        getChildren().addAll(hover, message, progress, cancel, ai);
        setStyle("-fx-border-color: #888 transparent transparent transparent;");
    }
}
