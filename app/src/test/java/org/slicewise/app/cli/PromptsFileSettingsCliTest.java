package org.slicewise.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.slicewise.app.cli.PipelineCliTest.badInput;
import static org.slicewise.app.cli.PipelineCliTest.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.app.TestData;
import org.slicewise.app.cli.PipelineCliTest.Run;

/**
 * {@code segment} honours a prompts file's "selection" and "propagation" (and an explicit flag wins over the file),
 * on the shared brain1 case.
 */
class PromptsFileSettingsCliTest {
    /** RECIST axes on slices 12 and 15 of brain1 (two in-between slices). */
    static final String OBJECTS = "{\"objects\":[{\"label\":2,\"name\":\"tumour\",\"axes\":["
            + "{\"slice\":12,\"long\":[[100,100],[140,130]],\"short\":[[125,105],[115,125]]},"
            + "{\"slice\":15,\"long\":[[105,100],[135,125]]}]}]";

    static JsonObject segment(Path dir, String settings, String model, String... flags) throws Exception {
        Path p = dir.resolve("p.json");
        Files.writeString(p, OBJECTS + settings + "}");
        List<String> a = new ArrayList<>(List.of("segment", "--image", TestData.data(PipelineCliTest.IMG).toString(),
                "--prompts", p.toString(), "--out", dir.resolve("seg.nii.gz").toString(), "--model", model, "--encoders", "1"));
        a.addAll(List.of(flags));
        Run r = cli(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    static String s(JsonObject j, String key) {
        return j.get(key).getAsString();
    }

    static long voxels(JsonObject j) {
        return j.getAsJsonObject("labels").getAsJsonObject("2").get("voxels").getAsLong();
    }

    @Test
    void fileSettingsRunAndExplicitFlagsWin(@TempDir Path dir) throws Exception {
        String m = "baseline";
        JsonObject plain = segment(dir, "", m);
        assertEquals("model", s(plain, "selection"));
        assertEquals("none", s(plain, "propagation"));
        // the file's selection none is run
        assertEquals("none", s(segment(dir, ",\"selection\":\"none\"", m), "selection"));
        // the file's propagation changes the result: seed boxes from the neighbours' masks
        JsonObject seeded = segment(dir, ",\"propagation\":\"seed-box\"", m);
        assertEquals("seed-box", s(seeded, "propagation")); // the JSON spells it as the CLI and files do
        assertEquals("none", s(seeded, "selection"));
        assertNotEquals(voxels(plain), voxels(seeded), "seed-box propagation changes the baseline's masks");
        // an explicit flag wins over the file
        JsonObject flagNone = segment(dir, ",\"propagation\":\"seed-box\"", m, "--propagation", "none");
        assertEquals("none", s(flagNone, "propagation"));
        assertEquals(voxels(plain), voxels(flagNone));
        assertEquals("model", s(segment(dir, ",\"selection\":\"none\"", m, "--select", "model"), "selection"));
        // the file wins over the default
        assertEquals("hull", s(segment(dir, ",\"interpolation\":\"hull\"", m), "interpolation"));
        assertEquals("shape", s(segment(dir, ",\"interpolation\":\"hull\"", m, "--interpolation", "shape"), "interpolation"));
        // a flag and the file's other setting disagree (model selection needs propagation none): the flag wins
        JsonObject a = segment(dir, ",\"selection\":\"model\"", m, "--propagation", "both");
        assertEquals("both", s(a, "propagation"));
        assertEquals("none", s(a, "selection"));
        JsonObject b = segment(dir, ",\"propagation\":\"both\"", m, "--select", "model");
        assertEquals("none", s(b, "propagation"));
        assertEquals("model", s(b, "selection"));
        assertEquals(voxels(plain), voxels(b));
    }

    @Test
    void badFileValuesExitTwoWithOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path img = TestData.data(PipelineCliTest.IMG);
        Path p = dir.resolve("saved-run.json");
        Path out = dir.resolve("m.nii.gz");
        Files.writeString(p, OBJECTS + ",\"selection\":\"best\"}");
        badInput(cli("segment", "--image", img.toString(), "--prompts", p.toString(), "--out", out.toString(),
                "--model", "baseline"), "saved-run.json: \"selection\" must be \"model\" or \"none\", got \"best\"");
        Files.writeString(p, OBJECTS + ",\"propagation\":\"forward\"}");
        badInput(cli("segment", "--image", img.toString(), "--prompts", p.toString(), "--out", out.toString(),
                "--model", "baseline"), "saved-run.json: \"propagation\" must be");
        Files.writeString(p, OBJECTS + ",\"selection\":\"model\",\"propagation\":\"mask-prompt\"}");
        badInput(cli("segment", "--image", img.toString(), "--prompts", p.toString(), "--out", out.toString(),
                "--model", "baseline"), "saved-run.json: \"selection\":\"model\" needs \"propagation\":\"none\"");
        // a bad flag is still an error even when the file is fine
        Files.writeString(p, OBJECTS + ",\"selection\":\"none\"}");
        badInput(cli("segment", "--image", img.toString(), "--prompts", p.toString(), "--out", out.toString(),
                "--model", "baseline", "--propagation", "sideways"), "--propagation");
        assertFalse(Files.exists(out));
    }

    /**
     * Selection is observable with a model that gives low-res masks (the tiny TorchScript fixture): {@code model}
     * decodes a second candidate on each in-between slice, {@code none} one prompt per object-slice.
     */
    @Test
    void fileSelectionNoneDecodesOnePromptPerSliceAndTheFlagWins(@TempDir Path dir) throws Exception {
        String m = Path.of("..", "core-model", "src", "test", "resources", "fixtures", "tiny-sam").toAbsolutePath().normalize().toString();
        JsonObject model = segment(dir, "", m);
        assertEquals("model", s(model, "selection"));
        assertEquals(4, model.get("object_slices_decoded").getAsInt());
        assertEquals(4 + 2, model.get("prompts_decoded").getAsInt(), "slices 13 and 14 decode two candidates");
        JsonObject none = segment(dir, ",\"selection\":\"none\"", m);
        assertEquals("none", s(none, "selection"));
        assertEquals(4, none.get("prompts_decoded").getAsInt(), "the file's selection none: the interpolated box only");
        JsonObject flag = segment(dir, ",\"selection\":\"none\"", m, "--select", "model");
        assertEquals(6, flag.get("prompts_decoded").getAsInt(), "--select model wins over the file");
        JsonObject flagNone = segment(dir, ",\"selection\":\"model\"", m, "--select", "none");
        assertEquals(4, flagNone.get("prompts_decoded").getAsInt(), "--select none wins over the file");
        // the file's propagation: one prompt per slice, the default selection yields to it
        JsonObject prop = segment(dir, ",\"propagation\":\"mask-prompt\"", m);
        assertEquals("mask-prompt", s(prop, "propagation"));
        assertEquals(4, prop.get("prompts_decoded").getAsInt());
    }
}
