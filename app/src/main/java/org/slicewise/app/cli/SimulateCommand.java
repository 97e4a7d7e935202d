package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise simulate}. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Runs the annotation pipeline from prompts a simulated radiologist draws from ground truth.")
final class SimulateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise simulate is not implemented yet");
    }
}
