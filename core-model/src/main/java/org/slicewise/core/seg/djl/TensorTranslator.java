package org.slicewise.core.seg.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The single translator of both engines: Java float tensors in, Java float tensors out. Inputs are
 * created in the predictor context's NDManager, which DJL closes after each call, and outputs are
 * copied out before that, so no native memory outlives a call. Only the wanted outputs are copied.
 */
final class TensorTranslator implements NoBatchifyTranslator<List<Tensor>, List<Tensor>> {
    private final boolean named;
    private final Set<String> wanted;

    /**
     * @param named  feed inputs by name (ONNX Runtime) instead of by position (TorchScript)
     * @param wanted output names, or indices as strings ("0", "1") for unnamed outputs
     */
    TensorTranslator(boolean named, Set<String> wanted) {
        this.named = named;
        this.wanted = wanted;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<Tensor> input) {
        NDManager m = ctx.getNDManager();
        NDList list = new NDList(input.size());
        for (Tensor t : input) {
            NDArray a = m.create(t.data(), new Shape(t.shape()));
            if (named && t.name() != null) {
                a.setName(t.name());
            }
            list.add(a);
        }
        return list;
    }

    @Override
    public List<Tensor> processOutput(TranslatorContext ctx, NDList list) {
        List<Tensor> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            NDArray a = list.get(i);
            String key = a.getName() != null && !a.getName().isEmpty() && named ? a.getName() : Integer.toString(i);
            if (wanted.contains(key) || wanted.contains(Integer.toString(i))) {
                NDArray f = a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32 ? a : a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                out.add(new Tensor(key, a.getShape().getShape(), f.toFloatArray()));
            } else {
                out.add(null);
            }
        }
        return out;
    }
}
