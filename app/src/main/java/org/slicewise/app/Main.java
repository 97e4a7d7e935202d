package org.slicewise.app;

import org.slicewise.app.cli.SlicewiseCli;

/**
 * Entry point of {@code ./slicewise}: no arguments opens the workstation, a subcommand runs the CLI
 * headless. Kept free of JavaFX types so the CLI never loads the toolkit.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            try {
                org.slicewise.app.ui.WorkstationLauncher.launch(new String[0]);
            } catch (org.slicewise.core.BadInputException e) {
                System.err.println("slicewise: error: " + e.getMessage());
                System.exit(SlicewiseCli.EXIT_BAD_INPUT);
            }
            return;
        }
        System.exit(SlicewiseCli.run(args));
    }
}
