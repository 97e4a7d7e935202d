package org.slicewise.app.ui.tools;

import javafx.scene.input.MouseEvent;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.core.prompt.PointPrompt;

/** Click to add a positive (inside) or negative (outside) point for the active label. */
public final class PointTool implements Tool {
    private final boolean positive;

    public PointTool(boolean positive) {
        this.positive = positive;
    }

    @Override
    public void pressed(ToolContext c, double x, double y, MouseEvent e) {
        if (!c.labelUsable() || !c.inside(x, y)) {
            return;
        }
        var store = c.doc().annotations();
        store.add(new Annotation.Point(store.nextId(), c.label(), c.z(), new PointPrompt(c.clampX(x), c.clampY(y), positive)));
        c.repaint();
    }
}
