package org.slicewise.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.slicewise.core.BadInputException;
import org.slicewise.core.seg.CachedSliceSegmenter;
import org.slicewise.core.seg.DiskEmbeddingStore;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.Models;
import org.slicewise.core.seg.SliceSegmenter;

/**
 * Opens the real segmentation model as a cached {@link SliceSegmenter} for the pipeline. Cross-object
 * post-processing is off: the pipeline resolves overlaps itself (by the larger logit) across all
 * objects of a slice, including objects kept from a previous run, so it needs each object's raw mask.
 */
final class ModelLoader {
    private ModelLoader() {
    }

    static SliceSegmenter open(Path modelDir, String device, UnaryOperator<ModelSpec> choices) {
        Path dir = modelDir;
        if (dir == null) {
            dir = Models.defaultModelDir().orElseThrow(() -> new BadInputException(
                    "no segmentation model installed (searched " + Models.searchPath()
                            + "; see README: tools/fetch-default-model.sh); use --model baseline for the model-free baseline"));
        } else if (!Files.isDirectory(dir)) {
            throw BadInputException.of(dir, "no such model folder");
        }
        CachedSliceSegmenter.Options o = CachedSliceSegmenter.Options.defaults().withPost(false, false, false);
        String disk = System.getenv("SLICEWISE_EMBEDDING_CACHE");
        if (disk != null && !disk.isBlank()) {
            // opt-in persistent embeddings (benchmark iterations, repeated simulate runs)
            o = o.withDisk(new DiskEmbeddingStore(Path.of(disk), 8L << 30));
        }
        return Models.segmenter(dir, device, choices, o);
    }
}
