package org.slicewise.app.cli;

import java.nio.file.Path;
import org.slicewise.core.BadInputException;
import org.slicewise.core.seg.SliceSegmenter;

/** Opens the real segmentation model (from the segmentation core) as a cached {@link SliceSegmenter}. */
final class ModelLoader {
    private ModelLoader() {
    }

    static SliceSegmenter open(Path modelDir, String device) {
        throw new BadInputException("no segmentation model available in this build"
                + (modelDir == null ? "" : " (" + modelDir + ")") + "; use --model baseline for the model-free baseline");
    }
}
