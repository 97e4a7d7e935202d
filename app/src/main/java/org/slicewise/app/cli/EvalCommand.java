package org.slicewise.app.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slicewise.core.BadInputException;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.metrics.LabelScores;
import org.slicewise.core.metrics.SegmentationMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slicewise eval}: Dice, NSD, HD95 and volumes per label. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Dice, NSD, HD95 and volumes (mL) of a prediction against ground truth, per label, as JSON.")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pred", required = true, description = "predicted label map")
    Path pred;

    @Option(names = "--gt", required = true, description = "ground-truth label map")
    Path gt;

    @Option(names = "--tolerance-mm", defaultValue = "2", description = "NSD tolerance in mm (default: ${DEFAULT-VALUE})")
    double toleranceMm;

    @Override
    public Integer call() throws Exception {
        if (!(toleranceMm >= 0) || !Double.isFinite(toleranceMm)) {
            throw new BadInputException("--tolerance-mm must be a non-negative number: " + toleranceMm);
        }
        LabelMap p = PipelineSupport.readLabels(pred);
        LabelMap g = PipelineSupport.readLabels(gt);
        if (!p.geometry().sameGrid(g.geometry(), 1e-3)) {
            throw BadInputException.of(pred, "not on the grid of " + gt + " (dims, spacing, origin or direction differ)");
        }
        Map<Integer, LabelScores> all = SegmentationMetrics.all(p, g, toleranceMm);
        JsonObject j = new JsonObject();
        j.addProperty("pred", pred.toString());
        j.addProperty("gt", gt.toString());
        j.addProperty("tolerance_mm", toleranceMm);
        JsonObject labels = new JsonObject();
        for (var e : all.entrySet()) {
            labels.add(Integer.toString(e.getKey()), PipelineSupport.scoresJson(e.getValue()));
        }
        j.add("labels", labels);
        PipelineSupport.printJson(spec, j);
        return 0;
    }
}
