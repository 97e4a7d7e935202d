package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise open}. */
@Command(name = "open", mixinStandardHelpOptions = true, description = "Opens a file or DICOM folder in the workstation.")
final class OpenCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise open is not implemented yet");
    }
}
