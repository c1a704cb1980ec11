package com.comprehendo.analysis.explain;

import com.comprehendo.analysis.Localization;
import com.comprehendo.data.NpyArray;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One image's explanation, or why there is none.
 *
 * @param key the image's dataset-relative path
 * @param label its true class index, −1 when unlabelled
 * @param prediction what the model said; empty when the image could not be read
 * @param method the method's id
 * @param target the explained class; −1 when the image could not be read
 * @param seed the image's own seed, for methods that draw random numbers
 * @param map the attribution, the shape of one input {@code (C, H, W)} (or what the method returns
 *     for one image); empty when the image could not be read
 * @param imageWidth the decoded image's width in pixels (0 when unreadable)
 * @param imageHeight its height
 * @param localization energy in box and pointing game against the image's box ({@link
 *     Localization.Scores#NONE} without one)
 * @param unreadable why the image could not be read; empty when it was
 */
public record ImageExplanation(
    String key,
    int label,
    Optional<Prediction> prediction,
    String method,
    int target,
    OptionalLong seed,
    Optional<NpyArray> map,
    int imageWidth,
    int imageHeight,
    Localization.Scores localization,
    Optional<String> unreadable) {

  /**
   * The model's verdict on the image.
   *
   * @param predicted the class with the highest score
   * @param probability its probability
   * @param loss the cross-entropy against the label; NaN when unlabelled
   */
  public record Prediction(int predicted, float probability, double loss) {}

  public ImageExplanation {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(localization, "localization");
    if (unreadable.isPresent() == map.isPresent()) {
      throw new IllegalArgumentException("an explanation has either a map or the reason it has none");
    }
  }

  /** An image that could not be decoded. */
  public static ImageExplanation unreadable(String key, int label, String method, String reason) {
    return new ImageExplanation(key, label, Optional.empty(), method, -1, OptionalLong.empty(), Optional.empty(), 0, 0,
        Localization.Scores.NONE, Optional.of(reason));
  }

  /** Whether there is a map. */
  public boolean readable() {
    return map.isPresent();
  }

  /** This explanation with other localization scores (e.g. against a boxes file given later). */
  public ImageExplanation withLocalization(Localization.Scores scores) {
    return new ImageExplanation(key, label, prediction, method, target, seed, map, imageWidth, imageHeight, scores,
        unreadable);
  }
}
