package org.slicewise.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.app.TestData;

/** segment / eval / simulate through {@link SlicewiseCli#run} on the shared brain1 case (model-free baseline). */
class PipelineCliTest {
    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = SlicewiseCli.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        return new Run(code, o.toString(), e.toString());
    }

    static void badInput(Run r, String expect) {
        assertEquals(2, r.code(), r.err());
        String line = r.err().trim();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith("slicewise: "), line);
        assertTrue(line.contains(expect), line);
        assertFalse(line.contains("Exception"), line);
    }

    static final String IMG = "pyradiomics/nifti/brain1_image.nii.gz";
    static final String GT = "pyradiomics/nifti/brain1_label.nii.gz";

    @Test
    void badPromptsExitTwoWithOneLine(@TempDir Path dir) throws Exception {
        Path img = TestData.data(IMG);
        Path p = dir.resolve("p.json");
        Path out = dir.resolve("m.nii.gz");
        Files.writeString(p, "{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":12,\"box\":[10,10,300,20]}]}]}");
        badInput(cli("segment", "--image", img.toString(), "--prompts", p.toString(), "--out", out.toString(),
                "--model", "baseline"), "outside the image");
        Files.writeString(p, "{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":25,\"box\":[10,10,30,20]}]}]}");
        badInput(cli("segment", "--image", img.toString(), "--prompts", p.toString(), "--out", out.toString(),
                "--model", "baseline"), "slice 25 out of range 0..24");
        Files.writeString(p, "{\"objects\":[{\"label\":1,\"axes\":[{\"slice\":12,\"long\":[[10,10],[10,10]]}]}]}");
        badInput(cli("segment", "--image", img.toString(), "--prompts", p.toString(), "--out", out.toString(),
                "--model", "baseline"), "zero length");
        Files.writeString(p, "{\"objects\":[{\"label\":1,\"axes\":[");
        badInput(cli("segment", "--image", img.toString(), "--prompts", p.toString(), "--out", out.toString(),
                "--model", "baseline"), "malformed JSON");
        assertFalse(Files.exists(out));
    }

    @Test
    void badArgumentsExitTwo(@TempDir Path dir) {
        Path img = TestData.data(IMG), gt = TestData.data(GT);
        badInput(cli("simulate", "--image", img.toString(), "--gt", gt.toString(), "--every", "0"), "--every");
        badInput(cli("simulate", "--image", img.toString(), "--gt", gt.toString(), "--every", "3", "--mode", "dots"), "--mode");
        badInput(cli("simulate", "--image", img.toString(), "--gt", gt.toString(), "--every", "3", "--label", "7",
                "--model", "baseline"), "label 7");
        badInput(cli("simulate", "--image", img.toString(), "--gt", gt.toString(), "--every", "3", "--device", "tpu",
                "--model", "baseline"), "--device");
        badInput(cli("eval", "--pred", dir.resolve("missing.nii.gz").toString(), "--gt", gt.toString()), "missing.nii.gz");
        badInput(cli("eval", "--pred", TestData.data("pyradiomics/nifti/brain2_label.nii.gz").toString(), "--gt", gt.toString()),
                "grid");
        badInput(cli("segment", "--image", img.toString()), "Missing required");
        badInput(cli("simulate", "--image", img.toString(), "--gt", gt.toString(), "--every", "3", "--select", "best",
                "--model", "baseline"), "--select");
        badInput(cli("simulate", "--image", img.toString(), "--gt", gt.toString(), "--every", "3", "--select", "model",
                "--propagation", "both", "--model", "baseline"), "--propagation none");
    }

    @Test
    void segmentThenEvalOnBrain1WithTheBaseline(@TempDir Path dir) throws Exception {
        Path img = TestData.data(IMG), gt = TestData.data(GT);
        Path sim = dir.resolve("sim.nii.gz");
        // simulate writes the prediction; eval of that file must give the same Dice
        Run s = cli("simulate", "--image", img.toString(), "--gt", gt.toString(), "--every", "3", "--mode", "boxes",
                "--model", "baseline", "--out", sim.toString());
        assertEquals(0, s.code(), s.err());
        JsonObject sj = JsonParser.parseString(s.out()).getAsJsonObject();
        assertEquals(3, sj.get("keyframes").getAsInt()); // slices 11, 14, 17
        assertEquals(7, sj.get("slices_encoded").getAsInt());
        // the baseline has no low-res masks: no prior, one prompt per slice even with the default selection
        assertEquals(7, sj.get("prompts_decoded").getAsInt());
        double dice = sj.get("dice").getAsDouble();
        assertTrue(dice > 0.5 && dice < 1, "ellipse baseline Dice " + dice);
        Run e = cli("eval", "--pred", sim.toString(), "--gt", gt.toString());
        assertEquals(0, e.code(), e.err());
        JsonObject l1 = JsonParser.parseString(e.out()).getAsJsonObject().getAsJsonObject("labels").getAsJsonObject("1");
        assertEquals(dice, l1.get("dice").getAsDouble(), 1e-4);
        assertEquals(sj.get("nsd").getAsDouble(), l1.get("nsd").getAsDouble(), 1e-4);
        // brain1: 4137 voxels of 0.78125 x 0.78125 x 6.5 mm = 16.41 mL
        assertEquals(4137 * 0.78125 * 0.78125 * 6.5 / 1000, l1.get("gt_ml").getAsDouble(), 1e-3);
        // eval of the ground truth against itself
        JsonObject self = JsonParser.parseString(cli("eval", "--pred", gt.toString(), "--gt", gt.toString()).out())
                .getAsJsonObject().getAsJsonObject("labels").getAsJsonObject("1");
        assertEquals(1.0, self.get("dice").getAsDouble());
        assertEquals(1.0, self.get("nsd").getAsDouble());
        assertEquals(0.0, self.get("hd95_mm").getAsDouble());

        // segment from a prompts.json with RECIST axes on keyframes writes a label map in the image's geometry
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"objects\":[{\"label\":2,\"name\":\"tumour\",\"axes\":["
                + "{\"slice\":12,\"long\":[[100,100],[140,130]],\"short\":[[125,105],[115,125]]},"
                + "{\"slice\":15,\"long\":[[105,100],[135,125]]}]}]}");
        Path out = dir.resolve("seg.nii.gz");
        Run r = cli("segment", "--image", img.toString(), "--prompts", p.toString(), "--out", out.toString(),
                "--model", "baseline");
        assertEquals(0, r.code(), r.err());
        JsonObject rj = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(4, rj.get("slices_encoded").getAsInt());
        assertTrue(rj.getAsJsonObject("labels").getAsJsonObject("2").get("voxels").getAsLong() > 1000);
        Run info = cli("eval", "--pred", out.toString(), "--gt", out.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(JsonParser.parseString(info.out()).getAsJsonObject().getAsJsonObject("labels").has("2"));
    }
}
