package org.slicewise.core.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The prompts of all objects, as the CLI reads them from prompts.json and the workstation edits
 * them. Mutable and observable (no JavaFX): every change fires {@link Listener#promptsChanged} with
 * the label it touched. Objects are immutable {@link ObjectPrompts} snapshots, so
 * {@link #snapshot()} is cheap and safe to hand to a background run. Edit from one thread (the FX
 * thread in the app); reads of the snapshot are thread-safe.
 */
public final class PromptSet {
    /** Notified after every change; {@code label} is the object changed, or -1 for many. */
    public interface Listener {
        void promptsChanged(int label);
    }

    private final Map<Integer, ObjectPrompts> objects = new LinkedHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private MarginPolicy margin = MarginPolicy.DEFAULT;

    public PromptSet() {
    }

    public PromptSet(List<ObjectPrompts> initial) {
        for (ObjectPrompts o : initial) {
            objects.put(o.label(), o);
        }
    }

    public void addListener(Listener l) { listeners.add(l); }

    public void removeListener(Listener l) { listeners.remove(l); }

    /** The margin policy turning RECIST markers into boxes. */
    public synchronized MarginPolicy margin() { return margin; }

    public void setMargin(MarginPolicy m) {
        synchronized (this) {
            margin = m;
        }
        fire(-1);
    }

    /** Immutable copy of all objects in insertion order. */
    public synchronized List<ObjectPrompts> snapshot() {
        return List.copyOf(objects.values());
    }

    public synchronized Optional<ObjectPrompts> get(int label) {
        return Optional.ofNullable(objects.get(label));
    }

    public synchronized boolean isEmpty() {
        return objects.values().stream().allMatch(ObjectPrompts::isEmpty);
    }

    /** Adds or replaces an object. */
    public void put(ObjectPrompts o) {
        synchronized (this) {
            objects.put(o.label(), o);
        }
        fire(o.label());
    }

    public void remove(int label) {
        boolean removed;
        synchronized (this) {
            removed = objects.remove(label) != null;
        }
        if (removed) {
            fire(label);
        }
    }

    public void clear() {
        synchronized (this) {
            objects.clear();
        }
        fire(-1);
    }

    /** Replaces all objects at once (one event). */
    public void setAll(List<ObjectPrompts> all) {
        synchronized (this) {
            objects.clear();
            for (ObjectPrompts o : all) {
                objects.put(o.label(), o);
            }
        }
        fire(-1);
    }

    /** Applies an edit to object {@code label}, creating it (default name/colour) when absent. */
    public void update(int label, UnaryOperator<ObjectPrompts> edit) {
        synchronized (this) {
            ObjectPrompts cur = objects.getOrDefault(label,
                    ObjectPrompts.of(label, "label " + label, org.slicewise.core.label.LabelTable.defaultColour(label)));
            ObjectPrompts next = edit.apply(cur);
            if (next.equals(cur) && objects.containsKey(label)) {
                return;
            }
            objects.put(label, next);
        }
        fire(label);
    }

    /** Adds a keyframe, replacing any keyframe of that object on the same slice (also a "move" within a slice). */
    public void setKeyframe(int label, Keyframe k) {
        update(label, o -> o.withKeyframe(k));
    }

    public void removeKeyframe(int label, int slice) {
        update(label, o -> o.withoutKeyframe(slice));
    }

    /** Moves a keyframe to another slice (replacing one there). */
    public void moveKeyframe(int label, int fromSlice, Keyframe moved) {
        update(label, o -> o.withoutKeyframe(fromSlice).withKeyframe(moved));
    }

    public void addPoint(int label, SlicePoint p) {
        update(label, o -> o.withPoint(p));
    }

    public void removePoint(int label, SlicePoint p) {
        update(label, o -> o.withoutPoint(p));
    }

    public void setExtent(int label, Extent e) {
        update(label, o -> o.withExtent(e));
    }

    /** Labels in insertion order. */
    public synchronized List<Integer> labels() {
        return new ArrayList<>(objects.keySet());
    }

    private void fire(int label) {
        for (Listener l : listeners) {
            l.promptsChanged(label);
        }
    }
}
