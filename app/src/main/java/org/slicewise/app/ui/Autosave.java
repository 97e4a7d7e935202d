package org.slicewise.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;
import org.slicewise.app.ui.io.SessionIO;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.Progress;

/**
 * Writes the open document to a recovery session (~/.slicewise/recovery/recovery.swsession) every
 * interval when it changed, and right after each accepted AI result. The FX thread only schedules:
 * it captures the label table and prompts (small); the label map is snapshotted on the worker that
 * writes, under the editor's lock, copying only the slices changed since the previous snapshot
 * ({@link org.slicewise.core.label.LabelEditor#snapshot}), never the whole volume. Writes are atomic
 * and serialised. A clean exit deletes the file ({@link #clear}, which first cancels or waits for
 * a write in flight), so finding it at start-up means the last run did not end normally.
 */
public final class Autosave {
    public static final String FILE = "recovery" + SessionIO.EXTENSION;

    /** Writes a session snapshot ({@link SessionIO#write} in the app; replaceable in tests). */
    @FunctionalInterface
    interface Writer {
        void write(SessionIO.Snapshot s, Path file, Progress progress) throws Exception;
    }

    private final Writer writer;
    /** Bumped by {@link #clear}: writes requested before it are skipped or cancelled. */
    private final AtomicLong generation = new AtomicLong();
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
        this(state, runner, dir, interval, message, SessionIO::write);
    }

    Autosave(ViewerState state, TaskRunner runner, Path dir, Duration interval, Consumer<String> message, Writer writer) {
        this.writer = writer;
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

    /** Schedules a snapshot and write in the background (the label slices are copied there, not here). */
    public void saveNow() {
        Document d = state.document.get();
        if (d == null) {
            return;
        }
        long v = d.version();
        SessionIO.Request req = SessionIO.capture(d, state.window.get());
        long seq = ++taken;
        long gen = generation.get();
        // writes run on a pool of workers: a timer save and the save right after an accept can run at
        // once. Writes are serialised, and the label snapshot is taken inside the same lock, so a later
        // write never holds older labels; a request older than the one already written is dropped.
        runner.background(p -> {
            Progress cancel = new Progress() {
                @Override
                public void update(double fraction, String message) {
                }

                @Override
                public boolean isCancelled() { return p.isCancelled() || generation.get() != gen; }
            };
            synchronized (writeLock) {
                if (seq < written || cancel.isCancelled()) {
                    return false;
                }
                writer.write(req.take(cancel), file(), cancel);
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
        }, err -> {
            if (!(err instanceof CancellationException)) {
                message.accept("autosave failed: " + TaskRunner.oneLine(err));
            }
        });
    }

    /**
     * Clean exit / explicit discard: the recovery file is no longer needed. A write in flight is
     * cancelled (it stops at its next slice and leaves no file) and waited for, writes still queued
     * are skipped, so no recovery file exists once this returns. Later {@link #saveNow} calls write
     * again.
     */
    public void clear() {
        generation.incrementAndGet();
        synchronized (writeLock) {
            try {
                Files.deleteIfExists(file());
            } catch (IOException ignored) {
                // a stale recovery file only causes a restore offer
            }
        }
    }
}
