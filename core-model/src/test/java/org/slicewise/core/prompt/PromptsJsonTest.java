package org.slicewise.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.BadInputException;

class PromptsJsonTest {
    static final String FULL = """
            {"objects":[{"label":1,"name":"tumour","boxes":[{"slice":12,"box":[10,20,30,40]}],
              "points":[{"slice":12,"xy":[15,25],"positive":true},{"slice":13,"xy":[5,6],"positive":false}],
              "axes":[{"slice":14,"long":[[10,20],[40,50]],"short":[[30,20],[20,30]]}],
              "extent":[10,16]},
             {"label":3,"colour":"#00ff00","axes":[{"slice":2,"long":[[1,1],[9,1]]}]}],
             "margin":{"pixels":2,"fraction":0.1},"interpolation":"shape"}
            """;

    @Test
    void parsesTheIssueFormatWithAxesAndExtent() {
        PromptsJson.Parsed p = PromptsJson.parse(FULL, "p.json", 64, 64, 20);
        assertEquals(2, p.objects().size());
        ObjectPrompts o = p.objects().get(0);
        assertEquals(1, o.label());
        assertEquals("tumour", o.name());
        assertEquals(new BoxPrompt(10, 20, 30, 40), o.keyframes().get(12).box());
        RecistMarker m = o.keyframes().get(14).marker();
        assertEquals(new Segment(10, 20, 40, 50), m.longAxis());
        assertEquals(new Segment(30, 20, 20, 30), m.shortAxis());
        assertEquals(new Extent(10, 16), o.extent());
        assertEquals(2, o.points().size());
        assertFalse(o.points().get(1).point().positive());
        ObjectPrompts o3 = p.objects().get(1);
        assertEquals(0x00ff00, o3.rgb());
        assertNull(o3.keyframes().get(2).marker().shortAxis());
        assertEquals(new MarginPolicy(2, 0.1), p.margin());
        assertEquals("shape", p.interpolation());
    }

    @Test
    void writeThenReadGivesTheSameObjects(@TempDir Path dir) throws Exception {
        PromptsJson.Parsed p = PromptsJson.parse(FULL, "p.json", 64, 64, 20);
        Path f = dir.resolve("out.json");
        PromptsJson.write(f, p.objects(), p.margin(), p.interpolation());
        PromptsJson.Parsed q = PromptsJson.read(f, 64, 64, 20);
        assertEquals(p, q);
    }

    static final String ONE = "{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":2,\"box\":[1,1,5,5]}]}]";

    @Test
    void parsesSelectionAndPropagationInTheCliSpellings() {
        PromptsJson.Parsed p = PromptsJson.parse(ONE + ",\"selection\":\"none\",\"propagation\":\"seed-box\"}", "p.json", 64, 64, 20);
        assertEquals("none", p.selection());
        assertEquals("seed-box", p.propagation());
        assertNull(p.interpolation());
        assertNull(p.margin());
        // what --select / --propagation accept: any case, blanks, '_' for '-'; kept in the canonical spelling
        PromptsJson.Parsed q = PromptsJson.parse(ONE + ",\"selection\":\" MODEL\",\"propagation\":\"None\",\"interpolation\":\"Hull\"}",
                "p.json", 64, 64, 20);
        assertEquals("model", q.selection());
        assertEquals("none", q.propagation());
        assertEquals("hull", q.interpolation());
        assertEquals("mask-prompt", PromptsJson.parse(ONE + ",\"propagation\":\"MASK_PROMPT\"}", "p.json", 64, 64, 20).propagation());
        assertEquals("both", PromptsJson.parse(ONE + ",\"propagation\":\"both\"}", "p.json", 64, 64, 20).propagation());
        assertEquals(new PromptsJson.Settings(null, null, "none", "seed-box"), p.settings());
    }

    @Test
    void oldFilesHaveNoSelectionOrPropagation() {
        PromptsJson.Parsed p = PromptsJson.parse(FULL, "p.json", 64, 64, 20);
        assertNull(p.selection());
        assertNull(p.propagation());
        assertEquals(new PromptsJson.Settings(new MarginPolicy(2, 0.1), "shape", null, null), p.settings());
        // JSON null is absent too
        PromptsJson.Parsed n = PromptsJson.parse(ONE + ",\"selection\":null,\"propagation\":null}", "p.json", 64, 64, 20);
        assertEquals(PromptsJson.Settings.NONE, n.settings());
    }

