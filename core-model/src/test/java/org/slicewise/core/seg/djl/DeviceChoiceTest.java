package org.slicewise.core.seg.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slicewise.core.BadInputException;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.Models;
import org.slicewise.core.seg.SegmentationEngine;
import org.slicewise.core.seg.SliceImage;

class DeviceChoiceTest {
    @Test
    void decisionTable() {
        assertTrue(DeviceChoice.resolve("OnnxRuntime", "auto", 0).device().isGpu() == false);
        assertTrue(DeviceChoice.resolve("OnnxRuntime", "auto", 1).device().isGpu());
        assertTrue(DeviceChoice.resolve("PyTorch", "gpu", 2).device().isGpu());
        assertEquals("", DeviceChoice.resolve("PyTorch", "cpu", 2).note());
        DeviceChoice fallback = DeviceChoice.resolve("PyTorch", "gpu", 0);
        assertEquals("cpu()", fallback.device().toString());
        assertTrue(fallback.note().startsWith("GPU requested but PyTorch sees no CUDA device"), fallback.note());
        assertThrows(BadInputException.class, () -> DeviceChoice.resolve("PyTorch", "tpu", 0));
    }

    @Test
    void gpuAskedButAbsentFallsBackToCpuWithAMessage() {
        List<String> notes = new ArrayList<>();
        try (SegmentationEngine e = Models.load(TorchScriptFixtureTest.DIR, "gpu", notes::add)) {
            // no GPU is lent to this machine's tests: the request must fall back, say so, and still work
            assertEquals("cpu()", e.info().device());
            assertEquals(1, notes.size());
            assertTrue(notes.get(0).contains("GPU requested") && notes.get(0).contains("running on the CPU"), notes.get(0));
            Embedding emb = e.encode(new SliceImage(64, 64, new float[64 * 64]));
            assertEquals(32 * 8 * 8, emb.data().length);
        }
        assertEquals(ModelSpec.Engine.PyTorch, ModelSpec.load(TorchScriptFixtureTest.DIR).engine());
    }
}
