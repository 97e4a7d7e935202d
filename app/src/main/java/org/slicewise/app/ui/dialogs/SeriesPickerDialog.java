package org.slicewise.app.ui.dialogs;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Window;
import org.slicewise.io.dicom.DicomSeriesInfo;

/** Lists the series of a DICOM folder: modality, description, dims, spacing, files, warnings. */
public final class SeriesPickerDialog extends Dialog<DicomSeriesInfo> {
    public SeriesPickerDialog(Window owner, List<DicomSeriesInfo> series) {
        initOwner(owner);
        setTitle("Choose a DICOM series");
        setHeaderText(series.size() + " series found");
        TableView<DicomSeriesInfo> t = new TableView<>();
        t.setId("seriesTable");
        t.getColumns().add(col("Modality", s -> s.modality()));
        t.getColumns().add(col("Description", s -> s.description()));
        t.getColumns().add(col("Dims", s -> s.dims()[0] + "×" + s.dims()[1] + "×" + s.dims()[2]));
        t.getColumns().add(col("Spacing (mm)", s -> String.format(Locale.ROOT, "%.3g×%.3g×%.3g", s.spacing()[0], s.spacing()[1], s.spacing()[2])));
        t.getColumns().add(col("Files", s -> String.valueOf(s.files())));
        t.getColumns().add(col("Warnings", s -> String.join("; ", s.warnings())));
        t.getItems().setAll(series);
        t.setPrefSize(760, 260);
        t.getSelectionModel().selectFirst();
        getDialogPane().setContent(t);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        setResultConverter(b -> b == ButtonType.OK ? t.getSelectionModel().getSelectedItem() : null);
    }

    private static TableColumn<DicomSeriesInfo, String> col(String title, java.util.function.Function<DicomSeriesInfo, String> f) {
        TableColumn<DicomSeriesInfo, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        return c;
    }
}
