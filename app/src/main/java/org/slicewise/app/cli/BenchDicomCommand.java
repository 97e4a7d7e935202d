package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise bench dicom}. */
@Command(name = "dicom", mixinStandardHelpOptions = true, description = "DICOM series read, sort and stack; compressed-slice throughput.")
final class BenchDicomCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise bench dicom is not implemented yet");
    }
}
