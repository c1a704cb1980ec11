package com.comprehendo.ui.dataset;

import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
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
  private static final PseudoClass COMPACT = PseudoClass.getPseudoClass("compact");
  /** Cells shrink to this before the matrix overflows the panel; below 26 px the numbers get smaller. */
  private static final double MIN_CELL = 18;
  private static final double MAX_CELL = 52;
  private static final double COMPACT_CELL = 26;
  /** The length of the (rotated) predicted-class names above the columns. */
  private static final double COLUMN_HEADER_LENGTH = 76;
  private static final double GAP = 2;

  private final DatasetViewModel viewModel;
  private final GridPane grid = new GridPane();
  private final Label empty = new Label();
  private final Label partial = new Label();
  private List<Integer> shownClasses = List.of();
  private Label[][] cells = new Label[0][0];
  private Label[] rowHeaders = new Label[0];
  private Label[] columnHeaders = new Label[0];
  private boolean verticalHeaders;

  ConfusionMatrixView(DatasetViewModel viewModel) {
    this.viewModel = viewModel;
    setId(NodeIds.CONFUSION_MATRIX);
    setSpacing(6);
    // Sized by the panel, never by the matrix: the cells shrink to the width the panel has.
    setMinWidth(0);
    widthProperty().addListener(obs -> resize());
    grid.getStyleClass().add(UiStyles.CONFUSION_GRID);
    grid.setHgap(GAP);
    grid.setVgap(GAP);
    empty.getStyleClass().add(UiStyles.HINT);
    empty.setWrapText(true);
    partial.getStyleClass().add(UiStyles.HINT);
    partial.setWrapText(true);
    getChildren().addAll(grid, empty, partial);
    viewModel.summary().confusionProperty().addListener((obs, old, table) -> show(table));
    viewModel.grid().actualFilterProperty().addListener(obs -> highlight());
    viewModel.grid().predictedFilterProperty().addListener(obs -> highlight());
    viewModel.labelledProperty().addListener(obs -> show(viewModel.summary().confusionProperty().get()));
    show(viewModel.summary().confusionProperty().get());
  }

  private void show(ConfusionTable table) {
    boolean nothing = table.isEmpty();
    grid.setVisible(!nothing);
    grid.setManaged(!nothing);
    empty.setText(viewModel.labelledProperty().get()
        ? "Appears with the first predictions." : "Needs labelled images.");
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
      resize();
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
    verticalHeaders = n > 4 || table.names().stream().anyMatch(name -> name.length() * 7 > MAX_CELL);

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
      column.setOnMouseClicked(e -> viewModel.grid().filterPredicted(classIndex));
      columnHeaders[i] = column;
      Node columnNode = column;
      if (verticalHeaders) {
        column.setRotate(-90);
        column.setPrefWidth(COLUMN_HEADER_LENGTH);
        column.setMaxWidth(COLUMN_HEADER_LENGTH);
        columnNode = new Group(column);
      } else {
        column.setAlignment(Pos.CENTER);
      }
      grid.add(columnNode, i + 1, 1);
      GridPane.setHalignment(columnNode, HPos.CENTER);
      GridPane.setValignment(columnNode, VPos.BOTTOM);

      Label row = header(name, "True “" + name + "”: show the images of this class");
      row.setOnMouseClicked(e -> viewModel.grid().filterActual(classIndex));
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
        cell.setAlignment(Pos.CENTER);
        cell.setTooltip(new Tooltip());
        cell.setOnMouseClicked(e -> viewModel.grid().filterCell(actual, predicted));
        cells[r][c] = cell;
        grid.add(cell, c + 1, r + 2);
      }
    }
  }

  /** Fits the cells and the row names to the panel's width. */
  private void resize() {
    int n = cells.length;
    if (n == 0) {
      return;
    }
    double width = getWidth() > 0 ? getWidth() : 300;
    double header = Math.max(44, Math.min(96, Math.floor(width * 0.28)));
    double cell = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor((width - header - GAP * (n + 1)) / n)));
    boolean compact = cell < COMPACT_CELL;
    for (int i = 0; i < n; i++) {
      rowHeaders[i].setMinWidth(header);
      rowHeaders[i].setPrefWidth(header);
      rowHeaders[i].setMaxWidth(header);
      if (!verticalHeaders) {
        columnHeaders[i].setMinWidth(cell);
        columnHeaders[i].setPrefWidth(cell);
        columnHeaders[i].setMaxWidth(cell);
      }
      for (int j = 0; j < n; j++) {
        cells[i][j].setMinSize(cell, cell);
        cells[i][j].setPrefSize(cell, cell);
        cells[i][j].setMaxSize(cell, cell);
        cells[i][j].pseudoClassStateChanged(COMPACT, compact);
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
    int actual = indexOf(viewModel.grid().actualFilterProperty().get());
    int predicted = indexOf(viewModel.grid().predictedFilterProperty().get());
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
