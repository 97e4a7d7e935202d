package org.slicewise.core.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Ordered, mutable table of labels. Not thread-safe for writes: edit it from one thread (the FX thread in the app). */
public final class LabelTable {
    /** Distinct default colours (ITK-SNAP-like palette). */
    private static final int[] PALETTE = {
        0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0x00FFFF, 0xFF00FF, 0xFFEFD5, 0x0000CD, 0xCD853F, 0xD2B48C,
        0x6B8E23, 0x8B0000, 0x9ACD32, 0xFF7F50, 0x20B2AA, 0xBA55D3};

    private final List<LabelInfo> labels = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public static int defaultColour(int id) {
        return PALETTE[(id - 1) % PALETTE.length];
    }

    public List<LabelInfo> labels() { return List.copyOf(labels); }

    public Optional<LabelInfo> get(int id) {
        return labels.stream().filter(l -> l.id() == id).findFirst();
    }

    public boolean isLocked(int id) {
        return id != 0 && get(id).map(LabelInfo::locked).orElse(false);
    }

    /** Adds a label or replaces the one with the same id (keeping its position). */
    public void put(LabelInfo info) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).id() == info.id()) {
                labels.set(i, info);
                fire();
                return;
            }
        }
        labels.add(info);
        fire();
    }

    /** Adds a new label with the next free id and a default colour. */
    public LabelInfo add(String name) {
        int id = 1;
        while (get(id).isPresent()) {
            id++;
        }
        LabelInfo l = LabelInfo.of(id, name, defaultColour(id));
        put(l);
        return l;
    }

    public void remove(int id) {
        if (labels.removeIf(l -> l.id() == id)) {
            fire();
        }
    }

    /** Moves a label to a new position in the display order. */
    public void move(int id, int newIndex) {
        get(id).ifPresent(l -> {
            labels.remove(l);
            labels.add(Math.max(0, Math.min(newIndex, labels.size())), l);
            fire();
        });
    }

    public void addListener(Runnable r) { listeners.add(r); }

    public void removeListener(Runnable r) { listeners.remove(r); }

    private void fire() {
        listeners.forEach(Runnable::run);
    }
}
