package org.slicewise.app.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slicewise.io.dicom.DicomSeriesInfo;

/** Dialog answers scripted by a test; every question is recorded. */
public final class ScriptedDialogs implements Dialogs {
    public final List<String> errors = new ArrayList<>();
    public final List<String> asked = new ArrayList<>();
    public boolean confirmAnswer = true;
    public boolean restoreAnswer = true;
    public Unsaved unsavedAnswer = Unsaved.DISCARD;
    /** Run inside confirm (on the FX thread) before answering, e.g. an edit made while the question is open. */
    public Runnable onConfirm;

    @Override
    public void error(String title, String message) {
        errors.add(message);
    }

    @Override
    public boolean confirm(String title, String message) {
        asked.add("confirm: " + message);
        if (onConfirm != null) {
            onConfirm.run();
        }
        return confirmAnswer;
    }

    @Override
    public Unsaved unsavedChanges(String what) {
        asked.add("unsaved: " + what);
        return unsavedAnswer;
    }

    @Override
    public Optional<DicomSeriesInfo> pickSeries(List<DicomSeriesInfo> series) {
        asked.add("series: " + series.size());
        return series.stream().findFirst();
    }

    @Override
    public boolean offerRestore(String description) {
        asked.add("restore: " + description);
        return restoreAnswer;
    }
}
