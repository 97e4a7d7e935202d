package org.slicewise.core.seg;

/**
 * What the UI and CLI may know about a loaded model.
 *
 * @param id          stable model id (cache key part)
 * @param name        display name
 * @param engine      "OnnxRuntime", "PyTorch", or "fake" in tests
 * @param device      device actually in use, e.g. "cpu" or "gpu(0)"
 * @param medical     trained on medical images
 * @param licence     licence text or SPDX id
 * @param provenance  where the weights came from
 */
public record ModelInfo(String id, String name, String engine, String device, boolean medical, String licence,
                        String provenance) {
}
