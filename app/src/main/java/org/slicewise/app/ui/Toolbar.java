package org.slicewise.app.ui;

import java.util.EnumMap;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import org.slicewise.app.ui.tools.ToolKind;

/** The tool bar: one toggle per tool (with its shortcut), brush size and 3D, and the AI buttons. */
final class Toolbar {
    private Toolbar() {
    }

    static ToolBar build(ViewerState state, AiController ai) {
        ToolBar bar = new ToolBar();
        bar.setId("toolbar");
        ToggleGroup group = new ToggleGroup();
        Map<ToolKind, ToggleButton> buttons = new EnumMap<>(ToolKind.class);
        for (ToolKind k : ToolKind.values()) {
            ToggleButton b = new ToggleButton(k.title());
            b.setId("tool" + k.name());
            b.setToggleGroup(group);
            b.setTooltip(new Tooltip(k.title() + " (" + k.key() + "): " + k.hint()));
            b.setOnAction(e -> state.tool.set(k));
            buttons.put(k, b);
            bar.getItems().add(b);
        }
        state.tool.addListener((o, a, k) -> buttons.get(k).setSelected(true));
        buttons.get(state.tool.get()).setSelected(true);
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                buttons.get(state.tool.get()).setSelected(true);
            }
        });
        Spinner<Integer> size = new Spinner<>(1, 60, state.brushRadius.get());
        size.setId("brushSize");
        size.setPrefWidth(70);
        size.setTooltip(new Tooltip("brush radius in voxels ([ and ])"));
        size.valueProperty().addListener((o, a, b) -> state.brushRadius.set(b));
        state.brushRadius.addListener((o, a, b) -> size.getValueFactory().setValue(b.intValue()));
        CheckBox sphere = new CheckBox("3D");
        sphere.setTooltip(new Tooltip("brush/eraser as a sphere across slices"));
        sphere.selectedProperty().bindBidirectional(state.brush3d);
        Button seg = new Button("Segment");
        seg.setId("segment");
        seg.setTooltip(new Tooltip("Segment the active object (S); Shift+S all objects"));
        seg.setOnAction(e -> ai.segment(false));
        Button segAll = new Button("All");
        segAll.setId("segmentAll");
        segAll.setTooltip(new Tooltip("Segment all objects (Shift+S)"));
        segAll.setOnAction(e -> ai.segment(true));
        Button accept = new Button("Accept");
        accept.setId("accept");
        accept.setTooltip(new Tooltip("Apply the proposal as one undo step (A)"));
        accept.setOnAction(e -> ai.accept());
        Button reject = new Button("Reject");
        reject.setId("reject");
        reject.setTooltip(new Tooltip("Discard the proposal (Esc)"));
        reject.setOnAction(e -> ai.reject());
        seg.disableProperty().bind(ai.availableProperty().not().or(ai.runningProperty()));
        segAll.disableProperty().bind(seg.disableProperty());
        accept.disableProperty().bind(state.proposal.isNull());
        reject.disableProperty().bind(state.proposal.isNull());
        bar.getItems().addAll(new Label(" size"), size, sphere, new Separator(), seg, segAll, accept, reject);
        return bar;
    }
}
