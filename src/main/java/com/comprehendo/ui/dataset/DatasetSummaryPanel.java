package com.comprehendo.ui.dataset;

import atlantafx.base.controls.Spacer;
import com.comprehendo.analysis.ConfusedPair;
import com.comprehendo.data.UnreadableImage;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The dataset's summary, in the side panel while the Dataset tab is shown: accuracy, error rate, mean
 * loss and counts; where the labels came from (or why they are not used); the confusion matrix; the
 * most confused pairs; and the files that could not be read, with the reason. Matrix cells and pairs
 * filter the grid. Binds to {@link DatasetViewModel} only.
 */
public final class DatasetSummaryPanel extends VBox {

  private static final int UNREADABLE_ROWS_SHOWN = 5;
  private static final double UNREADABLE_ROW_HEIGHT = 44;

  private final DatasetViewModel viewModel;
  private final VBox confusedList = new VBox(2);

  public DatasetSummaryPanel(DatasetViewModel viewModel) {
    this.viewModel = viewModel;
    setId(NodeIds.DATASET_SUMMARY);
    getChildren().addAll(resultsSection(), labelsSection(), confusionSection(), confusedSection(), unreadableSection());
  }

  private Node resultsSection() {
    VBox accuracy = metric(viewModel.summary().accuracyTextProperty(), "accuracy", NodeIds.DATASET_ACCURACY);
    VBox errorRate = metric(viewModel.summary().errorRateTextProperty(), "error rate", NodeIds.DATASET_ERROR_RATE);
    errorRate.getStyleClass().add(UiStyles.METRIC_ERROR);
    HBox headline = new HBox(28, accuracy, errorRate);

    GridPane counts = new GridPane();
    counts.setHgap(12);
    counts.setVgap(3);
    ColumnConstraints names = new ColumnConstraints();
    names.setMinWidth(92);
    counts.getColumnConstraints().add(names);
    addRow(counts, 0, "Mean loss", viewModel.summary().meanLossTextProperty(), NodeIds.DATASET_MEAN_LOSS,
        "Mean cross-entropy over the labelled images (the validation loss)");
    addRow(counts, 1, "Predicted", viewModel.summary().predictedTextProperty(), NodeIds.DATASET_PREDICTED_COUNT,
        "Images predicted so far, of all images in the folder");
    addRow(counts, 2, "Labelled", viewModel.summary().labelledTextProperty(), NodeIds.DATASET_LABELLED_COUNT,
        "Predicted images with a true label that is one of the model's classes");
    addRow(counts, 3, "Unreadable", viewModel.summary().unreadableTextProperty(), NodeIds.DATASET_UNREADABLE_COUNT,
        "Files that could not be decoded (listed below)");
    addRow(counts, 4, "NaN outputs", viewModel.summary().nonFiniteTextProperty(), NodeIds.DATASET_NON_FINITE_COUNT,
        "Images for which the model returned NaN or infinity (tiles marked \"output NaN/∞\"): their predictions are not to be trusted");
    return section("RESULTS", headline, counts);
  }

  private static VBox metric(ObservableStringValue value, String caption, String id) {
    Label number = new Label();
    number.setId(id);
    number.getStyleClass().add(UiStyles.METRIC_VALUE);
    number.textProperty().bind(value);
    Label text = new Label(caption);
    text.getStyleClass().add(UiStyles.METRIC_CAPTION);
    VBox box = new VBox(0, number, text);
    box.getStyleClass().add(UiStyles.METRIC);
    return box;
  }

  private static void addRow(GridPane grid, int row, String name, ObservableStringValue value, String id, String tip) {
    Label nameLabel = new Label(name);
    nameLabel.getStyleClass().add(UiStyles.FIELD_LABEL);
    nameLabel.setTooltip(new Tooltip(tip));
    Label valueLabel = new Label();
    valueLabel.setId(id);
    valueLabel.getStyleClass().add(UiStyles.MONOSPACE);
    valueLabel.textProperty().bind(value);
    grid.add(nameLabel, 0, row);
    grid.add(valueLabel, 1, row);
  }

  private Node labelsSection() {
    Label rule = new Label();
    rule.setId(NodeIds.DATASET_LABEL_RULE);
    rule.setWrapText(true);
    rule.getStyleClass().add(UiStyles.LABEL_RULE);
    rule.textProperty().bind(Bindings.createStringBinding(() -> {
      String text = viewModel.scan().labelRuleProperty().get();
      return text.isEmpty() ? (viewModel.scan().scanningProperty().get() ? "Reading the folder…" : "No folder open") : text;
    }, viewModel.scan().labelRuleProperty(), viewModel.scan().scanningProperty()));
    Label notes = new Label();
    notes.setWrapText(true);
    notes.getStyleClass().add(UiStyles.HINT);
    notes.textProperty().bind(viewModel.scan().labelNotesProperty());
    notes.visibleProperty().bind(viewModel.scan().labelNotesProperty().isNotEmpty());
    notes.managedProperty().bind(notes.visibleProperty());
    Label problem = new Label();
    problem.setId(NodeIds.DATASET_LABEL_PROBLEM);
    problem.setWrapText(true);
    problem.getStyleClass().add(UiStyles.LABEL_PROBLEM);
    problem.setGraphic(new FontIcon(Material2MZ.WARNING));
    problem.textProperty().bind(Bindings.createStringBinding(
        () -> viewModel.scan().labelProblemProperty().get().isEmpty() ? ""
            : viewModel.scan().labelProblemProperty().get() + "\nThe images are predicted without labels.",
        viewModel.scan().labelProblemProperty()));
    problem.visibleProperty().bind(viewModel.scan().labelProblemProperty().isNotEmpty());
    problem.managedProperty().bind(problem.visibleProperty());
    return section("LABELS", rule, problem, notes);
  }