    @Test
    void writeThenReadKeepsSelectionAndPropagation(@TempDir Path dir) throws Exception {
        PromptsJson.Parsed p = PromptsJson.parse(FULL, "p.json", 64, 64, 20);
        for (PromptsJson.Settings st : List.of(new PromptsJson.Settings(new MarginPolicy(3, 0), "linear", "none", "both"),
                new PromptsJson.Settings(null, null, "model", null), new PromptsJson.Settings(null, "hull", null, "mask-prompt"),
                new PromptsJson.Settings(null, null, "model", "none"), PromptsJson.Settings.NONE)) {
            Path f = dir.resolve("out.json");
            PromptsJson.write(f, p.objects(), st);
            PromptsJson.Parsed q = PromptsJson.read(f, 64, 64, 20);
            assertEquals(st, q.settings());
            assertEquals(p.objects(), q.objects());
            String text = Files.readString(f);
            // absent settings are left out of the file, so it reads as the old format
            assertEquals(st.selection() != null, text.contains("\"selection\""), text);
            assertEquals(st.propagation() != null, text.contains("\"propagation\""), text);
            assertEquals(st.interpolation() != null, text.contains("\"interpolation\""), text);
            assertEquals(st.margin() != null, text.contains("\"margin\""), text);
        }
        // the three-argument writer still writes no selection/propagation
        Path f = dir.resolve("old.json");
        PromptsJson.write(f, p.objects(), p.margin(), p.interpolation());
        assertEquals(new PromptsJson.Settings(p.margin(), p.interpolation(), null, null), PromptsJson.read(f, 64, 64, 20).settings());
        // the writer refuses what the reader would refuse
        assertThrows(IllegalArgumentException.class, () -> new PromptsJson.Settings(null, null, "best", null));
        assertThrows(IllegalArgumentException.class, () -> new PromptsJson.Settings(null, null, null, "forward"));
        assertThrows(IllegalArgumentException.class, () -> new PromptsJson.Settings(null, null, "model", "seed-box"));
    }

    @Test
    void badSelectionOrPropagationNamesTheFileAndTheValue() {
        String m = bad(ONE + ",\"selection\":\"best\"}");
        assertTrue(m.contains("\"selection\" must be \"model\" or \"none\", got \"best\""), m);
        m = bad(ONE + ",\"propagation\":\"forward\"}");
        assertTrue(m.contains("\"propagation\" must be \"none\", \"seed-box\", \"mask-prompt\" or \"both\", got \"forward\""), m);
        m = bad(ONE + ",\"selection\":1}");
        assertTrue(m.contains("\"selection\" must be") && m.endsWith("got 1"), m);
        m = bad(ONE + ",\"propagation\":[\"none\"]}");
        assertTrue(m.contains("\"propagation\" must be") && m.endsWith("got [\"none\"]"), m);
        m = bad(ONE + ",\"interpolation\":\"cubic\"}");
        assertTrue(m.contains("\"interpolation\" must be \"linear\", \"shape\" or \"hull\", got \"cubic\""), m);
        m = bad(ONE + ",\"selection\":\"model\",\"propagation\":\"seed-box\"}");
        assertTrue(m.contains("\"selection\":\"model\" needs \"propagation\":\"none\"") && m.contains("seed-box"), m);
        // a huge bad value is cut, the message stays one short line
        m = bad(ONE + ",\"selection\":\"" + "x".repeat(5000) + "\"}");
        assertTrue(m.length() < 200, m);
    }

