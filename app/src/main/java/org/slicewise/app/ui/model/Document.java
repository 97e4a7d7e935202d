package org.slicewise.app.ui.model;

import java.nio.file.Path;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.label.UndoHistory;
import org.slicewise.core.volume.Volume;

/**
 * One open study: the image, its label map and table, the prompts, and the shared undo history.
 * No JavaFX types: sessions, autosave and export work on it off the FX thread.
 */
public final class Document {
    private final Volume volume;
    private final Path source;
    private final LabelTable table;
    private final UndoHistory history;
    private final LabelEditor editor;
    private final AnnotationStore annotations;
    private volatile long savedVersion;

    public Document(Volume volume, Path source, LabelMap map, LabelTable table) {
        this.volume = volume;
        this.source = source;
        this.table = table;
        this.history = new UndoHistory();
        this.editor = new LabelEditor(map, table, history);
        this.annotations = new AnnotationStore(history);
    }

    /** A fresh document with an empty label map and one label "Tumour". */
    public static Document fresh(Volume volume, Path source) {
        LabelTable t = new LabelTable();
        t.add("Tumour");
        return new Document(volume, source, new LabelMap(volume.geometry()), t);
    }

    public Volume volume() { return volume; }

    public Path source() { return source; }

    public LabelMap labels() { return editor.map(); }

    public LabelTable table() { return table; }

    public UndoHistory history() { return history; }

    public LabelEditor editor() { return editor; }

    public AnnotationStore annotations() { return annotations; }

    /** Changes to labels, prompts (and table edits counted via {@link #touch}). */
    public long version() { return editor.version() + annotations.version() + tableEdits; }

    private volatile long tableEdits;

    public void touch() { tableEdits++; }

    public boolean dirty() { return version() != savedVersion; }

    public void markSaved() { savedVersion = version(); }

    public void markSaved(long version) { savedVersion = version; }
}
