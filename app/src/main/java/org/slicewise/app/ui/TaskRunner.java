package org.slicewise.app.ui;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slicewise.core.Progress;

/**
 * Runs slow work (loading, segmenting, exporting, autosave) on worker threads and reports back on
 * the FX thread, like QuPath's task runner. Foreground tasks drive the status-bar progress and its
 * Cancel button; progress updates are coalesced (at most one pending FX update), so a chatty
 * worker can never flood the FX thread.
 */
public final class TaskRunner implements AutoCloseable {
    /** The work, given a {@link Progress} that reports to the UI. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    /** A running task. */
    public static final class Handle implements Progress {
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicReference<Object[]> latest = new AtomicReference<>();
        private final AtomicBoolean pending = new AtomicBoolean();
        private final TaskRunner owner;
        private final boolean foreground;
        private volatile boolean done;

        Handle(TaskRunner owner, boolean foreground) {
            this.owner = owner;
            this.foreground = foreground;
        }

        public void cancel() { cancelled.set(true); }

        @Override
        public boolean isCancelled() { return cancelled.get(); }

        public boolean isDone() { return done; }

        @Override
        public void update(double fraction, String message) {
            if (!foreground) {
                return;
            }
            latest.set(new Object[] {fraction, message});
            if (pending.compareAndSet(false, true)) {
                Platform.runLater(() -> {
                    pending.set(false);
                    Object[] v = latest.get();
                    if (v != null && !done) {
                        owner.progress.set((Double) v[0]);
                        owner.message.set((String) v[1]);
                    }
                });
            }
        }
    }

    private final ExecutorService workers;
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final AtomicInteger running = new AtomicInteger();
    private volatile Handle current;

    public TaskRunner() {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "slicewise-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    public DoubleProperty progressProperty() { return progress; }

    public StringProperty messageProperty() { return message; }

    public BooleanProperty busyProperty() { return busy; }

    /** Cancels the current foreground task, if any. */
    public void cancelCurrent() {
        Handle h = current;
        if (h != null) {
            h.cancel();
        }
    }

    /** Runs work with progress in the status bar; callbacks run on the FX thread. */
    public <T> Handle run(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        return submit(title, true, work, onSuccess, onFailure);
    }

    /** Runs work quietly (autosave, measurements, pre-encoding). */
    public <T> Handle background(Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        return submit("", false, work, onSuccess, onFailure);
    }

    private <T> Handle submit(String title, boolean fg, Work<T> work, Consumer<T> ok, Consumer<Throwable> fail) {
        Handle h = new Handle(this, fg);
        if (fg) {
            current = h;
            progress.set(-1);
            message.set(title);
            running.incrementAndGet();
            busy.set(true);
        }
        workers.submit(() -> {
            T result = null;
            Throwable error = null;
            try {
                result = work.run(h);
                if (h.isCancelled()) {
                    error = new CancellationException("cancelled");
                }
            } catch (Throwable t) {
                error = h.isCancelled() && !(t instanceof CancellationException) ? new CancellationException("cancelled") : t;
            }
            h.done = true;
            T r = result;
            Throwable e = error;
            Platform.runLater(() -> {
                if (fg) {
                    if (running.decrementAndGet() == 0) {
                        busy.set(false);
                    }
                    if (current == h) {
                        current = null;
                    }
                    progress.set(e == null ? 1 : 0);
                    message.set(e == null ? title + ": done" : (e instanceof CancellationException ? title + ": cancelled" : title + ": failed"));
                }
                if (e == null) {
                    if (ok != null) {
                        ok.accept(r);
                    }
                } else if (fail != null) {
                    fail.accept(e);
                }
            });
        });
        return h;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** One-line message of a failure for dialogs. */
    public static String oneLine(Throwable t) {
        while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.io.UncheckedIOException
                || t instanceof RuntimeException && t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return m.replace('\n', ' ').replace('\r', ' ').trim();
    }
}
