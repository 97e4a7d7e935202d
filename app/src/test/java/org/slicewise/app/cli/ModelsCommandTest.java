package org.slicewise.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return SlicewiseCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @AfterEach
    void reset() {
        System.clearProperty("slicewise.home");
    }

    @Test
    void listsValidAndInvalidModelsWithLicenceAndReason(@TempDir Path home) throws IOException {
        Path broken = Files.createDirectories(home.resolve("models").resolve("broken"));
        Files.writeString(broken.resolve("model.json"), "{\"id\": \"x\"");
        Path good = Files.createDirectories(home.resolve("models").resolve("tiny"));
        Path fixture = Path.of("..", "core-model", "src", "test", "resources", "fixtures", "tiny-sam");
        for (String f : new String[] {"model.json", "encoder.pt", "decoder.pt"}) {
            Files.copy(fixture.resolve(f), good.resolve(f));
        }
        System.setProperty("slicewise.home", home.toString());
        assertEquals(0, run("models", "--verify"));
        String s = out.toString();
        assertTrue(s.contains("broken  INVALID"), s);
        assertTrue(s.contains("problem:    " + broken.resolve("model.json") + ": not valid JSON"), s);
        assertTrue(s.contains("tiny-sam-fixture"), s);
        assertTrue(s.contains("licence:    CC0-1.0"), s);
        assertTrue(s.contains("ok (no checksums listed)"), s);
    }

    @Test
    void benchWithAMissingModelIsABadInputError(@TempDir Path home) {
        assertEquals(2, run("bench", "seg", "--model", home.resolve("nope").toString(), "--data", home.toString()));
        assertEquals("slicewise: error: " + home.resolve("nope") + ": model directory does not exist", err.toString().trim());
    }
}
