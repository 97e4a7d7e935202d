package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise bench render}. */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Slice rendering frame time.")
final class BenchRenderCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise bench render is not implemented yet");
    }
}
