package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Proves the FX toolkit starts headless (Monocle) and the glass robot delivers clicks. */
@ExtendWith(ApplicationExtension.class)
class HeadlessSmokeTest {
    private int clicks;

    @Start
    void start(Stage stage) {
        Button b = new Button("press me");
        b.setId("b");
        b.setOnAction(e -> clicks++);
        stage.setScene(new Scene(b, 200, 100));
        stage.show();
    }

    @Test
    void toolkitIsHeadlessMonocleAndRobotClicks(FxRobot robot) {
        assertEquals("Monocle", System.getProperty("glass.platform"));
        assertTrue(Boolean.getBoolean("testfx.headless"));
        robot.clickOn("#b");
        assertEquals(1, clicks);
    }
}
