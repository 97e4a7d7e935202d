package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise models}. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Lists installed segmentation models.")
final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise models is not implemented yet");
    }
}
