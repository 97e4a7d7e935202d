package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise info}. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Prints a volume's or a DICOM folder's geometry and statistics as JSON.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise info is not implemented yet");
    }
}
