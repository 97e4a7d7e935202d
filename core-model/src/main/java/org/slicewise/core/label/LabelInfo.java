package org.slicewise.core.label;

/**
 * One entry of a label table.
 *
 * @param id      label value in the map (1..65535; 0 is background)
 * @param name    display name
 * @param rgb     colour as 0xRRGGBB
 * @param visible shown in the overlay
 * @param opacity overlay opacity 0..1
 * @param locked  never overwritten by tools or AI
 */
public record LabelInfo(int id, String name, int rgb, boolean visible, double opacity, boolean locked) {
    public LabelInfo {
        if (id < 1 || id > 65535) {
            throw new IllegalArgumentException("label id must be 1..65535: " + id);
        }
        name = name == null ? "label " + id : name;
        opacity = Math.max(0, Math.min(1, opacity));
    }

    public static LabelInfo of(int id, String name, int rgb) {
        return new LabelInfo(id, name, rgb, true, 0.5, false);
    }

    public LabelInfo withName(String n) { return new LabelInfo(id, n, rgb, visible, opacity, locked); }

    public LabelInfo withRgb(int c) { return new LabelInfo(id, name, c, visible, opacity, locked); }

    public LabelInfo withVisible(boolean v) { return new LabelInfo(id, name, rgb, v, opacity, locked); }

    public LabelInfo withOpacity(double o) { return new LabelInfo(id, name, rgb, visible, o, locked); }

    public LabelInfo withLocked(boolean l) { return new LabelInfo(id, name, rgb, visible, opacity, l); }
}
