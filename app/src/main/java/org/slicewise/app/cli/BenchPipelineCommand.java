package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise bench pipeline}. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, description = "Sparse-prompt to 3D pipeline cost per case.")
final class BenchPipelineCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise bench pipeline is not implemented yet");
    }
}
