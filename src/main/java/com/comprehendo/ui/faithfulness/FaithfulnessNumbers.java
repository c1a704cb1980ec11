package com.comprehendo.ui.faithfulness;

import atlantafx.base.theme.Styles;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.UiStyles;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * One map's faithfulness as a view: "Deletion 0.238 · Insertion 0.612 · Sensitivity 0.12", each in its
 * curve's colour, the best among the maps compared starred, the state while measuring, and the curves
 * below ({@link CurvePlot}). Binds to a {@link MapFaithfulness} only.
 */
public final class FaithfulnessNumbers extends VBox {

  /**
   * @param map what to show
   * @param labelledPlot whether the plot names its axes (the Explain panel) or is a small sketch (a panel)
   */
  public FaithfulnessNumbers(MapFaithfulness map, boolean labelledPlot) {
    FlowPane numbers = new FlowPane(10, 2);
    numbers.getChildren().addAll(
        number("Deletion", "Deletion AUC: lower is better", map, FaithfulnessScores::deletionAuc,
            map.bestDeletionProperty(), CurvePlot.DELETION),
        number("Insertion", "Insertion AUC: higher is better", map, FaithfulnessScores::insertionAuc,
            map.bestInsertionProperty(), CurvePlot.INSERTION),
        number("Sensitivity", "Max-sensitivity under noise of ±" + FaithfulnessMeasurement.SENSITIVITY_RADIUS
            + ": lower is better", map, FaithfulnessScores::sensitivityValue, map.bestSensitivityProperty(), null));
    Label state = new Label();
    state.textProperty().bind(map.stateProperty());
    state.getStyleClass().add(UiStyles.HINT);
    state.setWrapText(true);
    state.visibleProperty().bind(map.stateProperty().isNotEmpty());
    state.managedProperty().bind(state.visibleProperty());
    CurvePlot plot = new CurvePlot(labelledPlot);
    plot.scoresProperty().bind(map.scoresProperty());
    plot.visibleProperty().bind(Bindings.createBooleanBinding(
        () -> map.scoresProperty().get().deletion() != null || map.scoresProperty().get().insertion() != null,
        map.scoresProperty()));
    plot.managedProperty().bind(plot.visibleProperty());
    setSpacing(3);
    getChildren().addAll(numbers, state, plot);
  }

  private static String web(Color color) {
    return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(color.getRed() * 255),
        Math.round(color.getGreen() * 255), Math.round(color.getBlue() * 255));
  }

  /** "Deletion 0.238", starred when best; hidden while the number is not measured. */
  private static Label number(
      String name, String direction, MapFaithfulness map, ToDoubleFunction<FaithfulnessScores> metric,
      BooleanProperty best, Color color) {
    Label label = new Label();
    ObservableValue<FaithfulnessScores> scores = map.scoresProperty();
    label.textProperty().bind(Bindings.createStringBinding(() -> {
      double value = metric.applyAsDouble(scores.getValue());
      return Double.isNaN(value) ? "" : name + " " + Formats.value(value);
    }, scores));
    label.visibleProperty().bind(label.textProperty().isNotEmpty());
    label.managedProperty().bind(label.visibleProperty());
    label.getStyleClass().add(UiStyles.PANEL_SUBTITLE);
    if (color != null) {
      // Inline, as the stylesheet's subtitle colour would win over a colour set in code.
      label.setStyle("-fx-text-fill: " + web(color) + ";");
    }
    FontIcon star = new FontIcon(Material2MZ.STAR);
    star.getStyleClass().add(Styles.SUCCESS);
    star.visibleProperty().bind(best);
    label.graphicProperty().bind(Bindings.when(best).then((Node) star).otherwise((Node) null));
    Tooltip tip = new Tooltip();
    tip.textProperty().bind(Bindings.when(best).then(direction + " · the best of the maps compared").otherwise(direction));
    label.setTooltip(tip);
    best.addListener((obs, old, isBest) -> {
      if (isBest) {
        label.getStyleClass().add(Styles.TEXT_BOLD);
      } else {
        label.getStyleClass().remove(Styles.TEXT_BOLD);
      }
    });
    if (best.get()) {
      label.getStyleClass().add(Styles.TEXT_BOLD);
    }
    return label;
  }
}
