package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise bench io}. */
@Command(name = "io", mixinStandardHelpOptions = true, description = "NIfTI/NRRD read and write throughput against bare gzip.")
final class BenchIoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise bench io is not implemented yet");
    }
}
