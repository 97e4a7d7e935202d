package org.slicewise.core.seg.djl;

import java.util.List;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputFrame;
import org.slicewise.core.seg.ObjectPrompt;

/**
 * One way of running a model's prompt encoder + mask decoder: the objects of one slice to low-res
 * logits and predicted IoU. {@link DjlSamEngine} has the model's own decoder graph (ONNX / TorchScript,
 * through DJL predictors) and, for standard SAM ONNX decoders, the {@link NativeSamDecoder}; it routes
 * each object to one of them ({@link OnnxSamDecoder} for the graph).
 */
interface SamDecoder {
    /**
     * @param fullLowRes the low-res logits must be the model's everywhere (else only around each box)
     * @param lowRes     receives each object's low-res logits (row-major, lowResSize²)
     * @param iou        receives each object's predicted IoU
     */
    void decode(Embedding embedding, InputFrame frame, List<ObjectPrompt> objects, boolean fullLowRes, float[][] lowRes, float[] iou);
}
