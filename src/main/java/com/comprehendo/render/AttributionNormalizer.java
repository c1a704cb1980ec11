package com.comprehendo.render;

import java.util.Arrays;
import java.util.List;

/**
 * Captum's {@code _normalize_attr} as {@code visualize_image_attr} uses it: sum the channels, keep
 * the values of one {@link Sign}, and divide by the threshold above which the top {@code
 * outlier_perc}% of the attribution mass lies, clipping to ±1.
 *
 * <p>Steps, with {@code a} the channel sum and {@code T(v, q)} the first ascending-sorted value
 * whose cumulative sum reaches q% of the total ({@link ThresholdProfile}), p = outlier_perc:
 *
 * <ul>
 *   <li>{@code all}: t = T(|a|, 100 - p), n = clip(a / t, -1, 1);
 *   <li>{@code positive}: a⁺ = max(a, 0), t = T(a⁺, 100 - p), n = clip(a⁺ / t, -1, 1);
 *   <li>{@code negative}: a⁻ = min(a, 0), t = -T(|a⁻|, 100 - p), n = clip(a⁻ / t, -1, 1) (0..1);
 *   <li>{@code absolute_value}: t = T(|a|, 100 - p), n = clip(|a| / t, -1, 1).
 * </ul>
 *
 * <p>The work is split so a scale can be shared: {@link #threshold} or {@link #sharedThreshold}
 * computes a threshold, {@link #applyThreshold} normalizes any map with it. A shared scale across
 * panels: {@code t = sharedThreshold(List.of(a1, a2), sign, p)}, then {@code applyThreshold(a1,
 * sign, t)} and {@code applyThreshold(a2, sign, t)}; the maps then compare directly, which Captum
 * itself does not offer (its issue #1103). All arithmetic is float32 as in NumPy, so the maps equal
 * Captum's to the last bit on the reference cases.
 */
public final class AttributionNormalizer {

  /** Captum's default {@code outlier_perc}. */
  public static final double DEFAULT_OUTLIER_PERC = 2;

  private AttributionNormalizer() {}

