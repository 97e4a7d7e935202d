package org.slicewise.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class MaskPostprocessTest {
    static final String PY = """
            import math, torch, torch.nn.functional as F
            L, S, W, H = 16, 64, 50, 37
            nh = int(H * S / max(W, H) + 0.5)
            low = torch.tensor([[math.sin(0.7 * x) * math.cos(0.4 * y) * 5 + (x - y) * 0.1 for x in range(L)] for y in range(L)])
            up = F.interpolate(low[None, None], (S, S), mode="bilinear", align_corners=False)[..., :nh, :S]
            out = F.interpolate(up, (H, W), mode="bilinear", align_corners=False)[0, 0]
            print(" ".join(repr(v) for v in out.flatten().tolist()))
            """;

    static float[] lowRes() {
        float[] low = new float[256];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                low[y * 16 + x] = (float) (Math.sin(0.7 * x) * Math.cos(0.4 * y) * 5 + (x - y) * 0.1);
            }
        }
        return low;
    }

    @Test
    void diceOfTwoRegionMasksCountsOnlyVoxelsAboveZero() {
        // a: 4x2 region at (0,0), 6 voxels in; b: 3x3 region at (2,0), 5 voxels in; overlap at (2,0), (3,0), (3,1)
        ObjectMask a = new ObjectMask(1, 0, 0, 4, 2, new float[] {1, 1, 1, 1, -1, 1, -1, 1}, 0f, null, 0);
        ObjectMask b = new ObjectMask(2, 2, 0, 3, 3, new float[] {1, 1, -1, -1, 1, 1, -1, 1, -1}, 0f, null, 0);
        assertEquals(6, a.area());
        assertEquals(5, b.area());
        // inside both: (2,0) a yes b yes; (3,0) a yes b yes; (2,1) a no; (3,1) a yes b yes -> 3
        assertEquals(2.0 * 3 / 11, a.dice(b), 1e-12);
        assertEquals(a.dice(b), b.dice(a), 1e-12);
        assertEquals(1.0, a.dice(a), 1e-12);
        ObjectMask empty = new ObjectMask(3, 0, 0, 1, 1, new float[] {-5}, 0f, null, 0);
        assertEquals(1.0, empty.dice(empty), 1e-12);
        assertEquals(0.0, empty.dice(a), 1e-12);
    }

    @Test
    void regionUpsamplingEqualsTorchInterpolateThroughThePaddedFrame() throws IOException, InterruptedException {
        Path py = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(py), "/usr/bin/python3 with torch is absent: test skipped");
        Process p = new ProcessBuilder(py.toString(), "-c", PY).redirectErrorStream(false).start();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Assumptions.assumeTrue(p.exitValue() == 0, "torch not importable by /usr/bin/python3: test skipped");
        String[] tok = outText.split(" ");
        assertEquals(50 * 37, tok.length);
        ModelSpec spec = ModelSpec.parse(null, "m", ModelSpecTest.GOOD.replace("1024", "64").replace("\"lowResSize\":256", "\"lowResSize\":16")
                .replace("sam-onnx-points", "box-tensor"));
        InputFrame f = InputFrame.of(spec, 50, 37);
        ObjectMask m = MaskPostprocess.toObjectMask(3, lowRes(), 16, 0.5f, f, new BoxPrompt(0, 0, 49, 36));
        assertTrue(m.w() * m.h() > 1000, "region " + m.w() + "x" + m.h());
        double maxErr = 0;
        for (int y = m.y0(); y < m.y0() + m.h(); y++) {
            for (int x = m.x0(); x < m.x0() + m.w(); x++) {
                maxErr = Math.max(maxErr, Math.abs(Double.parseDouble(tok[y * 50 + x]) - m.logit(x, y)));
            }
        }
        assertTrue(maxErr < 1e-5, "max abs difference to torch " + maxErr);
    }

    static ObjectMask square(int label, int x0, int y0, int w, int h, float[] lg) {
        return new ObjectMask(label, x0, y0, w, h, lg, 1f, null, 0);
    }

    @Test
    void fillsHolesAndKeepsTheLargestComponent() {
        // 7x5: ring with a hole at (3,2), plus a separate 1-voxel blob at (0,0)
        String[] rows = {"#......", "..###..", "..#.#..", "..###..", "......."};
        float[] lg = new float[35];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                lg[y * 7 + x] = rows[y].charAt(x) == '#' ? 2f : -2f;
            }
        }
        ObjectMask m = square(1, 10, 20, 7, 5, lg);
        assertFalse(m.inside(13, 22));
        ObjectMask filled = MaskPostprocess.fillHoles(m);
        assertTrue(filled.inside(13, 22));
        assertEquals(10, filled.area());
        ObjectMask largest = MaskPostprocess.keepLargestComponent(filled);
        assertFalse(largest.inside(10, 20));
        assertEquals(9, largest.area());
    }

    @Test
    void overlapsGoToTheLargerLogitRegardlessOfOrder() {
        ObjectMask a = square(1, 0, 0, 2, 1, new float[] {5f, 1f});
        ObjectMask b = square(2, 0, 0, 2, 1, new float[] {3f, 4f});
        for (List<ObjectMask> order : List.of(List.of(a, b), List.of(b, a))) {
            List<ObjectMask> r = MaskPostprocess.resolveOverlaps(order);
            ObjectMask ra = r.get(order.indexOf(a)), rb = r.get(order.indexOf(b));
            assertTrue(ra.inside(0, 0));
            assertFalse(rb.inside(0, 0));
            assertTrue(rb.inside(1, 0));
            assertFalse(ra.inside(1, 0));
            short[] lab = MaskPostprocess.paint(order, 2, 1);
            assertEquals(1, lab[0]);
            assertEquals(2, lab[1]);
        }
    }
}
