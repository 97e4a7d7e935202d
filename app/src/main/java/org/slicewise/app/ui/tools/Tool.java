package org.slicewise.app.ui.tools;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;

/**
 * A left-button tool on the axial view. Coordinates are continuous voxel indices (x, y) on the
 * current axial slice. Tools create prompts through the document's AnnotationStore and paint
 * labels only through the LabelEditor, so every action is undoable.
 */
public interface Tool {
    default void pressed(ToolContext c, double x, double y, MouseEvent e) {
    }

    default void dragged(ToolContext c, double x, double y, MouseEvent e) {
    }

    default void released(ToolContext c, double x, double y, MouseEvent e) {
    }

    default void moved(ToolContext c, double x, double y) {
    }

    /** Draws the tool's in-progress feedback (rubber band, brush cursor). */
    default void paint(ToolContext c, GraphicsContext g, ScreenMapper m) {
    }

    /** Abandons an in-progress gesture (Escape). */
    default void cancel() {
    }
}
