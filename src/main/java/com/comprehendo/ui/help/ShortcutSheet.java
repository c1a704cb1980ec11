package com.comprehendo.ui.help;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;

/**
 * The keyboard-shortcut sheet (Help ▸ Keyboard shortcuts): every accelerator of the menu bar, read from
 * the menus themselves so the sheet cannot fall behind them, then the keys and gestures that live in
 * the views (the dataset grid, the image canvas, drag and drop).
 */
public final class ShortcutSheet {

  /** Keys and gestures outside the menus, in the order the sheet lists them. */
  public static final List<Shortcut> GESTURES = List.of(
      new Shortcut("← → ↑ ↓, Page Up/Down", "Move between tiles", "Dataset grid"),
      new Shortcut("Enter, double-click", "Explain the tile's image (its predicted class)", "Dataset grid"),
      new Shortcut("Right-click", "Explain the true class, or show the tile's confusion cell", "Dataset grid"),
      new Shortcut("Click a cell, row or column name", "Show those images in the grid", "Confusion matrix"),
      new Shortcut("Mouse wheel", "Zoom at the pointer", "Image canvas"),
      new Shortcut("Drag", "Pan", "Image canvas"),
      new Shortcut("Double-click", "Fit to window", "Image canvas"),
      new Shortcut("Drop a .pt file", "Open it as the model", "Window"),
      new Shortcut("Drop a folder or an image", "Open the folder (and show that image)", "Window"));

  private ShortcutSheet() {}

  /** The menus' accelerators (in menu order, submenus included), then {@link #GESTURES}. */
  public static List<Shortcut> of(MenuBar menuBar) {
    List<Shortcut> rows = new ArrayList<>();
    for (Menu menu : menuBar.getMenus()) {
      collect(menu, menu.getText(), rows);
    }
    rows.addAll(GESTURES);
    return rows;
  }

  private static void collect(Menu menu, String where, List<Shortcut> rows) {
    for (MenuItem item : menu.getItems()) {
      if (item instanceof Menu submenu) {
        collect(submenu, where + " ▸ " + submenu.getText(), rows);
      } else if (item.getAccelerator() != null) {
        rows.add(new Shortcut(item.getAccelerator().getDisplayText(), item.getText(), where));
      }
    }
  }

  /** The sheet as a three-column grid (keys, action, where), scrollable. */
  public static ScrollPane view(List<Shortcut> rows) {
    GridPane grid = new GridPane();
    grid.setHgap(16);
    grid.setVgap(4);
    grid.setPadding(new Insets(12));
    grid.addRow(0, header("Keys"), header("Does"), header("Where"));
    for (int i = 0; i < rows.size(); i++) {
      Shortcut row = rows.get(i);
      Label keys = new Label(row.keys());
      keys.setStyle("-fx-font-family: monospace;");
      grid.addRow(i + 1, keys, new Label(row.action()), new Label(row.where()));
    }
    ScrollPane scroll = new ScrollPane(grid);
    scroll.setFitToWidth(true);
    return scroll;
  }

  private static Label header(String text) {
    Label label = new Label(text);
    label.setStyle("-fx-font-weight: bold;");
    return label;
  }
}
