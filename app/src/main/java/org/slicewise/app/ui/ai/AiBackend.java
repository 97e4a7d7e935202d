package org.slicewise.app.ui.ai;

import java.util.List;
import org.slicewise.core.seg.SliceSegmenter;

/**
 * Where the workstation gets its models from: the installed models (with licence and provenance)
 * and a way to load one as a {@link SliceSegmenter}. Tests plug in a fake; with no model the app
 * stays a manual annotation tool and shows {@link #unavailableReason()}.
 */
public interface AiBackend {
    /** A model that can be picked. */
    record ModelChoice(String id, String name, String licence, String provenance, boolean medical, String note) {
    }

    List<ModelChoice> models();

    /** Loads a model (slow: call off the FX thread). Throws with a one-line reason on failure. */
    SliceSegmenter load(String id) throws Exception;

    /**
     * Loads a model with an explicit encoder precision ("fp32" or "int8"; null: as model.json and the
     * start-up options say). Backends without a choice of precision load as {@link #load(String)}.
     */
    default SliceSegmenter load(String id, String encoderPrecision) throws Exception {
        return load(id);
    }

    /** Why AI is off when {@link #models()} is empty. */
    String unavailableReason();

    /** A backend without models. */
    static AiBackend none(String reason) {
        return new AiBackend() {
            @Override
            public List<ModelChoice> models() { return List.of(); }

            @Override
            public SliceSegmenter load(String id) {
                throw new IllegalStateException(reason);
            }

            @Override
            public String unavailableReason() { return reason; }
        };
    }

    /** A backend serving one ready segmenter (tests, or a model loaded elsewhere). */
    static AiBackend of(SliceSegmenter s) {
        var info = s.info();
        return new AiBackend() {
            @Override
            public List<ModelChoice> models() {
                return List.of(new ModelChoice(info.id(), info.name(), info.licence(), info.provenance(), info.medical(), ""));
            }

            @Override
            public SliceSegmenter load(String id) { return s; }

            @Override
            public String unavailableReason() { return ""; }
        };
    }
}
