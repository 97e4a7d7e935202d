package org.slicewise.app.ui;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.slicewise.app.ui.tools.ToolKind;
import org.slicewise.core.volume.DisplayWindow;

/**
 * Keyboard shortcuts (documented in docs/workstation.md): tools by letter, slice scrolling,
 * window presets 1–6, AI (S, Shift+S, U, A, Esc), undo/redo, brush size, reset.
 */
final class Keys {
    private Keys() {
    }

    static boolean handle(MainWindow w, KeyEvent e) {
        ViewerState s = w.state();
        KeyCode c = e.getCode();
        if (e.isShortcutDown()) {
            if (c == KeyCode.Z && e.isShiftDown() || c == KeyCode.Y) {
                w.redo();
                return true;
            }
            if (c == KeyCode.Z) {
                w.undo();
                return true;
            }
            return false; // menu accelerators handle the rest
        }
        switch (c) {
            case UP, RIGHT -> s.scrollAxial(1);
            case DOWN, LEFT -> s.scrollAxial(-1);
            case PAGE_UP -> s.scrollAxial(pageOf(s));
            case PAGE_DOWN -> s.scrollAxial(-pageOf(s));
            case HOME -> w.resetViews();
            case DELETE, BACK_SPACE -> w.deleteSelected();
            case ESCAPE -> {
                var t = w.tool(s.tool.get());
                if (t != null) {
                    t.cancel();
                }
                w.ai().reject();
                w.axialView().requestRedraw();
            }
            case OPEN_BRACKET -> s.brushRadius.set(Math.max(1, s.brushRadius.get() - 1));
            case CLOSE_BRACKET -> s.brushRadius.set(Math.min(60, s.brushRadius.get() + 1));
            case S -> w.ai().segment(e.isShiftDown());
            case U -> w.ai().rerunChanged();
            case A -> w.ai().accept();
            case DIGIT1 -> w.headerWindow();
            case DIGIT2 -> w.setWindow(DisplayWindow.CT_SOFT_TISSUE);
            case DIGIT3 -> w.setWindow(DisplayWindow.CT_LUNG);
            case DIGIT4 -> w.setWindow(DisplayWindow.CT_BRAIN);
            case DIGIT5 -> w.setWindow(DisplayWindow.CT_BONE);
            case DIGIT6 -> w.autoWindow();
            case EQUALS, PLUS, ADD -> w.axialView().zoomBy(1.2);
            case MINUS, SUBTRACT -> w.axialView().zoomBy(1 / 1.2);
            default -> {
                for (ToolKind k : ToolKind.values()) {
                    if (k.key().equals(c.getName())) {
                        s.tool.set(k);
                        return true;
                    }
                }
                return false;
            }
        }
        return true;
    }

    private static int pageOf(ViewerState s) {
        var d = s.document.get();
        return d == null ? 1 : Math.max(1, d.volume().nz() / 10);
    }
}
