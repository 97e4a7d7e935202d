package org.slicewise.app.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slicewise.app.ui.io.ExportService;
import org.slicewise.app.ui.io.RecentFiles;
import org.slicewise.app.ui.io.SessionIO;
import org.slicewise.app.ui.model.Document;
import org.slicewise.io.dicom.DicomSeriesInfo;

/**
 * File operations of the workstation: open (image, DICOM with a series picker, session), save
 * session, export, the unsaved-changes question. Everything slow runs on the {@link TaskRunner};
 * a failure shows one line in a dialog and leaves the current work open.
 */
public final class Workspace {
    private final ViewerState state;
    private final TaskRunner runner;
    private final DocumentLoader loader;
    private final ExportService exporter;
    private final Dialogs dialogs;
    private final RecentFiles recent;
    private final Consumer<String> message;
    private final Consumer<DocumentLoader.Loaded> onOpened;
    private Path sessionFile;
    /**
     * Bumped (FX thread) by every open/restore: loads run concurrently on the TaskRunner's workers,
     * so a slow earlier open must not replace the document of a later one when it finishes last.
     */
    private long openGeneration;
    private Path userDir = org.slicewise.app.ui.io.AppDirs.home();

    /** The folder for sessions and settings (tests use a temporary one). */
    public void setUserDir(Path dir) { userDir = dir; }

    public Workspace(ViewerState state, TaskRunner runner, DocumentLoader loader, ExportService exporter, Dialogs dialogs,
                     RecentFiles recent, Consumer<String> message, Consumer<DocumentLoader.Loaded> onOpened) {
        this.state = state;
        this.runner = runner;
        this.loader = loader;
        this.exporter = exporter;
        this.dialogs = dialogs;
        this.recent = recent;
        this.message = message;
        this.onOpened = onOpened;
    }

    public RecentFiles recent() { return recent; }

    public Path sessionFile() { return sessionFile; }

    /** Opens an image file, a DICOM folder/file or a session (asks first if there are unsaved changes). */
    public void open(Path p) {
        if (!confirmDiscardOrSave(() -> open(p))) {
            return;
        }
        if (!DocumentLoader.isSession(p) && DocumentLoader.isDicom(p)) {
            openDicom(p);
            return;
        }
        long gen = ++openGeneration;
        runner.run("Opening " + p.getFileName(), pr -> loader.load(p, pr), l -> {
            if (gen != openGeneration) {
                return; // superseded by a later open
            }
            sessionFile = DocumentLoader.isSession(p) ? p : null;
            recent.add(p);
            onOpened.accept(l);
        }, err -> failed("Cannot open " + p.getFileName(), err));
    }

    /**
     * Restores a recovery session: the work comes back unsaved (dirty, no session file), so the
     * user is asked to save it somewhere of their choosing.
     */
    public void restore(Path recovery) {
        long gen = ++openGeneration;
        runner.run("Restoring unsaved work", pr -> loader.loadSession(recovery, pr), l -> {
            if (gen != openGeneration) {
                return; // superseded by a later open
            }
            sessionFile = null;
            l.document().markSaved(-1);
            onOpened.accept(l);
            message.accept("restored unsaved work from " + recovery.getFileName() + ": save it with Ctrl+S");
        }, err -> failed("Cannot restore", err));
    }

    private void openDicom(Path p) {
        long gen = ++openGeneration;
        runner.run("Scanning " + p.getFileName(), pr -> DocumentLoader.scanDicom(p, pr), (List<DicomSeriesInfo> series) -> {
            if (gen != openGeneration) {
                return; // superseded by a later open
            }
            if (series.isEmpty()) {
                dialogs.error("Cannot open " + p.getFileName(), p + ": no DICOM image series found");
                return;
            }
            var pick = series.size() == 1 ? java.util.Optional.of(series.get(0)) : dialogs.pickSeries(series);
            pick.ifPresent(s -> runner.run("Loading series " + s.description(), pr -> {
                Document d = DocumentLoader.loadDicom(p, s.uid(), pr);
                return new DocumentLoader.Loaded(d, WindowPresets.initial(d.volume()));
            }, l -> {
                if (gen != openGeneration) {
                    return; // superseded by a later open
                }
                sessionFile = null;
                recent.add(p);
                onOpened.accept(l);
            }, err -> failed("Cannot open " + p.getFileName(), err)));
        }, err -> failed("Cannot open " + p.getFileName(), err));
    }

