package org.slicewise.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;
import org.slicewise.app.ui.io.SessionIO;
import org.slicewise.app.ui.model.Document;

/**
 * Writes the open document to a recovery session (~/.slicewise/recovery/recovery.swsession) every
 * interval when it changed, and right after each accepted AI result. The snapshot is taken on the
 * FX thread (a copy of the non-empty label slices), the write happens on a worker, atomically.
 * A clean exit deletes the file, so finding it at start-up means the last run did not end normally.
 */
public final class Autosave {
    public static final String FILE = "recovery" + SessionIO.EXTENSION;
    private final ViewerState state;
    private final TaskRunner runner;
    private final Path dir;
    private final Timeline timer;
    private final Consumer<String> message;
    private long savedVersion = -1;
    private Document savedDoc;
    private volatile int writes;
    /** Snapshots taken (FX thread). */
    private long taken;
    /** The newest snapshot written to the file; guarded by {@code writeLock}. */
    private long written;
    private final Object writeLock = new Object();

    public Autosave(ViewerState state, TaskRunner runner, Path dir, Duration interval, Consumer<String> message) {
        this.state = state;
        this.runner = runner;
        this.dir = dir;
        this.message = message;
        timer = new Timeline(new KeyFrame(interval, e -> saveIfChanged()));
        timer.setCycleCount(Timeline.INDEFINITE);
    }

    public Path file() { return dir.resolve(FILE); }

    public int writes() { return writes; }

    public void start() { timer.play(); }

    public void stop() { timer.stop(); }

    /** A recovery file left by a run that did not exit cleanly. */
    public static Optional<Path> pending(Path dir) {
        Path f = dir.resolve(FILE);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    public void saveIfChanged() {
        Document d = state.document.get();
        if (d != null && (d != savedDoc || d.version() != savedVersion) && d.version() > 0) {
            saveNow();
        }
    }

    /** Snapshots now and writes in the background. */
    public void saveNow() {
        Document d = state.document.get();
        if (d == null) {
            return;
        }
        long v = d.version();
        SessionIO.Snapshot s = SessionIO.snapshot(d, state.window.get());
        long seq = ++taken;
        // writes run on a pool of workers: a timer save and the save right after an accept can run at
        // once, and the older one finishing last would leave the older state in the recovery file.
        // Writes are serialised and a snapshot older than the one already written is dropped.
        runner.background(p -> {
            synchronized (writeLock) {
                if (seq < written) {
                    return false;
                }
                SessionIO.write(s, file());
                written = seq;
                return true;
            }
        }, ok -> {
            if (!ok) {
                return;
            }
            savedVersion = v;
            savedDoc = d;
            writes++;
        }, err -> message.accept("autosave failed: " + TaskRunner.oneLine(err)));
    }

    /** Clean exit / explicit discard: the recovery file is no longer needed. */
    public void clear() {
        try {
            Files.deleteIfExists(file());
        } catch (IOException ignored) {
            // a stale recovery file only causes a restore offer
        }
    }
}
