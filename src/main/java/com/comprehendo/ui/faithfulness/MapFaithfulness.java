package com.comprehendo.ui.faithfulness;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The faithfulness shown for one map: the scores measured so far, what is happening ("Measuring…",
 * "Cancelled", an error; empty when nothing is), and which of its numbers are the best among the maps
 * compared.
 */
public final class MapFaithfulness {

  private final ObjectProperty<FaithfulnessScores> scores = new SimpleObjectProperty<>(this, "scores", FaithfulnessScores.NONE);
  private final StringProperty state = new SimpleStringProperty(this, "state", "");
  private final BooleanProperty bestDeletion = new SimpleBooleanProperty(this, "bestDeletion");
  private final BooleanProperty bestInsertion = new SimpleBooleanProperty(this, "bestInsertion");
  private final BooleanProperty bestSensitivity = new SimpleBooleanProperty(this, "bestSensitivity");

  public ObjectProperty<FaithfulnessScores> scoresProperty() {
    return scores;
  }

  public StringProperty stateProperty() {
    return state;
  }

  /** The lowest deletion AUC of the maps compared. */
  public BooleanProperty bestDeletionProperty() {
    return bestDeletion;
  }

  /** The highest insertion AUC of the maps compared. */
  public BooleanProperty bestInsertionProperty() {
    return bestInsertion;
  }

  /** The lowest sensitivity of the maps compared. */
  public BooleanProperty bestSensitivityProperty() {
    return bestSensitivity;
  }

  /** Back to nothing measured, nothing marked. */
  public void clear() {
    scores.set(FaithfulnessScores.NONE);
    state.set("");
    clearBest();
  }

  /**
   * Marks, on each metric, the maps with the best value (ties all marked): the lowest deletion AUC,
   * the highest insertion AUC, the lowest sensitivity. A metric is marked only once at least two maps
   * have it, since a best of one says nothing.
   */
  public static void markBest(List<MapFaithfulness> maps) {
    mark(maps, FaithfulnessScores::deletionAuc, false, MapFaithfulness::bestDeletionProperty);
    mark(maps, FaithfulnessScores::insertionAuc, true, MapFaithfulness::bestInsertionProperty);
    mark(maps, FaithfulnessScores::sensitivityValue, false, MapFaithfulness::bestSensitivityProperty);
  }

  private static void mark(
      List<MapFaithfulness> maps, ToDoubleFunction<FaithfulnessScores> metric, boolean higherIsBetter,
      Function<MapFaithfulness, BooleanProperty> flag) {
    double best = Double.NaN;
    int measured = 0;
    for (MapFaithfulness map : maps) {
      double value = metric.applyAsDouble(map.scores.get());
      if (Double.isNaN(value)) {
        continue;
      }
      measured++;
      if (Double.isNaN(best) || (higherIsBetter ? value > best : value < best)) {
        best = value;
      }
    }
    for (MapFaithfulness map : maps) {
      double value = metric.applyAsDouble(map.scores.get());
      flag.apply(map).set(measured >= 2 && value == best);
    }
  }

  /** No number marked best. */
  public void clearBest() {
    bestDeletion.set(false);
    bestInsertion.set(false);
    bestSensitivity.set(false);
  }
}
