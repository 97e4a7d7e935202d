package org.slicewise.core.seg;

import java.util.List;
import org.slicewise.core.volume.Volume;

/**
 * What the pipeline, the CLI and the UI use: a {@link SegmentationEngine} behind an embedding
 * cache and the MedSAM preprocessing. Thread-safe.
 */
public interface SliceSegmenter extends AutoCloseable {
    ModelInfo info();

    /** The embedding of axial slice z (from the cache, or encoded now; never encoded twice concurrently). */
    Embedding embedding(Volume volume, int z, InputWindow window);

    /** Batched decode of all objects of one slice. */
    List<ObjectMask> decode(Embedding embedding, List<ObjectPrompt> objects);

    /** Batched decode; {@code fullLowRes}: see {@link SegmentationEngine#decode(Embedding, List, boolean)}. */
    default List<ObjectMask> decode(Embedding embedding, List<ObjectPrompt> objects, boolean fullLowRes) {
        return decode(embedding, objects);
    }

    /**
     * Encodes these slices in the background (latest request wins; cancels the previous one). A
     * segmenter without an encoder or a background worker ignores it (the default).
     */
    default void prefetch(Volume volume, int[] slices, InputWindow window) {
    }

    /** Number of encoder runs so far (cache misses). */
    long encoderCalls();

    /** Number of decoder runs so far. */
    long decoderCalls();

    /** Releases the engine and workers; nothing to release by default. */
    @Override
    default void close() {
    }
}
