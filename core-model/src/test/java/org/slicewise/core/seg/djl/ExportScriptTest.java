package org.slicewise.core.seg.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.ModelSpec;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceImage;

/**
 * tools/export/export_medsam.py end to end: exports a MedSAM-shaped model (a test double of MedSAM's
 * segment_anything package with the real call signatures) to TorchScript + model.json with
 * /usr/bin/python3, then runs it through the engine: square 1024 resize, [1,256,64,64] embedding,
 * batched box decoding to 256x256 low-res masks.
 */
class ExportScriptTest {
    @Test
    void exportedMedsamFolderLoadsAndDecodesBatched() throws IOException, InterruptedException {
        Path py = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(py), "/usr/bin/python3 is absent: export test skipped");
        Path out = Path.of("target", "export-medsam-mock").toAbsolutePath();
        Path ckpt = Path.of("target", "mock-medsam.pth").toAbsolutePath();
        Files.createDirectories(out.getParent());
        Files.writeString(ckpt, "not a real checkpoint: the mock package ignores it");
        ProcessBuilder pb = new ProcessBuilder(py.toString(), Path.of("..", "tools", "export", "export_medsam.py").toString(),
                "--kind", "medsam", "--checkpoint", ckpt.toString(), "--out", out.toString(),
                "--repo", Path.of("src", "test", "resources", "fixtures", "mock_medsam").toAbsolutePath().toString())
                .redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // keep the source tree clean
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        Assumptions.assumeFalse(log.contains("No module named 'torch'"), "torch is absent: export test skipped");
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("decoder batch: True"), log);

        ModelSpec spec = ModelSpec.load(out);
        assertEquals("medsam-vit-b", spec.id());
        assertTrue(spec.medical());
        assertEquals(ModelSpec.Resize.SQUARE, spec.resize());
        assertEquals(ModelSpec.Normalization.MINMAX01, spec.normalization());
        assertTrue(spec.decoderBatch());
        try (DjlSamEngine e = DjlSamEngine.load(spec, "cpu", null)) {
            float[] px = new float[300 * 200];
            for (int i = 0; i < px.length; i++) {
                px[i] = (i * 37) % 256;
            }
            Embedding emb = e.encode(new SliceImage(300, 200, px));
            assertArrayEquals(new long[] {1, 256, 64, 64}, emb.shape());
            List<ObjectPrompt> boxes = List.of(ObjectPrompt.box(1, new BoxPrompt(10, 10, 100, 80)),
                    ObjectPrompt.box(2, new BoxPrompt(150, 50, 290, 190)), ObjectPrompt.box(3, new BoxPrompt(60, 100, 120, 150)));
            long runs = e.decoderRuns();
            List<ObjectMask> batch = e.decode(emb, boxes);
            assertEquals(runs + 1, e.decoderRuns(), "three boxes in one decoder call");
            for (int i = 0; i < 3; i++) {
                assertEquals(256, batch.get(i).lowResSize());
                ObjectMask single = e.decode(emb, List.of(boxes.get(i))).get(0);
                for (int k = 0; k < single.lowRes().length; k++) {
                    assertEquals(single.lowRes()[k], batch.get(i).lowRes()[k], 1e-4f);
                }
            }
        }
    }
}
