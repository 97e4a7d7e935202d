package org.slicewise.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared/data (real public images); tests skip with a clear message only when it is absent. */
public final class TestData {
    private TestData() {
    }

    public static Path shared() {
        String p = System.getProperty("slicewise.shared");
        Path base = p != null ? Path.of(p) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(base)) {
            base = Path.of("..", "shared");
        }
        return base.toAbsolutePath().normalize();
    }

    /** A file under shared/data; skips the calling test when shared/ is absent. */
    public static Path data(String relative) {
        Path d = shared().resolve("data");
        Assumptions.assumeTrue(Files.isDirectory(d), "../shared/data is absent: test skipped");
        Path f = d.resolve(relative);
        if (!Files.exists(f)) {
            throw new AssertionError("expected shared test file is missing: " + f);
        }
        return f;
    }
}
