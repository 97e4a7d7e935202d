package org.slicewise.core.seg;

/**
 * Embedding cache key: which slice of which volume, preprocessed how, encoded by which model.
 *
 * @param volumeId  {@link org.slicewise.core.volume.Volume#id()}
 * @param axis      slicing axis (2 = axial)
 * @param slice     slice index along the axis
 * @param windowKey {@link InputWindow#key()}
 * @param modelId   model id
 */
public record EmbeddingKey(String volumeId, int axis, int slice, String windowKey, String modelId) {
}
