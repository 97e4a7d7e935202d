package org.slicewise.app.ui;

/** Starts the JavaFX workstation (placeholder until the workstation issue lands). */
public final class WorkstationLauncher {
    private WorkstationLauncher() {
    }

    public static void launch(String[] args) {
        throw new UnsupportedOperationException("the workstation is not implemented yet");
    }
}