    private void failed(String title, Throwable err) {
        if (err instanceof java.util.concurrent.CancellationException) {
            message.accept(title + ": cancelled");
            return;
        }
        message.accept(title + ": " + TaskRunner.oneLine(err));
        dialogs.error(title, TaskRunner.oneLine(err));
    }

    /** Saves the session (volume reference, labels, prompts, label map) atomically, off the FX thread. */
    public void saveSession(Path target, Runnable after) {
        Document d = state.document.get();
        if (d == null) {
            return;
        }
        Path t = target.toString().endsWith(SessionIO.EXTENSION) ? target : Path.of(target + SessionIO.EXTENSION);
        long v = d.version();
        SessionIO.Request req = SessionIO.capture(d, state.window.get()); // cheap; labels are copied on the worker
        runner.run("Saving session", pr -> {
            SessionIO.write(req.take(pr), t, pr);
            return t;
        }, ok -> {
            d.markSaved(v);
            sessionFile = t;
            recent.add(t);
            message.accept("session saved: " + t);
            if (after != null) {
                after.run();
            }
        }, err -> failed("Cannot save session", err));
    }

    /** Exports the label map (.nii.gz in the image geometry) + sidecar JSON, off the FX thread. */
    public void export(Path target, Runnable after) {
        Document d = state.document.get();
        if (d == null) {
            return;
        }
        String n = target.getFileName().toString();
        Path t = n.endsWith(".nii.gz") || n.endsWith(".nii") || n.endsWith(".nrrd") ? target : Path.of(target + ".nii.gz");
        SessionIO.Request req = SessionIO.capture(d, state.window.get()); // cheap; labels are copied on the worker
        runner.run("Exporting labels", pr -> {
            exporter.export(req.take(pr), t, pr);
            return t;
        }, ok -> {
            message.accept("exported " + t + " + " + ExportService.sidecarOf(t).getFileName());
            if (after != null) {
                after.run();
            }
        }, err -> failed("Cannot export", err));
    }

    /**
     * If the document has unsaved changes, asks. SAVE saves the session (to its file, or next to the
     * image) off the FX thread and returns false; {@code afterSave} runs once it is saved.
     *
     * @return true when it is fine to replace/close the document now
     */
    public boolean confirmDiscardOrSave(Runnable afterSave) {
        Document d = state.document.get();
        if (d == null || !d.dirty()) {
            return true;
        }
        String what = d.source() == null ? "The annotation" : d.source().getFileName().toString();
        switch (dialogs.unsavedChanges(what)) {
            case DISCARD:
                return true;
            case SAVE:
                saveSession(defaultSessionPath(d), afterSave);
                return false;
            default:
                return false;
        }
    }

    /**
     * Where Ctrl+S saves: the session's own file, else NAME.swsession in the user's sessions folder
     * (~/.slicewise/sessions; never beside the image, which may be a shared or read-only data folder).
     */
    public Path defaultSessionPath(Document d) {
        if (sessionFile != null) {
            return sessionFile;
        }
        Path src = d.source();
        String base = src == null || src.getFileName() == null ? "annotation"
                : src.getFileName().toString().replaceAll("(\\.nii\\.gz|\\.nii|\\.nrrd|\\.nhdr|\\.zip|\\.dcm)$", "");
        return userDir.resolve("sessions").resolve(base + SessionIO.EXTENSION);
    }

}
