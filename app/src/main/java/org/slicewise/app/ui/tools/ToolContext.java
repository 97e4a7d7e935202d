package org.slicewise.app.ui.tools;

import org.slicewise.app.ui.ViewerState;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.label.LabelInfo;

/** What a tool may use: the shared state (document, active label, slice) and a repaint request. */
public final class ToolContext {
    private final ViewerState state;
    private final Runnable repaint;
    private final java.util.function.Consumer<String> message;

    public ToolContext(ViewerState state, Runnable repaint, java.util.function.Consumer<String> message) {
        this.state = state;
        this.repaint = repaint;
        this.message = message;
    }

    public ViewerState state() { return state; }

    public Document doc() { return state.document.get(); }

    public int z() { return state.cz.get(); }

    public int label() { return state.activeLabel.get(); }

    public void repaint() { repaint.run(); }

    public void message(String m) { message.accept(m); }

    /** True when prompts/paint may go to the active label (it exists and is not locked). */
    public boolean labelUsable() {
        Document d = doc();
        if (d == null) {
            return false;
        }
        var l = d.table().get(label());
        if (l.isEmpty()) {
            message("no active label: add one in the Labels panel");
            return false;
        }
        if (l.map(LabelInfo::locked).orElse(false)) {
            message("label '" + l.get().name() + "' is locked");
            return false;
        }
        return true;
    }

    public boolean inside(double x, double y) {
        Document d = doc();
        return d != null && x >= -0.5 && y >= -0.5 && x <= d.volume().nx() - 0.5 && y <= d.volume().ny() - 0.5;
    }

    public double clampX(double x) { return Math.max(0, Math.min(doc().volume().nx() - 1, x)); }

    public double clampY(double y) { return Math.max(0, Math.min(doc().volume().ny() - 1, y)); }
}
