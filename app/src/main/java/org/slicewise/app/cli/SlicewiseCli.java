package org.slicewise.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.slicewise.core.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code slicewise} command line. Each subcommand is its own class in this package. */
@Command(name = "slicewise", mixinStandardHelpOptions = true, version = "slicewise 0.1.0",
        description = "AI-assisted tumour annotation for CT and MR volumes.",
        subcommands = {InfoCommand.class, ConvertCommand.class, SegmentCommand.class, EvalCommand.class,
            SimulateCommand.class, OpenCommand.class, BenchCommand.class, ModelsCommand.class})
public final class SlicewiseCli {
    /** Exit code for bad input or usage. */
    public static final int EXIT_BAD_INPUT = 2;

    private SlicewiseCli() {
    }

    /** Runs the CLI and returns the exit code (0 ok, 2 bad input/usage, 1 internal error). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new SlicewiseCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("slicewise: " + oneLine(ex.getMessage()));
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = unwrap(ex);
            if (t instanceof BadInputException || t instanceof IOException || t instanceof IllegalArgumentException) {
                err.println("slicewise: error: " + oneLine(t.getMessage()));
                return EXIT_BAD_INPUT;
            }
            err.println("slicewise: internal error: " + t);
            t.printStackTrace(err);
            return 1;
        });
        return cl.execute(args);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof UncheckedIOException || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        return s.replace('\n', ' ').replace('\r', ' ').trim();
    }
}
