package org.slicewise.app.ui.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slicewise.app.ui.measure.Measurements;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelSnapshot;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.io.VolumeIO;

/**
 * Exports the label map as NIfTI in the source image's geometry (so it overlays in ITK-SNAP /
 * 3D Slicer / nibabel) plus a sidecar JSON with the label table, the prompts that produced it and
 * the measurements. Works on a {@link SessionIO.Snapshot}, off the FX thread; both files are
 * written atomically.
 */
public final class ExportService {
    /** Writes a volume to a path (VolumeIO.write in the app; replaceable in tests). */
    @FunctionalInterface
    public interface VolumeWriter {
        void write(Volume v, Path path) throws IOException;
    }

    private final VolumeWriter writer;

    public ExportService() {
        this(VolumeIO::write);
    }

    public ExportService(VolumeWriter writer) {
        this.writer = writer;
    }

    /** Sidecar path: NAME.nii.gz -> NAME.json. */
    public static Path sidecarOf(Path labelFile) {
        String n = labelFile.getFileName().toString();
        for (String ext : new String[] {".nii.gz", ".nii", ".nrrd"}) {
            if (n.endsWith(ext)) {
                n = n.substring(0, n.length() - ext.length());
                break;
            }
        }
        return labelFile.resolveSibling(n + ".json");
    }

    public void export(SessionIO.Snapshot s, Path target, Progress progress) throws IOException {
        progress.update(0.05, "building label volume");
        LabelSnapshot map = s.labels();
        Volume v = map.toVolume(new VolumeMetadata("SEG", "Slicewise labels", null, target.toString(), false, java.util.List.of()));
        progress.checkCancelled();
        progress.update(0.2, "writing " + target.getFileName());
        AtomicFiles.write(target, tmp -> writer.write(v, tmp));
        progress.update(0.8, "writing sidecar");
        JsonObject o = new JsonObject();
        o.addProperty("format", "slicewise-labels");
        o.addProperty("image", s.volume() == null ? "" : s.volume().toAbsolutePath().toString());
        o.addProperty("label_map", target.getFileName().toString());
        o.add("geometry", Json.geometry(s.geometry()));
        o.add("labels", Json.labels(s.table()));
        o.add("prompts", Json.prompts(s.prompts(), s.geometry()));
        JsonArray meas = new JsonArray();
        for (LabelInfo l : s.table().labels()) {
            Measurements.Result r = Measurements.measure(map, l.id());
            JsonObject m = new JsonObject();
            m.addProperty("label", l.id());
            m.addProperty("voxels", r.voxels());
            m.addProperty("volume_ml", r.volumeMl());
            m.addProperty("recist_long_mm", r.longMm());
            m.addProperty("recist_short_mm", r.shortMm());
            m.addProperty("recist_slice", r.recistSlice());
            meas.add(m);
        }
        o.add("measurements", meas);
        byte[] json = new GsonBuilder().setPrettyPrinting().create().toJson(o).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(sidecarOf(target), tmp -> Files.write(tmp, json));
        progress.update(1, "exported " + target.getFileName());
    }

    /** A label map holding a copy of the snapshot's slices (through the edit path). */
    public static LabelMap labelMap(SessionIO.Snapshot s) {
        LabelMap m = new LabelMap(s.geometry());
        var ed = new org.slicewise.core.label.LabelEditor(m, new org.slicewise.core.label.LabelTable(),
                new org.slicewise.core.label.UndoHistory(1, Long.MAX_VALUE));
        int nx = s.geometry().nx(), ny = s.geometry().ny();
        for (int z = 0; z < s.labels().nz(); z++) {
            short[] sl = s.labels().sliceOrNull(z);
            if (sl != null) {
                ed.apply("export", new org.slicewise.core.label.SlicePatch(z, 0, 0, nx, ny, sl, null));
            }
        }
        return m;
    }
}