    private static String bad(String json) {
        BadInputException e = assertThrows(BadInputException.class, () -> PromptsJson.parse(json, "prompts.json", 64, 64, 20));
        assertTrue(e.getMessage().startsWith("prompts.json: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badPromptsGiveOneLineErrorsNamingTheFileAndProblem() {
        assertTrue(bad("{\"objects\":[{\"label\":1,").contains("malformed JSON"));
        assertTrue(bad("{\"objects\":[]} trailing").contains("malformed JSON"));
        assertTrue(bad("[1,2]").contains("\"objects\""));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":2,\"box\":[10,10,70,20]}]}]}")
                .contains("outside the image"));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":2,\"box\":[-1,10,20,20]}]}]}")
                .contains("outside the image"));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":20,\"box\":[1,1,5,5]}]}]}")
                .contains("slice 20 out of range 0..19"));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"axes\":[{\"slice\":3,\"long\":[[5,5],[5,5]]}]}]}")
                .contains("zero length"));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"axes\":[{\"slice\":3,\"long\":[[5,5],[9,5]],\"short\":[[7,4],[7,4]]}]}]}")
                .contains("zero length"));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":2,\"box\":[9,1,5,5]}]}]}").contains("x0<=x1"));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":2.5,\"box\":[1,1,5,5]}]}]}").contains("integer"));
        assertTrue(bad("{\"objects\":[{\"label\":1}]}").contains("no boxes, axes or points"));
        assertTrue(bad("{\"objects\":[{\"label\":0,\"boxes\":[]}]}").contains("outside 1..65535"));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":2,\"box\":[1,1,5,5]}]},"
                + "{\"label\":1,\"boxes\":[{\"slice\":3,\"box\":[1,1,5,5]}]}]}").contains("two objects"));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":2,\"box\":[1,1,5,5]}],"
                + "\"axes\":[{\"slice\":2,\"long\":[[1,1],[4,4]]}]}]}").contains("second keyframe on slice 2"));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":2,\"box\":[1,1,5,5]}],\"extent\":[5,30]}]}")
                .contains("extent"));
        assertTrue(bad("{\"objects\":[{\"label\":1,\"boxes\":[{\"slice\":2,\"box\":[1,1,5]}]}]}").contains("4 numbers"));
    }

    @Test
    void missingFileIsBadInput(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> PromptsJson.read(dir.resolve("nope.json"), 10, 10, 10));
        assertTrue(e.getMessage().contains("nope.json"));
    }

    @Test
    void promptSetFiresChangesAndKeepsSnapshotsImmutable() {
        PromptSet s = new PromptSet();
        List<Integer> events = new ArrayList<>();
        s.addListener(events::add);
        s.setKeyframe(2, Keyframe.box(5, new BoxPrompt(1, 1, 9, 9)));
        List<ObjectPrompts> snap = s.snapshot();
        s.setKeyframe(2, Keyframe.marker(7, new RecistMarker(new Segment(1, 1, 8, 8), null)));
        s.moveKeyframe(2, 7, Keyframe.marker(8, new RecistMarker(new Segment(1, 1, 8, 8), null)));
        s.removeKeyframe(2, 5);
        s.setKeyframe(2, Keyframe.marker(8, new RecistMarker(new Segment(1, 1, 8, 8), null))); // no-op
        assertEquals(List.of(2, 2, 2, 2), events);
        assertEquals(1, snap.get(0).keyframes().size());
        assertEquals(List.of(8), List.copyOf(s.get(2).orElseThrow().keyframes().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> snap.get(0).keyframes().remove(5));
    }

    @Test
    void markerBecomesCoveringBoxGrownByMargin() {
        RecistMarker m = new RecistMarker(new Segment(10, 20, 40, 60), new Segment(33, 30, 17, 42));
        // long axis 50 px; covering box spans x 10..40, y 20..60
        assertEquals(new BoxPrompt(10, 20, 40, 60), m.coveringBox());
        assertEquals(new BoxPrompt(10, 20, 40, 60), m.toBox(MarginPolicy.NONE));
        assertEquals(new BoxPrompt(7, 17, 43, 63), m.toBox(new MarginPolicy(3, 0)));
        assertEquals(new BoxPrompt(5, 15, 45, 65), m.toBox(new MarginPolicy(0, 0.1)));
        assertEquals(new BoxPrompt(4, 14, 46, 66), m.toBox(new MarginPolicy(1, 0.1)));
        // the short axis can widen the box beyond the long axis
        RecistMarker w = new RecistMarker(new Segment(10, 10, 20, 10), new Segment(15, 4, 15, 16));
        assertEquals(new BoxPrompt(10, 4, 20, 16), w.coveringBox());
        assertThrows(IllegalArgumentException.class, () -> new RecistMarker(new Segment(1, 1, 1, 1), null));
    }
}
