package com.comprehendo.ui.dataset;

import com.comprehendo.analysis.ImagePrediction;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * How the grid orders predictions. Sorts are stable, so equal keys keep the folder's order; images
 * without a loss (unlabelled) come after those with one.
 */
public enum TileOrder {
  /** fastai's {@code plot_top_losses}: the most confidently wrong images first. */
  LOSS("Top losses"),
  LEAST_CONFIDENT("Least confident"),
  MOST_CONFIDENT("Most confident"),
  NAME("File name"),
  /**
   * The gallery's localization: the least energy in the object's box first (the evidence lies
   * elsewhere), images not scored yet last.
   */
  OUTSIDE_OBJECT("Looks outside the object");

  private final String label;

  TileOrder(String label) {
    this.label = label;
  }

  /**
   * The order as a comparator.
   *
   * @param nameRank each image's position in natural file-name order (as the sidebar lists them)
   * @param energyInBox each image's energy in box, where the gallery has scored it
   */
  public Comparator<ImagePrediction> comparator(Map<Path, Integer> nameRank, Function<Path, OptionalDouble> energyInBox) {
    return switch (this) {
      case LOSS -> Comparator.comparingInt((ImagePrediction p) -> Double.isNaN(p.loss()) ? 1 : 0)
          .thenComparingDouble(p -> Double.isNaN(p.loss()) ? 0 : -p.loss());
      case LEAST_CONFIDENT -> Comparator.comparingDouble(ImagePrediction::predictedProbability);
      case MOST_CONFIDENT -> Comparator.comparingDouble((ImagePrediction p) -> -p.predictedProbability());
      case NAME -> Comparator.comparingInt((ImagePrediction p) -> nameRank.getOrDefault(p.path(), Integer.MAX_VALUE));
      case OUTSIDE_OBJECT -> Comparator.comparingDouble(
          (ImagePrediction p) -> energyInBox.apply(p.path()).orElse(Double.POSITIVE_INFINITY));
    };
  }

  @Override
  public String toString() {
    return label;
  }
}
