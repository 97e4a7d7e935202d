package org.slicewise.app.ui.tools;

/** The toolbar's tools with their keyboard shortcuts. */
public enum ToolKind {
    NAVIGATE("Navigate", "C", "click sets the crosshair"),
    SELECT("Select", "V", "select, drag to move, Delete removes a prompt"),
    BOX("Box", "B", "drag a box around the object"),
    RECIST("RECIST", "M", "drag the long axis, then click/drag the short axis"),
    POSITIVE("+ Point", "P", "click inside the object"),
    NEGATIVE("- Point", "N", "click outside the object"),
    BRUSH("Brush", "D", "paint the active label ([ ] size)"),
    ERASER("Eraser", "E", "erase labels ([ ] size)");

    private final String title;
    private final String key;
    private final String hint;

    ToolKind(String title, String key, String hint) {
        this.title = title;
        this.key = key;
        this.hint = hint;
    }

    public String title() { return title; }

    public String key() { return key; }

    public String hint() { return hint; }
}
