package org.slicewise.core.seg;

import java.util.List;

/**
 * A promptable SAM-family model split into an image encoder (slow; once per slice, cached) and a
 * prompt encoder + mask decoder (fast; per interaction). Implementations live in
 * {@code org.slicewise.core.seg.djl}; nothing in this interface exposes engine types.
 * Implementations are thread-safe (one predictor per thread internally).
 */
public interface SegmentationEngine extends AutoCloseable {
    /** Description of the loaded model (id, licence, device in use, ...). */
    ModelInfo info();

    /** Runs the image encoder on a prepared slice. */
    Embedding encode(SliceImage image);

    /**
     * Decodes all objects of one slice in one batched call.
     *
     * @return one mask per object, in the order given
     */
    List<ObjectMask> decode(Embedding embedding, List<ObjectPrompt> objects);

    /**
     * Decodes all objects of one slice; with {@code fullLowRes} the returned {@link ObjectMask#lowRes()}
     * are the model's logits everywhere (they are going to be fed back as mask prompts). Without it an
     * implementation may compute the low-res logits only around each object's box (the native SAM
     * decoder does: its logits outside that region are a large negative constant), which changes
     * nothing in the slice-resolution masks.
     */
    default List<ObjectMask> decode(Embedding embedding, List<ObjectPrompt> objects, boolean fullLowRes) {
        return decode(embedding, objects);
    }

    /** Which decoder implementation serves decode calls (for logs and benchmarks); "" when not applicable. */
    /** Which encoder precision runs (e.g. "fp32", "int8 (…)"); empty when not applicable. */
    default String encoderNote() {
        return "";
    }

    default String decoderNote() {
        return "";
    }

    @Override
    void close();
}
