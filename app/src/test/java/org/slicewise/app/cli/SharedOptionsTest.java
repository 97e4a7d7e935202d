package org.slicewise.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.app.TestData;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Options shared by several subcommands are declared once, in mixins, and behave the same everywhere. */
class SharedOptionsTest {
    private static CommandSpec spec(String... path) {
        CommandLine cl = new CommandLine(SlicewiseCli.class);
        for (String p : path) {
            cl = cl.getSubcommands().get(p);
        }
        return cl.getCommandSpec();
    }

    private static void fromMixin(String mixin, String option, String[]... commands) {
        OptionSpec first = null;
        for (String[] c : commands) {
            CommandSpec s = spec(c);
            CommandSpec m = s.mixins().get(mixin);
            assertNotNull(m, String.join(" ", c) + " has no '" + mixin + "' mixin");
            OptionSpec o = m.findOption(option);
            assertNotNull(o, option + " not in the mixin of " + String.join(" ", c));
            assertNotNull(s.findOption(option));
            if (first == null) {
                first = o;
            } else {
                assertArrayEquals(first.description(), o.description(), option + " help differs");
                assertEquals(first.defaultValue(), o.defaultValue(), option + " default differs");
            }
        }
    }

    @Test
    void pipelineAndDataOptionsComeFromMixins() {
        for (String o : new String[] {"--interpolation", "--propagation", "--window", "--select"}) {
            fromMixin("pipeline", o, new String[] {"segment"}, new String[] {"simulate"});
            assertNull(spec("segment").findOption(o).defaultValue(), "absent means: the file's / the pipeline default");
        }
        fromMixin("data", "--data", new String[] {"bench", "seg"}, new String[] {"bench", "dicom"}, new String[] {"bench", "pipeline"});
        fromMixin("segmenter", "--model", new String[] {"segment"}, new String[] {"simulate"});
        fromMixin("segmenter", "--decoder", new String[] {"segment"}, new String[] {"simulate"});
        fromMixin("segmenter", "--encoder-precision", new String[] {"segment"}, new String[] {"simulate"});
    }

    @Test
    void sharedOptionsAreValidatedAlikeWithOneLineErrors(@TempDir Path dir) throws Exception {
        Path img = TestData.data(PipelineCliTest.IMG);
        Path gt = TestData.data(PipelineCliTest.GT);
        Path p = dir.resolve("p.json");
        Path out = dir.resolve("m.nii.gz");
        Files.writeString(p, "{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":12,\"box\":[10,10,30,20]}]}]}");
        String[] seg = {"segment", "--image", img.toString(), "--prompts", p.toString(), "--out", out.toString(), "--model", "baseline"};
        String[] sim = {"simulate", "--image", img.toString(), "--gt", gt.toString(), "--every", "3", "--model", "baseline"};
        for (String[] base : new String[][] {seg, sim}) {
            PipelineCliTest.badInput(PipelineCliTest.cli(concat(base, "--interpolation", "cubic")),
                    "--interpolation must be linear, shape or hull: cubic");
            PipelineCliTest.badInput(PipelineCliTest.cli(concat(base, "--propagation", "sideways")), "--propagation must be");
            PipelineCliTest.badInput(PipelineCliTest.cli(concat(base, "--window", "wide")), "--window must be auto, pct or WIDTH,LEVEL");
            PipelineCliTest.badInput(PipelineCliTest.cli(concat(base, "--decoder", "fast")), "--decoder must be auto, native or onnx");
            PipelineCliTest.badInput(PipelineCliTest.cli(concat(base, "--encoder-precision", "int4")), "--encoder-precision must be fp32 or int8");
            PipelineCliTest.badInput(PipelineCliTest.cli(concat(base, "--select", "best")), "--select must be none or model: best");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
