package org.slicewise.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slicewise.app.ui.io.SessionIO;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.VolumeIO;
import org.slicewise.io.dicom.DicomSeriesInfo;
import org.slicewise.io.dicom.DicomSeriesReader;

/**
 * Opens images and sessions off the FX thread through the io module (VolumeIO / DICOM reader).
 * Readers are replaceable so tests can run before every format has landed.
 */
public final class DocumentLoader {
    /** Reads a volume file. */
    @FunctionalInterface
    public interface VolumeReader {
        Volume read(Path p, Progress progress) throws IOException;
    }

    private final VolumeReader reader;

    public DocumentLoader() {
        this(DocumentLoader::readWithVolumeIO);
    }

    public DocumentLoader(VolumeReader reader) {
        this.reader = reader;
    }

    static Volume readWithVolumeIO(Path p, Progress progress) throws IOException {
        try {
            return VolumeIO.read(p, progress);
        } catch (UnsupportedOperationException e) {
            throw new IOException(p + ": this build cannot read this format yet (" + e.getMessage() + ")");
        }
    }

    public static boolean isSession(Path p) {
        return p.getFileName() != null && p.getFileName().toString().endsWith(SessionIO.EXTENSION);
    }

    /** True for a DICOM folder/file/zip (false when the DICOM reader is not available). */
    public static boolean isDicom(Path p) {
        if (!Files.exists(p)) {
            return false;
        }
        try {
            return DicomSeriesReader.isDicomInput(p);
        } catch (UnsupportedOperationException e) {
            return Files.isDirectory(p);
        }
    }

    public static List<DicomSeriesInfo> scanDicom(Path p, Progress progress) throws IOException {
        try {
            return DicomSeriesReader.scan(p, progress);
        } catch (UnsupportedOperationException e) {
            throw new IOException(p + ": DICOM reading is not available in this build");
        }
    }

    public static Document loadDicom(Path p, String uid, Progress progress) throws IOException {
        try {
            Volume v = DicomSeriesReader.load(p, uid, progress);
            return Document.fresh(v, p);
        } catch (UnsupportedOperationException e) {
            throw new IOException(p + ": DICOM reading is not available in this build");
        }
    }

    /** Loaded document plus its initial window. */
    public record Loaded(Document document, org.slicewise.core.volume.DisplayWindow window) {
    }

    /** Opens an image file (new empty label map) or a session. */
    public Loaded load(Path p, Progress progress) throws IOException {
        if (!Files.exists(p)) {
            throw new IOException(p + ": no such file or folder");
        }
        if (isSession(p)) {
            return loadSession(p, progress);
        }
        Volume v = reader.read(p, progress);
        progress.update(0.95, "computing display window");
        return new Loaded(Document.fresh(v, p), WindowPresets.initial(v));
    }

    /** Opens a session file: its volume, then its labels and prompts. */
    public Loaded loadSession(Path file, Progress progress) throws IOException {
        SessionIO.Session s = SessionIO.read(file);
        if (s.volume() == null || !Files.exists(s.volume())) {
            throw BadInputException.of(file, "the session's image is missing: " + s.volume());
        }
        progress.update(0.1, "reading " + s.volume().getFileName());
        Volume v = isDicom(s.volume()) && Files.isDirectory(s.volume())
                ? loadDicom(s.volume(), null, progress).volume() : reader.read(s.volume(), progress);
        if (!v.geometry().sameGrid(s.geometry(), 1e-3)) {
            throw BadInputException.of(file, "the image " + s.volume() + " no longer matches the session's geometry");
        }
        LabelMap map = SessionIO.readLabels(file, v.geometry());
        Document d = new Document(v, s.volume(), map, s.table());
        d.annotations().load(s.prompts());
        d.markSaved();
        return new Loaded(d, s.window() != null ? s.window() : WindowPresets.initial(v));
    }
}
