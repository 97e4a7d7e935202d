package org.slicewise.app.ui.ai;

/** Finds the installed models for the workstation. */
public final class AiBackends {
    private AiBackends() {
    }

    /** The default backend: the segmentation core's model registry when present in this build. */
    public static AiBackend detect() {
        return AiBackend.none("AI is off: no segmentation model registry in this build (manual tools work)");
    }
}
