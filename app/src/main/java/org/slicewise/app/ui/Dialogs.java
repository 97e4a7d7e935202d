package org.slicewise.app.ui;

import java.util.List;
import java.util.Optional;
import org.slicewise.io.dicom.DicomSeriesInfo;

/**
 * The questions the workstation asks the user. The FX implementation shows modal dialogs; tests
 * plug in scripted answers so nothing blocks.
 */
public interface Dialogs {
    /** A failure the user must see (one line). */
    void error(String title, String message);

    boolean confirm(String title, String message);

    /** Unsaved changes on quit/close: SAVE, DISCARD or CANCEL. */
    enum Unsaved { SAVE, DISCARD, CANCEL }

    Unsaved unsavedChanges(String what);

    /** Picks a DICOM series (empty: cancelled). */
    Optional<DicomSeriesInfo> pickSeries(List<DicomSeriesInfo> series);

    /** Offers to restore a recovery file after a crash. */
    boolean offerRestore(String description);
}
