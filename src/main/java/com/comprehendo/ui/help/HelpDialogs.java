package com.comprehendo.ui.help;

import com.comprehendo.platform.BuildInfo;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * The Help menu's windows: the shortcut sheet, the demo guide and About. Not modal, so a guide's link
 * can set the grid while the guide stays open beside it.
 */
public final class HelpDialogs {

  private HelpDialogs() {}

  /** "Comprehendo 0.1.0 · Java 17.0.12 · JavaFX 21.0.11". */
  public static String versionLine() {
    return "Comprehendo " + BuildInfo.version() + " · Java " + System.getProperty("java.version", "?")
        + " · JavaFX " + System.getProperty("javafx.runtime.version", "?");
  }

  public static void showShortcuts(Window owner, List<Shortcut> rows) {
    show(owner, "Keyboard shortcuts", ShortcutSheet.view(rows), 640, 560);
  }

  public static void showDemoGuide(Window owner, List<DemoGuide.Point> points) {
    VBox content = new VBox(10);
    content.setPadding(new Insets(12));
    for (DemoGuide.Point point : points) {
      Label heading = new Label(point.heading());
      heading.setStyle("-fx-font-weight: bold;");
      Label text = new Label(point.text());
      text.setWrapText(true);
      content.getChildren().addAll(heading, text);
      for (DemoGuide.Link link : point.links()) {
        Hyperlink hyperlink = new Hyperlink(link.text());
        hyperlink.setOnAction(e -> link.apply().run());
        content.getChildren().add(hyperlink);
      }
    }
    show(owner, "What to look for in the demo", content, 520, 520);
  }

  public static void showAbout(Window owner) {
    Label text = new Label(versionLine() + "\n\nExplains image classifiers with Captum's attribution methods on"
        + " TorchScript models (DJL/PyTorch).");
    text.setWrapText(true);
    text.setPadding(new Insets(12));
    show(owner, "About Comprehendo", text, 460, 180);
  }

  private static void show(Window owner, String title, Node content, double width, double height) {
    Dialog<Void> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.initModality(Modality.NONE);
    dialog.setTitle(title);
    dialog.setResizable(true);
    dialog.getDialogPane().setContent(content);
    dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    dialog.getDialogPane().setPrefSize(width, height);
    dialog.show();
  }
}
