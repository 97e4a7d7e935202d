package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise convert}. */
@Command(name = "convert", mixinStandardHelpOptions = true, description = "Converts between NIfTI, NRRD and DICOM (read only).")
final class ConvertCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise convert is not implemented yet");
    }
}
