package com.comprehendo.ui;

import static com.comprehendo.ui.OnFx.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import com.comprehendo.ui.help.Shortcut;
import com.comprehendo.ui.help.ShortcutSheet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.MenuBar;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import com.comprehendo.ui.support.NodeIds;
import org.testfx.util.WaitForAsyncUtils;
import org.testfx.api.FxRobot;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Help ▸ Keyboard shortcuts: the sheet has every shortcut of the window's menus and the views' gestures. */
@ExtendWith(ApplicationExtension.class)
class HelpMenuTest {

  private ExplorerHarness harness;
  private MainWindow window;

  @Start
  void start(Stage stage) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    harness = new ExplorerHarness();
    window = new MainWindow(harness.viewModel);
    stage.setScene(new Scene(window.root(), 1024, 700));
    stage.show();
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void theSheetListsEveryMenuShortcutAndTheGestures() {
    MenuBar menuBar = fx(() -> (MenuBar) ((BorderPane) window.root()).getTop());
    List<Shortcut> rows = fx(() -> ShortcutSheet.of(menuBar));
    Map<String, String> keysByAction = rows.stream()
        .collect(Collectors.toMap(Shortcut::action, Shortcut::keys, (a, b) -> a + ", " + b));
    for (String action : List.of("Open model…", "Open images…", "Export view as PNG…",
        "Export attribution as .npy…", "Quit", "Zoom in", "Zoom out", "Fit to window", "Dataset", "Explain",
        "Compare", "Show mispredicted images", "Next image", "Previous image", "Run attribution",
        "Run comparison", "Cancel", "Keyboard shortcuts")) {
      assertTrue(keysByAction.containsKey(action), action + " is missing from " + keysByAction.keySet());
      assertFalse(keysByAction.get(action).isBlank(), action);
    }
    assertEquals("Alt+Down", keysByAction.get("Next image").replace("⌥", "Alt+").replace("↓", "Down"));
    assertTrue(rows.containsAll(ShortcutSheet.GESTURES), "the grid's keys and drag and drop are listed too");
  }

  @Test
  void aNarrowWindowStartsWithoutTheImageListAndTheViewMenuBringsItBack(FxRobot robot) {
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(robot.lookup("#" + NodeIds.IMAGE_LIST_PANEL).tryQuery().isEmpty(),
        "at 1024 px the image list gives its width to the tabs");
    assertFalse(fx(() -> harness.viewModel.imageListShownProperty().get()));
    MenuBar menuBar = fx(() -> (MenuBar) ((BorderPane) window.root()).getTop());
    assertTrue(fx(() -> ShortcutSheet.of(menuBar)).stream().anyMatch(row -> row.action().equals("Image list")),
        "View ▸ Image list has a shortcut");
    fx(() -> {
      harness.viewModel.imageListShownProperty().set(true);
      return null;
    });
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(robot.lookup("#" + NodeIds.IMAGE_LIST_PANEL).tryQuery().isPresent(), "shown again");
  }
}
