package org.slicewise.app.ui.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelSnapshot;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.label.UndoHistory;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Geometry;

/**
 * Session files (.swsession): a zip with session.json (volume reference, its geometry, label table,
 * prompts, display window) and labels.bin (the label map, empty slices skipped). Written
 * atomically. Used for File ▸ Save Session and for the autosave recovery file.
 */
public final class SessionIO {
    public static final String EXTENSION = ".swsession";
    private static final int MAGIC = 0x53574C42; // "SWLB"

    private SessionIO() {
    }

    /** What a session file holds before its volume is loaded. */
    public record Session(Path file, Path volume, Geometry geometry, LabelTable table, List<Annotation> prompts,
                          DisplayWindow window, long savedAtMillis) {
    }

    /**
     * Everything a session file holds, frozen: the label map as an immutable {@link LabelSnapshot}
     * (taken off the FX thread by {@link Request#take}), the rest captured on the FX thread.
     */
    public record Snapshot(Path volume, Geometry geometry, LabelTable table, List<Annotation> prompts, LabelSnapshot labels,
                           DisplayWindow window) {
    }

    /**
     * What the FX thread captures for a save: only small things (a copy of the label table, the
     * immutable prompt list, the window). The label map is snapshotted later by {@link #take}, on the
     * worker that writes, under the editor's lock, copying only slices changed since the previous
     * snapshot (see {@link org.slicewise.core.label.LabelEditor#snapshot}). The labels may therefore
     * include edits made after the capture, never fewer.
     */
    public record Request(Document document, LabelTable table, List<Annotation> prompts, DisplayWindow window) {
        /** Snapshots the label map (any thread; meant for a worker). */
        public Snapshot take(Progress progress) {
            LabelSnapshot labels = document.editor().snapshot(progress);
            return new Snapshot(document.source(), labels.geometry(), table, prompts, labels, window);
        }
    }

    /** FX-thread part of a save: cheap, no label slice is copied here. */
    public static Request capture(Document d, DisplayWindow window) {
        LabelTable t = new LabelTable();
        d.table().labels().forEach(t::put);
        return new Request(d, t, d.annotations().all(), window);
    }

    /** Capture and label snapshot in one go (off the FX thread, or in tests). */
    public static Snapshot snapshot(Document d, DisplayWindow window) {
        return capture(d, window).take(Progress.NONE);
    }

    public static void write(Snapshot s, Path file) throws IOException {
        write(s, file, Progress.NONE);
    }

    /**
     * Writes atomically; cancellation is checked between slices (a cancelled write leaves the old
     * file, or none, in place: the temp file is deleted).
     */
    public static void write(Snapshot s, Path file, Progress progress) throws IOException {
        progress.checkCancelled();
        AtomicFiles.write(file, tmp -> {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                JsonObject o = new JsonObject();
                o.addProperty("format", "slicewise-session");
                o.addProperty("version", 1);
                o.addProperty("volume", s.volume() == null ? "" : s.volume().toAbsolutePath().toString());
                o.add("geometry", Json.geometry(s.geometry()));
                o.add("labels", Json.labels(s.table()));
                o.add("prompts", Json.prompts(s.prompts(), s.geometry()));
                if (s.window() != null) {
                    o.add("window", Json.arr(s.window().center(), s.window().width()));
                }
                o.addProperty("saved_at", System.currentTimeMillis());
                zip.putNextEntry(new ZipEntry("session.json"));
                zip.write(o.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("labels.bin"));
                DataOutputStream out = new DataOutputStream(zip);
                Geometry g = s.geometry();
                out.writeInt(MAGIC);
                out.writeInt(g.nx());
                out.writeInt(g.ny());
                out.writeInt(g.nz());
                for (int z = 0; z < g.nz(); z++) {
                    progress.checkCancelled();
                    short[] sl = s.labels().sliceOrNull(z);
                    out.writeBoolean(sl != null);
                    if (sl != null) {
                        byte[] b = new byte[sl.length * 2];
                        for (int i = 0; i < sl.length; i++) {
                            b[2 * i] = (byte) (sl[i] >> 8);
                            b[2 * i + 1] = (byte) sl[i];
                        }
                        out.write(b);
                    }
                }
                out.flush();
                zip.closeEntry();
            }
            progress.checkCancelled();
        });
    }

    /** Reads the session description (not yet the label map). */
    public static Session read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry("session.json");
            if (e == null) {
                throw BadInputException.of(file, "not a Slicewise session (no session.json)");
            }
            JsonObject o;
            try (InputStream in = zip.getInputStream(e)) {
                o = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            }
            JsonObject g = o.getAsJsonObject("geometry");
            double[] d = Json.vals(g.getAsJsonArray("dims"));
            Geometry geom = new Geometry(new int[] {(int) d[0], (int) d[1], (int) d[2]}, Json.vals(g.getAsJsonArray("spacing")),
                    Json.vals(g.getAsJsonArray("origin_lps")), Json.vals(g.getAsJsonArray("direction_lps")));
            DisplayWindow w = null;
            if (o.has("window")) {
                double[] wv = Json.vals(o.getAsJsonArray("window"));
                w = new DisplayWindow(wv[0], wv[1]);
            }
            String vol = o.get("volume").getAsString();
            return new Session(file, vol.isEmpty() ? null : Path.of(vol), geom, Json.labels(o.getAsJsonArray("labels")),
                    Json.prompts(o.getAsJsonArray("prompts")), w, o.has("saved_at") ? o.get("saved_at").getAsLong() : 0);
        } catch (IOException | BadInputException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw BadInputException.of(file, "damaged session file (" + ex.getMessage() + ")");
        }
    }

    /** Reads the label map of a session onto {@code geometry} (the loaded volume's, which must match). */
    public static LabelMap readLabels(Path file, Geometry geometry) throws IOException {
        LabelMap map = new LabelMap(geometry);
        // write through a throw-away editor: the only mutation path of a label map
        LabelEditor ed = new LabelEditor(map, new LabelTable(), new UndoHistory(1, Long.MAX_VALUE));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry("labels.bin");
            if (e == null) {
                throw BadInputException.of(file, "session has no label map");
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(zip.getInputStream(e)))) {
                if (in.readInt() != MAGIC) {
                    throw BadInputException.of(file, "damaged label map in session");
                }
                int nx = in.readInt(), ny = in.readInt(), nz = in.readInt();
                if (nx != geometry.nx() || ny != geometry.ny() || nz != geometry.nz()) {
                    throw BadInputException.of(file, "label map is " + nx + "x" + ny + "x" + nz + " but the image is "
                            + geometry.nx() + "x" + geometry.ny() + "x" + geometry.nz());
                }
                int n = nx * ny;
                byte[] b = new byte[2 * n];
                for (int z = 0; z < nz; z++) {
                    if (!in.readBoolean()) {
                        continue;
                    }
                    in.readFully(b);
                    short[] v = new short[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = (short) ((b[2 * i] << 8) | (b[2 * i + 1] & 0xFF));
                    }
                    ed.apply("load", new SlicePatch(z, 0, 0, nx, ny, v, null));
                }
            }
        } catch (java.io.EOFException ex) {
            throw BadInputException.of(file, "session label map is truncated");
        }
        return map;
    }
}
