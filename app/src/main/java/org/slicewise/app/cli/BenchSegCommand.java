package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise bench seg}. */
@Command(name = "seg", mixinStandardHelpOptions = true, description = "Encoder and decoder latency of the segmentation core.")
final class BenchSegCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise bench seg is not implemented yet");
    }
}
