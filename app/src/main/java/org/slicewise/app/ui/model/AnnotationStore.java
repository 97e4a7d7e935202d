package org.slicewise.app.ui.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slicewise.core.label.UndoHistory;
import org.slicewise.core.label.UndoableStep;

/**
 * The prompts of a document. Every change (add, move, delete) is an {@link UndoableStep} in the
 * same {@link UndoHistory} as label edits, so Ctrl+Z walks back through both in order.
 */
public final class AnnotationStore {
    private final List<Annotation> items = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final UndoHistory history;
    private final AtomicLong ids = new AtomicLong(1);
    private long version;

    public AnnotationStore(UndoHistory history) {
        this.history = history;
    }

    public long nextId() { return ids.getAndIncrement(); }

    public synchronized List<Annotation> all() { return List.copyOf(items); }

    public synchronized List<Annotation> onSlice(int z) {
        return items.stream().filter(a -> a.z() == z).toList();
    }

    public synchronized List<Annotation> ofLabel(int label) {
        return items.stream().filter(a -> a.label() == label).toList();
    }

    public synchronized long version() { return version; }

    public void addListener(Runnable r) { listeners.add(r); }

    public void add(Annotation a) {
        history.push(new Step("add " + kind(a), null, a));
        put(null, a);
    }

    public void remove(Annotation a) {
        history.push(new Step("delete " + kind(a), a, null));
        put(a, null);
    }

    public void replace(Annotation old, Annotation now) {
        history.push(new Step("move " + kind(now), old, now));
        put(old, now);
    }

    /** Removes all prompts of a label (when the label is deleted), as one undo step. */
    public void removeLabel(int label) {
        for (Annotation a : ofLabel(label)) {
            remove(a);
        }
    }

    /** Loads prompts without undo steps (opening a session). */
    public void load(List<Annotation> list) {
        synchronized (this) {
            items.clear();
            items.addAll(list);
            long max = list.stream().mapToLong(Annotation::id).max().orElse(0);
            ids.set(Math.max(ids.get(), max + 1));
            version++;
        }
        fire();
    }

    private void put(Annotation remove, Annotation add) {
        synchronized (this) {
            if (remove != null) {
                items.removeIf(x -> x.id() == remove.id());
            }
            if (add != null) {
                items.add(add);
            }
            version++;
        }
        fire();
    }

    private void fire() {
        listeners.forEach(Runnable::run);
    }

    static String kind(Annotation a) {
        if (a instanceof Annotation.Point p) {
            return p.point().positive() ? "positive point" : "negative point";
        }
        return a instanceof Annotation.Box ? "box" : "RECIST marker";
    }

    private final class Step implements UndoableStep {
        private final String description;
        private final Annotation before;
        private final Annotation after;

        Step(String description, Annotation before, Annotation after) {
            this.description = description;
            this.before = before;
            this.after = after;
        }

        @Override
        public String description() { return description; }

        @Override
        public void undo() { put(after, before); }

        @Override
        public void redo() { put(before, after); }

        @Override
        public long bytes() { return 160; }
    }
}
