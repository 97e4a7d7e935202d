package org.slicewise.core.label;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/** Bounded undo/redo history (by step count and by bytes). Oldest steps are dropped first. */
public final class UndoHistory {
    private final Deque<UndoableStep> undo = new ArrayDeque<>();
    private final Deque<UndoableStep> redo = new ArrayDeque<>();
    private final int maxSteps;
    private final long maxBytes;
    private long bytes;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public UndoHistory(int maxSteps, long maxBytes) {
        this.maxSteps = maxSteps;
        this.maxBytes = maxBytes;
    }

    public UndoHistory() {
        this(500, 512L << 20);
    }

    public synchronized void push(UndoableStep s) {
        undo.push(s);
        bytes += s.bytes();
        for (UndoableStep r : redo) {
            bytes -= r.bytes();
        }
        redo.clear();
        while (undo.size() > 1 && (undo.size() > maxSteps || bytes > maxBytes)) {
            bytes -= undo.removeLast().bytes();
        }
        fire();
    }

    public boolean canUndo() { return !undo.isEmpty(); }

    public boolean canRedo() { return !redo.isEmpty(); }

    public Optional<String> undoDescription() { return Optional.ofNullable(undo.peek()).map(UndoableStep::description); }

    public Optional<String> redoDescription() { return Optional.ofNullable(redo.peek()).map(UndoableStep::description); }

    public boolean undo() {
        UndoableStep s;
        synchronized (this) {
            s = undo.poll();
            if (s == null) {
                return false;
            }
            redo.push(s);
        }
        s.undo();
        fire();
        return true;
    }

    public boolean redo() {
        UndoableStep s;
        synchronized (this) {
            s = redo.poll();
            if (s == null) {
                return false;
            }
            undo.push(s);
        }
        s.redo();
        fire();
        return true;
    }

    public synchronized int size() { return undo.size(); }

    public synchronized long bytes() { return bytes; }

    public synchronized void clear() {
        undo.clear();
        redo.clear();
        bytes = 0;
        fire();
    }

    public void addListener(Runnable r) { listeners.add(r); }

    private void fire() {
        listeners.forEach(Runnable::run);
    }
}
