package org.slicewise.app.ui;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slicewise.app.ui.ai.Proposal;
import org.slicewise.app.ui.model.Annotation;
import org.slicewise.app.ui.model.Document;
import org.slicewise.app.ui.tools.ToolKind;
import org.slicewise.core.volume.DisplayWindow;

/**
 * State shared by all views (FX thread only): the document, the linked cursor (voxel x, y, z: the
 * three slices shown), the display window, the active label and tool, the AI proposal and the
 * selected prompt. Views observe it and redraw; {@link #revision} is bumped when labels change.
 */
public final class ViewerState {
    public final ObjectProperty<Document> document = new SimpleObjectProperty<>();
    public final IntegerProperty cx = new SimpleIntegerProperty();
    public final IntegerProperty cy = new SimpleIntegerProperty();
    public final IntegerProperty cz = new SimpleIntegerProperty();
    public final ObjectProperty<DisplayWindow> window = new SimpleObjectProperty<>(DisplayWindow.CT_SOFT_TISSUE);
    public final IntegerProperty activeLabel = new SimpleIntegerProperty(1);
    public final ObjectProperty<ToolKind> tool = new SimpleObjectProperty<>(ToolKind.NAVIGATE);
    public final IntegerProperty brushRadius = new SimpleIntegerProperty(4);
    public final BooleanProperty brush3d = new SimpleBooleanProperty(false);
    public final ObjectProperty<Proposal> proposal = new SimpleObjectProperty<>();
    /** The latest AI result (pending or accepted) whose confidence the strip shows. */
    public final ObjectProperty<Proposal> lastResult = new SimpleObjectProperty<>();
    /** Per-object plans (keyframe + interpolated boxes) for drawing the boxes between keyframes. */
    public final ObjectProperty<java.util.List<org.slicewise.core.pipeline.ObjectPlan>> plans =
            new SimpleObjectProperty<>(java.util.List.of());
    public final ObjectProperty<Annotation> selected = new SimpleObjectProperty<>();
    public final StringProperty hover = new SimpleStringProperty("");
    public final LongProperty revision = new SimpleLongProperty();

    public void bump() { revision.set(revision.get() + 1); }

    /** Moves the axial slice by delta, clamped. */
    public void scrollAxial(int delta) {
        Document d = document.get();
        if (d != null) {
            cz.set(Math.max(0, Math.min(d.volume().nz() - 1, cz.get() + delta)));
        }
    }

    /** Centres the cursor on the volume. */
    public void centre() {
        Document d = document.get();
        if (d != null) {
            cx.set(d.volume().nx() / 2);
            cy.set(d.volume().ny() / 2);
            cz.set(d.volume().nz() / 2);
        }
    }
}
