package com.comprehendo.ui.explain;

import com.comprehendo.analysis.Prediction;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.util.OptionalInt;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/** The top-k predicted classes as labelled probability bars; the true class (from the dataset's labels) is marked. */
final class PredictionList extends VBox {

  private final ObservableList<Prediction.RankedClass> classes;
  private final Supplier<OptionalInt> trueClass;
  private final Supplier<String> trueClassSource;

  /**
   * @param classes the ranked classes to show
   * @param trueClass the image's true class, if known
   * @param trueClassSource where the true class came from, e.g. "the dataset's labels"
   */
  PredictionList(ObservableList<Prediction.RankedClass> classes, Supplier<OptionalInt> trueClass,
      Supplier<String> trueClassSource) {
    this.classes = classes;
    this.trueClass = trueClass;
    this.trueClassSource = trueClassSource;
    setId(NodeIds.PREDICTION_LIST);
    setSpacing(7);
    classes.addListener((ListChangeListener<Prediction.RankedClass>) change -> rebuild());
    rebuild();
  }

  private void rebuild() {
    getChildren().clear();
    if (classes.isEmpty()) {
      Label empty = new Label("No prediction yet");
      empty.getStyleClass().add(UiStyles.HINT);
      getChildren().add(empty);
      return;
    }
    OptionalInt truth = trueClass.get();
    for (int i = 0; i < classes.size(); i++) {
      Prediction.RankedClass ranked = classes.get(i);
      Label name = new Label(ranked.name());
      name.setMinWidth(96);
      name.setPrefWidth(96);
      name.setTooltip(new Tooltip(ranked.name() + " (class " + ranked.index() + ")"));
      ProgressBar bar = new ProgressBar(ranked.probability());
      bar.getStyleClass().add(UiStyles.PREDICTION_BAR);
      bar.setMaxWidth(Double.MAX_VALUE);
      HBox.setHgrow(bar, Priority.ALWAYS);
      Label value = new Label(Formats.percent(ranked.probability()));
      value.setMinWidth(48);
      value.setAlignment(Pos.CENTER_RIGHT);
      value.getStyleClass().add(UiStyles.MONOSPACE);
      HBox row = new HBox(name, bar, value);
      row.getStyleClass().add(UiStyles.PREDICTION_ROW);
      if (i == 0) {
        row.getStyleClass().add(UiStyles.PREDICTED);
      }
      if (truth.isPresent() && truth.getAsInt() == ranked.index()) {
        FontIcon check = new FontIcon(Material2AL.CHECK_CIRCLE);
        check.getStyleClass().add(UiStyles.TRUE_CLASS);
        name.setGraphic(check);
        name.setTooltip(new Tooltip(ranked.name() + " (class " + ranked.index() + "): the true class, from "
            + trueClassSource.get()));
      }
      getChildren().add(row);
    }
  }

  /** Rebuilds, e.g. when the true class changed with the same probabilities. */
  void refresh() {
    rebuild();
  }
}
