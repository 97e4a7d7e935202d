package org.slicewise.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.slicewise.app.TestData;

/** {@code slicewise open} argument handling and {@code slicewise bench render} output. */
class OpenAndBenchRenderCommandTest {
    static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SlicewiseCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void openOfAMissingFileIsBadInputWithoutStartingTheUi() {
        String[] r = run("open", "/no/such/image.nii.gz");
        assertEquals("2", r[0]);
        assertEquals("slicewise: error: /no/such/image.nii.gz: no such file or folder", r[2].strip());
        assertEquals("2", run("open")[0], "PATH is required");
    }

    @Test
    void benchRenderReportsMedianAndP95WithAndWithoutCacheOnARealVolume() {
        String[] r = run("bench", "render", "--passes", "1", "--input", TestData.data("pyradiomics/brain1_image.nrrd").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("volume 256x256x25 int16"), r[1]);
        assertEquals(4, r[1].lines().filter(l -> l.matches(".*(no-cache|cache) +frames +\\d+ +median +[\\d.]+ ms +p95 +[\\d.]+ ms.*")).count(), r[1]);
        assertTrue(r[1].contains("Axial    cache     frames   50"), "2 x 25 slices per pass: " + r[1]);
    }
}
