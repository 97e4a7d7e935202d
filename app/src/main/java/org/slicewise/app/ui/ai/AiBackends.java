package org.slicewise.app.ui.ai;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slicewise.core.seg.CachedSliceSegmenter;
import org.slicewise.core.seg.Models;
import org.slicewise.core.seg.SliceSegmenter;

/** Finds the installed models for the workstation through the segmentation core's registry. */
public final class AiBackends {
    private AiBackends() {
    }

    /** The installed models (valid ones first, the default model first among them). */
    public static AiBackend detect() {
        List<Models.Installed> all;
        try {
            all = Models.installed();
        } catch (RuntimeException e) {
            return AiBackend.none("AI is off: cannot list models: " + e.getMessage());
        }
        List<AiBackend.ModelChoice> valid = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Models.Installed m : all) {
            if (m.valid()) {
                var s = m.spec();
                AiBackend.ModelChoice c = new AiBackend.ModelChoice(m.dir().toString(), s.name(), s.licence(), s.provenance(),
                        s.medical(), s.medical() ? "" : "general-purpose model; check every result");
                if (Models.DEFAULT_ID.equals(s.id())) {
                    valid.add(0, c);
                } else {
                    valid.add(c);
                }
            } else {
                problems.add(m.dir().getFileName() + ": " + m.problem());
            }
        }
        if (valid.isEmpty()) {
            String searched = Models.searchPath().stream().map(Path::toString).collect(Collectors.joining(", "));
            String why = problems.isEmpty() ? "no segmentation model installed (searched " + searched
                    + "; run tools/fetch-default-model.sh)" : "no usable model: " + String.join("; ", problems);
            return AiBackend.none("AI is off: " + why + ". Manual tools work.");
        }
        return new AiBackend() {
            @Override
            public List<ModelChoice> models() { return valid; }

            @Override
            public SliceSegmenter load(String id) {
                return load(id, null);
            }

            @Override
            public SliceSegmenter load(String id, String encoderPrecision) {
                return Models.segmenter(Path.of(id), "auto",
                        encoderPrecision == null ? UnaryOperator.identity() : s -> s.withEncoderPrecision(encoderPrecision),
                        CachedSliceSegmenter.Options.defaults());
            }

            @Override
            public String unavailableReason() { return ""; }
        };
    }
}
