package org.slicewise.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data} option of the benchmark subcommands that read the shared data (a picocli {@code @Mixin}). */
final class DataOptions {
    @Option(names = "--data", description = "Shared data folder (default: <slicewise.home>/../shared/data).")
    Path data;

    /** The shared data folder: --data, else the default (see {@link BenchVolumes#sharedData}). */
    Path folder() {
        return BenchVolumes.sharedData(data);
    }
}
