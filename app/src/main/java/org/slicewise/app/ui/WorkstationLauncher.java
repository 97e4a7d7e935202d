package org.slicewise.app.ui;

/**
 * Starts the JavaFX workstation. Main is not an Application subclass (so the CLI never loads the
 * toolkit and JavaFX on the class path works without modules); this launches {@link WorkstationApp}.
 */
public final class WorkstationLauncher {
    private WorkstationLauncher() {
    }

    /** @param args optional: a file, DICOM folder or session to open */
    public static void launch(String[] args) {
        javafx.application.Application.launch(WorkstationApp.class, args);
    }
}
