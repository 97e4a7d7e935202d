package org.slicewise.app.ui;

import org.slicewise.core.BadInputException;

/**
 * Starts the JavaFX workstation. Main is not an Application subclass (so the CLI never loads the
 * toolkit and JavaFX on the class path works without modules); this launches {@link WorkstationApp}.
 */
public final class WorkstationLauncher {
    private WorkstationLauncher() {
    }

    /**
     * @param args optional: a file, DICOM folder or session to open
     * @throws BadInputException with one line when no window can be opened (e.g. no display)
     */
    public static void launch(String[] args) {
        try {
            javafx.application.Application.launch(WorkstationApp.class, args);
        } catch (RuntimeException | Error e) {
            Throwable t = e;
            while (t.getCause() != null && t.getMessage() == null) {
                t = t.getCause();
            }
            String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().replace('\n', ' ');
            throw new BadInputException("cannot open the workstation window (" + why
                    + "); a display is needed (the CLI works headless: ./slicewise --help)", e);
        }
    }
}
