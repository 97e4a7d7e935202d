package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise eval}. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Dice, NSD and volumes of a prediction against ground truth.")
final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise eval is not implemented yet");
    }
}