  /**
   * Sums an attribution's channels, keeping signs (Captum sums <em>before</em> applying the sign,
   * so opposite channels cancel).
   *
   * @param data the attribution in C order
   * @param shape channels-first {@code (1, C, H, W)} or {@code (C, H, W)}, or an already summed
   *     {@code (H, W)}
   * @return the H×W map, always a fresh array
   * @throws IllegalArgumentException for any other shape, a batch larger than 1, or data whose
   *     length does not match the shape
   */
  public static AttributionMap sumChannels(float[] data, int... shape) {
    int channels;
    int height;
    int width;
    if (shape.length == 2) {
      channels = 1;
      height = shape[0];
      width = shape[1];
    } else if (shape.length == 3) {
      channels = shape[0];
      height = shape[1];
      width = shape[2];
    } else if (shape.length == 4) {
      if (shape[0] != 1) {
        throw new IllegalArgumentException(
            "attribution shape " + Arrays.toString(shape) + " holds a batch of " + shape[0]
                + "; pass one example (batch 1)");
      }
      channels = shape[1];
      height = shape[2];
      width = shape[3];
    } else {
      throw new IllegalArgumentException(
          "attribution shape " + Arrays.toString(shape)
              + " is not (1, C, H, W), (C, H, W) or (H, W)");
    }
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "attribution shape " + Arrays.toString(shape) + " has an empty dimension");
    }
    long expected = (long) channels * height * width;
    if (expected != data.length) {
      throw new IllegalArgumentException(
          "attribution shape " + Arrays.toString(shape) + " needs " + expected + " values, got "
              + data.length);
    }
    int plane = height * width;
    float[] summed = Arrays.copyOf(data, plane);
    // Sequential float32 sums in channel order, as NumPy adds fewer than 8 elements.
    for (int c = 1; c < channels; c++) {
      int offset = c * plane;
      for (int i = 0; i < plane; i++) {
        summed[i] += data[offset + i];
      }
    }
    return new AttributionMap(height, width, summed);
  }

  /**
   * Captum's normalized map of a channels-first attribution: {@link #sumChannels} then {@link
   * #normalize(AttributionMap, Sign, double)}.
   *
   * @throws IllegalArgumentException for a bad shape, non-finite values or an outlier percentage
   *     outside 0..100
   */
  public static NormalizedMap normalize(
      float[] data, int[] shape, Sign sign, double outlierPerc) {
    return normalize(sumChannels(data, shape), sign, outlierPerc);
  }

  /**
   * Captum's normalized map of a channel-summed attribution, with its own threshold.
   *
   * @param outlierPerc Captum's {@code outlier_perc}, 0..100 (default {@value
   *     #DEFAULT_OUTLIER_PERC})
   * @throws IllegalArgumentException for non-finite values or an outlier percentage outside 0..100
   */
  public static NormalizedMap normalize(AttributionMap map, Sign sign, double outlierPerc) {
    return applyThreshold(map, sign, threshold(map.values(), sign, outlierPerc));
  }

  /**
   * The threshold Captum would divide by: {@code T(selected magnitudes, 100 - outlierPerc)},
   * negative for sign negative, 0 when the sign selects nothing.
   *
   * @param summed a channel-summed attribution (any length, any layout)
   * @throws IllegalArgumentException for empty or non-finite input or an outlier percentage outside
   *     0..100
   */
  public static float threshold(float[] summed, Sign sign, double outlierPerc) {
    checkOutlierPerc(outlierPerc);
    return ThresholdProfile.of(summed, sign).threshold(outlierPerc);
  }

  /**
   * One threshold for several attributions: Captum's rule applied to the union of their values
   * (as if they were one image), so maps normalized with it share a colour scale. Maps of different
   * sizes may be mixed; larger maps weigh more, as their pixels carry more of the mass.
   *
   * @throws IllegalArgumentException for empty or non-finite input or an outlier percentage outside
   *     0..100
   */
  public static float sharedThreshold(List<float[]> summedMaps, Sign sign, double outlierPerc) {
    checkOutlierPerc(outlierPerc);
    return ThresholdProfile.of(summedMaps, sign).threshold(outlierPerc);
  }

  /**
   * Normalizes a channel-summed attribution with a given threshold (its own from {@link
   * #threshold}, or a shared one): {@code clip(selected / threshold, -1, 1)} where {@code selected}
   * is {@code a}, {@code max(a, 0)}, {@code min(a, 0)} or {@code |a|} by sign.
   *
   * <p>A threshold of 0 (e.g. an all-zero attribution, or sign positive with no positive value)
   * gives an all-zero map. Captum 0.8 fails there ({@code assert scale_factor != 0}); newer Captum
   * shows an empty map, and so do we.
   *
   * @param threshold as {@link #threshold} returns it: negative for sign negative
   * @return a fresh array
   */
  public static float[] applyThreshold(float[] summed, Sign sign, float threshold) {
    float[] normalized = new float[summed.length];
    if (threshold == 0f) {
      return normalized;
    }
    for (int i = 0; i < summed.length; i++) {
      float a = summed[i];
      float selected;
      switch (sign) {
        case POSITIVE:
          selected = a > 0f ? a : 0f;
          break;
        case NEGATIVE:
          selected = a < 0f ? a : 0f;
          break;
        case ABSOLUTE_VALUE:
          selected = Math.abs(a);
          break;
        case ALL:
          selected = a;
          break;
        default:
          throw new AssertionError(sign);
      }
      float n = selected / threshold;
      // "+ 0f" turns the -0.0 of 0 / negative threshold (sign negative) into a plain 0.
      normalized[i] = n > 1f ? 1f : n < -1f ? -1f : n + 0f;
    }
    return normalized;
  }

  /** {@link #applyThreshold(float[], Sign, float)} on a map, keeping its dimensions. */
  public static NormalizedMap applyThreshold(AttributionMap map, Sign sign, float threshold) {
    return new NormalizedMap(
        map.height(), map.width(), applyThreshold(map.values(), sign, threshold), sign, threshold);
  }

  static void checkOutlierPerc(double outlierPerc) {
    // Captum asserts 0 <= 100 - outlier_perc <= 100.
    if (!(outlierPerc >= 0 && outlierPerc <= 100)) {
      throw new IllegalArgumentException(
          "outlier percentage must be within 0..100, got " + outlierPerc);
    }
  }
}
