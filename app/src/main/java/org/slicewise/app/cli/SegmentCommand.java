package org.slicewise.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slicewise segment}. */
@Command(name = "segment", mixinStandardHelpOptions = true, description = "Segments objects from box/point/axis prompts into a label map.")
final class SegmentCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("slicewise segment is not implemented yet");
    }
}
