package com.comprehendo.ui.dataset;

import com.comprehendo.ui.NodeIds;
import com.comprehendo.ui.UiStyles;
import com.comprehendo.ui.support.Formats;
import java.util.List;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The confusion matrix as a grid of cells: true classes down the side, predicted classes along the
 * top, each cell the count of its images, shaded by its share of the row (blue on the diagonal, red off
 * it, so mistakes stand out however common the class). Clicking a cell shows its images in the grid,
 * clicking a class name shows its row or column; the cell being shown is outlined. Binds to {@link
 * DatasetViewModel}; rebuilt only when the classes change, otherwise updated in place as results arrive.
 */
final class ConfusionMatrixView extends VBox {

  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  /** Width for the matrix inside the side panel (its content width less the row names). */
  private static final double MATRIX_WIDTH = 228;
  private static final double HEADER_SIZE = 76;

  private final DatasetViewModel viewModel;
  private final GridPane grid = new GridPane();
  private final Label empty = new Label();
  private final Label partial = new Label();
  private List<Integer> shownClasses = List.of();
  private Label[][] cells = new Label[0][0];
  private Label[] rowHeaders = new Label[0];
  private Label[] columnHeaders = new Label[0];

  ConfusionMatrixView(DatasetViewModel viewModel) {
    this.viewModel = viewModel;
    setId(NodeIds.CONFUSION_MATRIX);
    setSpacing(6);
    grid.getStyleClass().add(UiStyles.CONFUSION_GRID);
    grid.setHgap(2);
    grid.setVgap(2);
    empty.getStyleClass().add(UiStyles.HINT);
    empty.setWrapText(true);
    partial.getStyleClass().add(UiStyles.HINT);
    partial.setWrapText(true);
    getChildren().addAll(grid, empty, partial);
    viewModel.confusionProperty().addListener((obs, old, table) -> show(table));
    viewModel.actualFilterProperty().addListener(obs -> highlight());
    viewModel.predictedFilterProperty().addListener(obs -> highlight());
    viewModel.labelledProperty().addListener(obs -> show(viewModel.confusionProperty().get()));
    show(viewModel.confusionProperty().get());
  }

