package org.slicewise.app.ui.dialogs;

import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Window;
import org.slicewise.app.ui.ai.AiBackend;

/** Lists installed models with licence and provenance, flagging models not trained on medical images. */
public final class ModelPickerDialog extends Dialog<AiBackend.ModelChoice> {
    public ModelPickerDialog(Window owner, List<AiBackend.ModelChoice> models, String currentId) {
        initOwner(owner);
        setTitle("Segmentation model");
        setHeaderText(models.isEmpty() ? "No model installed" : "Installed models");
        TableView<AiBackend.ModelChoice> t = new TableView<>();
        t.setId("modelTable");
        t.getColumns().add(col("Model", AiBackend.ModelChoice::name));
        t.getColumns().add(col("Licence", AiBackend.ModelChoice::licence));
        t.getColumns().add(col("Provenance", AiBackend.ModelChoice::provenance));
        t.getColumns().add(col("Note", m -> (m.medical() ? "" : "not trained on medical images. ") + m.note()));
        t.getItems().setAll(models);
        t.setPrefSize(760, 220);
        models.stream().filter(m -> m.id().equals(currentId) || currentId.startsWith(m.id() + "+")).findFirst().ifPresentOrElse(
                m -> t.getSelectionModel().select(m), () -> t.getSelectionModel().selectFirst());
        getDialogPane().setContent(t);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        setResultConverter(b -> b == ButtonType.OK ? t.getSelectionModel().getSelectedItem() : null);
    }

    private static TableColumn<AiBackend.ModelChoice, String> col(String title,
                                                                  java.util.function.Function<AiBackend.ModelChoice, String> f) {
        TableColumn<AiBackend.ModelChoice, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        return c;
    }
}
