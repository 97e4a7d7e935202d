package org.slicewise.app.cli;

import picocli.CommandLine.Command;

/** {@code slicewise bench AREA}: each area is its own subcommand class; numbers go in BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs the benchmarks whose numbers go in BENCHMARKS.md.",
        subcommands = {BenchIoCommand.class, BenchDicomCommand.class, BenchSegCommand.class,
            BenchPipelineCommand.class, BenchRenderCommand.class})
final class BenchCommand {
}