  private void show(ConfusionTable table) {
    boolean nothing = table.isEmpty();
    grid.setVisible(!nothing);
    grid.setManaged(!nothing);
    empty.setText(viewModel.labelledProperty().get() ? "Appears with the first predictions." : "Needs labelled images.");
    empty.setVisible(nothing);
    empty.setManaged(nothing);
    partial.setText(table.isPartial() ? "The " + table.size() + " of " + table.classCount()
        + " classes involved in the most mistakes." : "");
    partial.setVisible(table.isPartial());
    partial.setManaged(table.isPartial());
    if (nothing) {
      return;
    }
    if (!table.classes().equals(shownClasses)) {
      build(table);
    }
    int n = table.size();
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        paint(cells[r][c], table, r, c);
      }
    }
    highlight();
  }

  private void build(ConfusionTable table) {
    int n = table.size();
    shownClasses = table.classes();
    grid.getChildren().clear();
    double cellSize = Math.max(24, Math.min(52, Math.floor((MATRIX_WIDTH - 2 * n) / n)));
    boolean vertical = n > 4 || table.names().stream().anyMatch(name -> name.length() * 7 > cellSize);

    // Axis captions: "predicted" over the columns, "true" over the row names.
    Label predictedAxis = new Label("predicted →");
    predictedAxis.getStyleClass().add(UiStyles.CONFUSION_CORNER);
    grid.add(predictedAxis, 1, 0, n, 1);
    GridPane.setHalignment(predictedAxis, HPos.LEFT);
    Label trueAxis = new Label("true ↓");
    trueAxis.getStyleClass().add(UiStyles.CONFUSION_CORNER);
    grid.add(trueAxis, 0, 1);
    GridPane.setHalignment(trueAxis, HPos.RIGHT);
    GridPane.setValignment(trueAxis, VPos.BOTTOM);

    rowHeaders = new Label[n];
    columnHeaders = new Label[n];
    cells = new Label[n][n];
    for (int i = 0; i < n; i++) {
      int classIndex = table.classes().get(i);
      String name = table.names().get(i);

      Label column = header(name, "Predicted “" + name + "”: show the images predicted as this class");
      column.setOnMouseClicked(e -> viewModel.filterPredicted(classIndex));
      columnHeaders[i] = column;
      Node columnNode = column;
      if (vertical) {
        column.setRotate(-90);
        column.setPrefWidth(HEADER_SIZE);
        column.setMaxWidth(HEADER_SIZE);
        columnNode = new Group(column);
      } else {
        column.setPrefWidth(cellSize);
        column.setMaxWidth(cellSize);
        column.setAlignment(Pos.CENTER);
      }
      grid.add(columnNode, i + 1, 1);
      GridPane.setHalignment(columnNode, HPos.CENTER);
      GridPane.setValignment(columnNode, VPos.BOTTOM);

      Label row = header(name, "True “" + name + "”: show the images of this class");
      row.setOnMouseClicked(e -> viewModel.filterActual(classIndex));
      row.setMaxWidth(HEADER_SIZE);
      row.setAlignment(Pos.CENTER_RIGHT);
      rowHeaders[i] = row;
      grid.add(row, 0, i + 2);
      GridPane.setHalignment(row, HPos.RIGHT);
    }
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        int actual = table.classes().get(r);
        int predicted = table.classes().get(c);
        Label cell = new Label();
        cell.setId(NodeIds.confusionCell(actual, predicted));
        cell.getStyleClass().add(UiStyles.CONFUSION_CELL);
        cell.setMinSize(cellSize, cellSize);
        cell.setPrefSize(cellSize, cellSize);
        cell.setMaxSize(cellSize, cellSize);
        cell.setAlignment(Pos.CENTER);
        cell.setTooltip(new Tooltip());
        cell.setOnMouseClicked(e -> viewModel.filterCell(actual, predicted));
        cells[r][c] = cell;
        grid.add(cell, c + 1, r + 2);
      }
    }
  }

  private static Label header(String name, String tip) {
    Label label = new Label(name);
    label.getStyleClass().add(UiStyles.CONFUSION_HEADER);
    label.setTextOverrun(OverrunStyle.ELLIPSIS);
    label.setTooltip(new Tooltip(tip));
    label.setMinWidth(0);
    return label;
  }

  private static void paint(Label cell, ConfusionTable table, int row, int column) {
    int count = table.counts()[row][column];
    double share = table.share(row, column);
    boolean diagonal = row == column;
    cell.setText(Integer.toString(count));
    String background;
    boolean dark = false;
    if (count == 0) {
      background = "-color-bg-subtle";
    } else {
      double alpha = 0.14 + 0.80 * share;
      dark = alpha > 0.55;
      // Primer's accent blue and danger red, as in the rest of the theme.
      background = String.format(Locale.ROOT, diagonal ? "rgba(9, 105, 218, %.3f)" : "rgba(207, 34, 46, %.3f)", alpha);
    }
    cell.setStyle("-fx-background-color: " + background + ";"
        + (dark ? " -fx-text-fill: white;" : count == 0 ? " -fx-text-fill: -color-fg-subtle;" : ""));
    String actualName = table.names().get(row);
    String predictedName = table.names().get(column);
    cell.getTooltip().setText((diagonal ? "“" + actualName + "” predicted right: " : "True “" + actualName
        + "” predicted as “" + predictedName + "”: ") + Formats.count(count) + (count == 1 ? " image" : " images")
        + " (" + Formats.percent(share) + " of “" + actualName + "”)\nClick to show them");
  }

  private static int indexOf(ClassChoice choice) {
    return choice == null ? ClassChoice.ANY_INDEX : choice.index();
  }

  private void highlight() {
    int actual = indexOf(viewModel.actualFilterProperty().get());
    int predicted = indexOf(viewModel.predictedFilterProperty().get());
    for (int r = 0; r < cells.length; r++) {
      int rowClass = shownClasses.get(r);
      rowHeaders[r].pseudoClassStateChanged(SELECTED, rowClass == actual);
      columnHeaders[r].pseudoClassStateChanged(SELECTED, rowClass == predicted);
      for (int c = 0; c < cells[r].length; c++) {
        boolean rowMatches = actual == ClassChoice.ANY_INDEX || rowClass == actual;
        boolean columnMatches = predicted == ClassChoice.ANY_INDEX || shownClasses.get(c) == predicted;
        boolean filtered = actual != ClassChoice.ANY_INDEX || predicted != ClassChoice.ANY_INDEX;
        cells[r][c].pseudoClassStateChanged(SELECTED, filtered && rowMatches && columnMatches);
      }
    }
  }
}
