package com.comprehendo.analysis;

import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.render.AttributionMap;
import com.comprehendo.render.AttributionNormalizer;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Does an attribution point at the object? Two scores of a channel-summed attribution map against
 * the object's bounding box (given in the map's pixels; see {@link BoundingBox#toModelInput} and
 * {@link BoundingBox#scaled} for getting it there):
 *
 * <ul>
 *   <li><b>Energy in box</b>, the relevance mass accuracy of Arras, Osman and Samek, "CLEVR-XAI: A
 *       benchmark dataset for the ground truth evaluation of neural network explanations"
 *       (Information Fusion, 2022): the share of the positive attribution that lies inside the box,
 *       {@code Σ_box max(a, 0) / Σ max(a, 0)}, from 0 (all evidence elsewhere) to 1. Undefined (empty)
 *       when the map has no positive value.
 *   <li><b>Pointing game hit</b> (Zhang et al., "Top-down Neural Attention by Excitation Backprop",
 *       IJCV 2018): whether the map's maximum lies inside the box. Ties go to the first maximum in
 *       row-major order; the paper's 15-pixel tolerance is not applied (our maps are often only 64
 *       pixels wide). Undefined when the map has no finite value.
 * </ul>
 *
 * <p>Pixels count by how much of them the box covers ({@link BoundingBox#coverage}): a box edge at
 * 53.5 takes half of column 53. On a box aligned with the pixel grid this is the usual
 * inside-or-outside rule.
 *
 * <pre>{@code
 * AttributionMap summed = AttributionNormalizer.sumChannels(values, 3, 64, 64);
 * OptionalDouble share = Localization.energyInBox(summed, boxInInput);
 * }</pre>
 */
public final class Localization {

  private Localization() {}

  /** Both scores of one image, each empty where undefined. */
  public record Scores(OptionalDouble energyInBox, Optional<Boolean> pointingHit) {

    /** No box for the image (or none that reaches the model's input): nothing to score. */
    public static final Scores NONE = new Scores(OptionalDouble.empty(), Optional.empty());
  }

  /**
   * Both scores of an image's attribution against the object's box given in the image's own pixels:
   * the box is carried through the model's preprocessing (resize, crop or pad) to the input, then to
   * the map's grid when the map is coarser than the input.
   *
   * @param values the attribution, channels first
   * @param shape {@code (C, H, W)}, {@code (1, C, H, W)} or {@code (H, W)}
   * @param imageBox the object's box in the pixels of the {@code imageWidth × imageHeight} image
   * @return the scores, {@link Scores#NONE} when the box is cropped away by the preprocessing
   */
  public static Scores score(
      float[] values, int[] shape, BoundingBox imageBox, int imageWidth, int imageHeight, Preprocessing preprocessing) {
    AttributionMap map = AttributionNormalizer.sumChannels(values, shape);
    return imageBox.toModelInput(imageWidth, imageHeight, preprocessing)
        .map(box -> box.scaled(preprocessing.width(), preprocessing.height(), map.width(), map.height()))
        .map(box -> score(map, box))
        .orElse(Scores.NONE);
  }

  /** Both scores of {@code map} against {@code box} (in the map's pixels). */
  public static Scores score(AttributionMap map, BoundingBox box) {
    return new Scores(energyInBox(map, box), pointingHit(map, box));
  }

  /**
   * The share of the positive attribution inside {@code box}; empty when there is none (an all-zero
   * or all-negative map, or one whose positive values are not finite).
   */
  public static OptionalDouble energyInBox(AttributionMap map, BoundingBox box) {
    double inside = 0;
    double total = 0;
    for (int y = 0; y < map.height(); y++) {
      for (int x = 0; x < map.width(); x++) {
        float value = map.get(y, x);
        if (value > 0) {
          total += value;
          inside += box.coverage(x, y) * value;
        }
      }
    }
    if (!(total > 0) || !Double.isFinite(total)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.min(1, inside / total));
  }

  /** Whether the map's (first) maximum lies in {@code box}; empty when the map has no finite value. */
  public static Optional<Boolean> pointingHit(AttributionMap map, BoundingBox box) {
    int bestX = -1;
    int bestY = -1;
    float best = Float.NEGATIVE_INFINITY;
    for (int y = 0; y < map.height(); y++) {
      for (int x = 0; x < map.width(); x++) {
        float value = map.get(y, x);
        if (Float.isFinite(value) && (bestX < 0 || value > best)) {
          best = value;
          bestX = x;
          bestY = y;
        }
      }
    }
    return bestX < 0 ? Optional.empty() : Optional.of(box.coverage(bestX, bestY) > 0);
  }
}