  private Node confusionSection() {
    Label hint = new Label("Click a cell, or a class name, to show its images.");
    hint.getStyleClass().add(UiStyles.HINT);
    hint.setWrapText(true);
    return section("CONFUSION MATRIX", new ConfusionMatrixView(viewModel), hint);
  }

  private Node confusedSection() {
    confusedList.setId(NodeIds.MOST_CONFUSED_LIST);
    viewModel.summary().mostConfused().addListener((ListChangeListener<ConfusedPair>) change -> fillConfused());
    viewModel.labelledProperty().addListener(obs -> fillConfused());
    fillConfused();
    return section("MOST CONFUSED", confusedList);
  }

  private void fillConfused() {
    boolean labelled = viewModel.labelledProperty().get();
    confusedList.getChildren().clear();
    if (viewModel.summary().mostConfused().isEmpty()) {
      Label none = new Label(labelled ? "No mistakes so far." : "Needs labelled images.");
      none.getStyleClass().add(UiStyles.HINT);
      confusedList.getChildren().add(none);
      return;
    }
    for (ConfusedPair pair : viewModel.summary().mostConfused()) {
      Label names = new Label(pair.actual() + "  →  " + pair.predicted());
      names.setMinWidth(0);
      HBox.setHgrow(names, Priority.ALWAYS);
      Label count = new Label(Formats.count(pair.count()));
      count.getStyleClass().add(UiStyles.COUNT_BADGE);
      count.setMinWidth(Label.USE_PREF_SIZE);
      HBox content = new HBox(8, names, new Spacer(), count);
      content.setAlignment(Pos.CENTER_LEFT);
      Button row = new Button();
      row.setGraphic(content);
      row.setMaxWidth(Double.MAX_VALUE);
      row.getStyleClass().add(UiStyles.CONFUSED_ROW);
      row.setTooltip(new Tooltip("Show the " + Formats.count(pair.count()) + " “" + pair.actual()
          + "” images predicted as “" + pair.predicted() + "”"));
      row.setOnAction(e -> viewModel.grid().filterCell(pair.actualIndex(), pair.predictedIndex()));
      confusedList.getChildren().add(row);
    }
  }

  private Node unreadableSection() {
    ListView<UnreadableImage> list = new ListView<>(viewModel.summary().unreadable());
    list.setId(NodeIds.UNREADABLE_LIST);
    list.getStyleClass().add(UiStyles.UNREADABLE_LIST);
    list.setFixedCellSize(UNREADABLE_ROW_HEIGHT);
    list.prefHeightProperty().bind(Bindings.createDoubleBinding(
        () -> Math.min(UNREADABLE_ROWS_SHOWN, Math.max(1, viewModel.summary().unreadable().size())) * UNREADABLE_ROW_HEIGHT + 2,
        viewModel.summary().unreadable()));
    list.setCellFactory(view -> new UnreadableCell());
    Label title = new Label();
    title.getStyleClass().add(UiStyles.SECTION_TITLE);
    title.textProperty().bind(Bindings.createStringBinding(
        () -> "UNREADABLE FILES (" + Formats.count(viewModel.summary().unreadable().size()) + ")", viewModel.summary().unreadable()));
    VBox section = new VBox(title, list);
    section.getStyleClass().add(UiStyles.SECTION);
    section.visibleProperty().bind(Bindings.isNotEmpty(viewModel.summary().unreadable()));
    section.managedProperty().bind(section.visibleProperty());
    return section;
  }

  /** File name with the reason below it. */
  private final class UnreadableCell extends ListCell<UnreadableImage> {
    private final Label name = new Label();
    private final Label reason = new Label();
    private final VBox content = new VBox(1, name, reason);
    private final Tooltip tooltip = new Tooltip();

    UnreadableCell() {
      name.getStyleClass().add(UiStyles.IMAGE_CELL_NAME);
      name.setGraphic(new FontIcon(Material2AL.BROKEN_IMAGE));
      reason.getStyleClass().add(UiStyles.HINT);
    }

    @Override
    protected void updateItem(UnreadableImage item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null) {
        setGraphic(null);
        setTooltip(null);
        return;
      }
      String path = viewModel.scan().relativePath(item.path());
      name.setText(path);
      reason.setText(item.reason());
      tooltip.setText(path + "\n" + item.reason());
      setTooltip(tooltip);
      setGraphic(content);
    }
  }

  private static VBox section(String title, Node... children) {
    Label label = new Label(title);
    label.getStyleClass().add(UiStyles.SECTION_TITLE);
    VBox section = new VBox(label);
    section.getChildren().addAll(children);
    section.getStyleClass().add(UiStyles.SECTION);
    return section;
  }
}
