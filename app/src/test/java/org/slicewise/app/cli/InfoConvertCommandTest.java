package org.slicewise.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.app.TestData;

/** {@code slicewise info} and {@code convert} through {@link SlicewiseCli#run}. */
class InfoConvertCommandTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SlicewiseCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static JsonObject info(Path f) {
        Result r = run("info", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), "one JSON object on one line");
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    private static final String GEOMETRY = "\"dims\":[256,256,25],\"spacing\":[0.78125,0.78125,6.5],"
            + "\"origin\":[-99.609375,99.609375,-78],\"direction\":[1,0,0,0,-1,0,0,0,1],\"dtype\":\"int16\"";

    @Test
    void brain1NrrdAndNiftiPrintTheSameGeometry() {
        JsonObject nrrd = info(TestData.data("pyradiomics/brain1_image.nrrd"));
        JsonObject nii = info(TestData.data("pyradiomics/nifti/brain1_image.nii.gz"));
        assertEquals("nrrd", nrrd.get("format").getAsString());
        assertEquals("nifti", nii.get("format").getAsString());
        for (String k : new String[] {"dims", "spacing", "origin", "direction", "dtype", "min", "max"}) {
            assertEquals(nrrd.get(k), nii.get(k), k);
        }
        String raw = run("info", TestData.data("pyradiomics/brain1_image.nrrd").toString()).out();
        assertTrue(raw.contains(GEOMETRY), "exact printed geometry: " + raw);
        assertTrue(nii.get("max").getAsLong() > nii.get("min").getAsLong());
    }

    @Test
    void convertRoundTripsAndKeepsGeometry() throws IOException {
        Path src = TestData.data("pyradiomics/brain1_image.nrrd");
        JsonObject ref = info(src);
        for (String ext : new String[] {".nii.gz", ".nrrd", ".nii"}) {
            Path out = tmp.resolve("b" + ext);
            Result r = run("convert", src.toString(), out.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(Files.size(out) > 1000);
            JsonObject o = info(out);
            for (String k : new String[] {"dims", "spacing", "origin", "direction", "dtype", "min", "max"}) {
                assertEquals(ref.get(k), o.get(k), ext + " " + k);
            }
        }
        Path seg = TestData.data("totalsegmentator/example_seg.nii.gz");
        Path out = tmp.resolve("seg.nrrd");
        assertEquals(0, run("convert", seg.toString(), out.toString()).code());
        JsonObject a = info(seg), b = info(out);
        assertEquals(a.get("origin"), b.get("origin"));
        assertEquals(a.get("max"), b.get("max"));
    }

    @Test
    void dicomFolderListsItsSeriesAndTheVolume() throws IOException {
        JsonObject o = info(TestData.data("totalsegmentator/example_ct_dicom"));
        assertEquals("dicom", o.get("format").getAsString());
        assertEquals(1, o.getAsJsonArray("series").size());
        JsonObject s = o.getAsJsonArray("series").get(0).getAsJsonObject();
        assertEquals(20, s.get("files").getAsInt());
        assertEquals("[512,512,20]", o.get("dims").toString());
        assertEquals("[0.9765625,0.9765625,2]", o.get("spacing").toString());
        assertEquals(-804.5, o.getAsJsonArray("origin").get(2).getAsDouble(), 1e-6);
        assertEquals("CT", o.get("modality").getAsString());
        Path out = tmp.resolve("ct.nii.gz");
        Result r = run("convert", TestData.data("totalsegmentator/example_ct_dicom").toString(), out.toString(),
                "--series", s.get("uid").getAsString());
        assertEquals(0, r.code(), r.err());
        JsonObject n = info(out);
        for (String k : new String[] {"dims", "spacing", "origin", "direction", "min", "max"}) {
            assertEquals(o.get(k), n.get(k), "DICOM vs converted NIfTI " + k);
        }
    }

    @Test
    void badInputExitsTwoWithOneLineNamingTheFile() throws IOException {
        Path bad = tmp.resolve("broken.nii.gz");
        Files.write(bad, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 9, 9, 9, 9});
        for (String[] args : new String[][] {{"info", bad.toString()}, {"convert", bad.toString(), tmp.resolve("x.nrrd").toString()}}) {
            Result r = run(args);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().startsWith("slicewise: error: ") && r.err().contains("broken.nii.gz"), r.err());
            assertEquals("", r.out());
        }
        Path txt = tmp.resolve("notes.nrrd");
        Files.writeString(txt, "hello");
        Result r = run("info", txt.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("notes.nrrd"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        Path src = TestData.data("pyradiomics/brain1_image.nrrd");
        Result png = run("convert", src.toString(), tmp.resolve("out.png").toString());
        assertEquals(2, png.code());
        assertTrue(png.err().contains("out.png"), png.err());
        assertEquals(2, run("convert", src.toString()).code());
        assertEquals(2, run("info").code());
        Path text = tmp.resolve("readme.txt");
        try {
            Files.writeString(text, "just text, not an image");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Result unknown = run("info", text.toString());
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("readme.txt"), unknown.err());
        Result missing = run("info", tmp.resolve("absent.nii").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("absent.nii"), missing.err());
    }
}
