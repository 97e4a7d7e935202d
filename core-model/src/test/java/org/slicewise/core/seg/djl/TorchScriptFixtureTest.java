package org.slicewise.core.seg.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceImage;

/**
 * The PyTorch (TorchScript) path through the same engine code as ONNX: tiny SAM-shaped fixtures made by
 * tools/export/make_fixtures.py (torch 1.13) must give Python's outputs on DJL's libtorch.
 */
class TorchScriptFixtureTest {
    static final Path DIR = Path.of("src", "test", "resources", "fixtures", "tiny-sam");
    static DjlSamEngine engine;
    static JsonObject ref;

    @BeforeAll
    static void load() throws IOException {
        ref = JsonParser.parseString(Files.readString(DIR.resolve("reference.json"))).getAsJsonObject();
        engine = DjlSamEngine.load(ModelSpec.load(DIR), "cpu", null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static float[] floats(String key) {
        JsonArray a = ref.getAsJsonArray(key);
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }

    static List<ObjectPrompt> boxes() {
        List<ObjectPrompt> l = new ArrayList<>();
        JsonArray bs = ref.getAsJsonArray("boxes");
        for (int i = 0; i < bs.size(); i++) {
            JsonArray b = bs.get(i).getAsJsonArray();
            l.add(ObjectPrompt.box(i + 1, new BoxPrompt(b.get(0).getAsDouble(), b.get(1).getAsDouble(),
                    b.get(2).getAsDouble(), b.get(3).getAsDouble())));
        }
        return l;
    }

    @Test
    void encoderAndDecoderMatchPython() {
        assertEquals("PyTorch", engine.info().engine());
        Embedding e = engine.encode(new SliceImage(64, 64, floats("image")));
        float[] want = floats("embedding");
        assertEquals(want.length, e.data().length);
        double maxErr = 0;
        for (int i = 0; i < want.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(want[i] - e.data()[i]));
        }
        assertTrue(maxErr < 1e-5, "embedding max abs error " + maxErr);

        List<ObjectMask> masks = engine.decode(e, boxes());
        float[] low = floats("lowRes");
        float[] iou = floats("iou");
        assertEquals(3, masks.size());
        double lowErr = 0, iouErr = 0;
        for (int b = 0; b < 3; b++) {
            ObjectMask m = masks.get(b);
            assertEquals(b + 1, m.label());
            assertEquals(16, m.lowResSize());
            for (int i = 0; i < 256; i++) {
                lowErr = Math.max(lowErr, Math.abs(low[b * 256 + i] - m.lowRes()[i]));
            }
            iouErr = Math.max(iouErr, Math.abs(iou[b] - m.iou()));
            assertTrue(m.area() > 0, "box " + b + " gives an empty mask");
        }
        assertTrue(lowErr < 1e-5, "low-res logits max abs error " + lowErr);
        assertTrue(iouErr < 1e-6, "iou max abs error " + iouErr);
        assertTrue(engine.spec().decoderBatch(), "fixture decoder is batched");
    }

    @Test
    void batchedDecodeEqualsSingleDecodes() {
        Embedding e = engine.encode(new SliceImage(64, 64, floats("image")));
        List<ObjectPrompt> all = boxes();
        long before = engine.decoderRuns();
        List<ObjectMask> batch = engine.decode(e, all);
        assertEquals(before + 1, engine.decoderRuns(), "three boxes in one decoder call");
        for (int i = 0; i < all.size(); i++) {
            ObjectMask single = engine.decode(e, List.of(all.get(i))).get(0);
            ObjectMask b = batch.get(i);
            assertEquals(single.x0(), b.x0());
            assertEquals(single.w(), b.w());
            for (int k = 0; k < single.logits().length; k++) {
                assertEquals(single.logits()[k], b.logits()[k], 1e-5f);
            }
        }
    }

    @Test
    void thousandsOfDecodesDoNotLeakNativeMemory() {
        Embedding e = engine.encode(new SliceImage(64, 64, floats("image")));
        List<ObjectPrompt> all = boxes();
        for (int i = 0; i < 200; i++) {
            engine.decode(e, all);
        }
        // A leaked call keeps its inputs and outputs (>= 20 KB), so EVERY window of 2000 calls would
        // grow by > 40 MB. Allocator arenas and the JIT add one-off jumps (up to ~80 MB seen in one
        // window), never a steady slope: at least one of three windows must stay under 20 MB.
        long least = Long.MAX_VALUE;
        long before = NativeMemory.nonHeapResidentBytes();
        StringBuilder seen = new StringBuilder();
        for (int w = 0; w < 3; w++) {
            for (int i = 0; i < 2000; i++) {
                engine.decode(e, all);
            }
            long now = NativeMemory.nonHeapResidentBytes();
            least = Math.min(least, now - before);
            seen.append(' ').append((now - before) >> 20).append(" MiB");
            before = now;
        }
        assertTrue(least < 20L << 20, "native memory grew in every window of 2000 decodes:" + seen);
    }
}
