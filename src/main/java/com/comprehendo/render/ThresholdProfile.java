package com.comprehendo.render;

import java.util.Arrays;
import java.util.List;

/**
 * The sorted attribution magnitudes of one sign and their running sums: everything Captum's
 * {@code _cumulative_sum_threshold} needs, computed once, so that the threshold for any outlier
 * percentage is then a binary search (an explorer's outlier slider re-asks it on every move).
 *
 * <p>Float semantics follow NumPy on float32 data, as Captum runs it: the magnitudes are sorted
 * ascending and summed sequentially in float32 ({@code np.cumsum}); the target {@code cum[-1] *
 * 0.01 * percentile} is computed in double and compared in float32 (NumPy 1.x value-based casting
 * of a Python-float scalar against a float32 array). This reproduces Captum's maps exactly.
 */
public final class ThresholdProfile {

  private final Sign sign;
  private final float[] sorted;
  private final float[] cumulative;

  private ThresholdProfile(Sign sign, float[] sorted) {
    this.sign = sign;
    this.sorted = sorted;
    this.cumulative = new float[sorted.length];
    float sum = 0f;
    for (int i = 0; i < sorted.length; i++) {
      sum += sorted[i];
      cumulative[i] = sum;
    }
  }

  /**
   * The profile of one channel-summed attribution for {@code sign}.
   *
   * @throws IllegalArgumentException if the map is empty or holds NaN or infinite values
   */
  public static ThresholdProfile of(float[] summed, Sign sign) {
    return of(List.of(summed), sign);
  }

  /**
   * The profile of the union of several channel-summed attributions: the basis of a shared scale
   * across panels or images (Captum normalizes every panel on its own; see its issue #1103).
   *
   * @throws IllegalArgumentException if the maps are empty or hold NaN or infinite values
   */
  public static ThresholdProfile of(List<float[]> summedMaps, Sign sign) {
    int total = 0;
    for (float[] map : summedMaps) {
      total = Math.addExact(total, map.length);
    }
    if (total == 0) {
      throw new IllegalArgumentException("cannot normalize an empty attribution");
    }
    float[] magnitudes = new float[total];
    int n = 0;
    for (float[] map : summedMaps) {
      for (int i = 0; i < map.length; i++) {
        magnitudes[n++] = magnitude(map[i], sign, i);
      }
    }
    Arrays.sort(magnitudes);
    return new ThresholdProfile(sign, magnitudes);
  }

  /**
   * Captum's {@code _cumulative_sum_threshold(values, percentile)} for non-negative values: the
   * first sorted value whose cumulative sum reaches {@code percentile}% of the total.
   *
   * @param percentile 0..100
   */
  public static float cumulativeSumThreshold(float[] nonNegative, double percentile) {
    for (int i = 0; i < nonNegative.length; i++) {
      if (!(nonNegative[i] >= 0f) || Float.isInfinite(nonNegative[i])) {
        throw new IllegalArgumentException(
            "values must be finite and non-negative; index " + i + " is " + nonNegative[i]);
      }
    }
    return of(nonNegative, Sign.ABSOLUTE_VALUE).thresholdAtPercentile(percentile);
  }

  /** The sign this profile was built for. */
  public Sign sign() {
    return sign;
  }

  /** How many values the profile holds. */
  public int size() {
    return sorted.length;
  }

  /**
   * Captum's threshold for {@code outlierPerc}: {@code T(magnitudes, 100 - outlierPerc)}, negated
   * for sign negative (so dividing the negative values by it gives 0..1). 0 when the sign has no
   * attribution at all.
   *
   * @param outlierPerc 0..100, Captum's {@code outlier_perc}
   * @throws IllegalArgumentException if {@code outlierPerc} is outside 0..100
   */
  public float threshold(double outlierPerc) {
    AttributionNormalizer.checkOutlierPerc(outlierPerc);
    float t = thresholdAtPercentile(100.0 - outlierPerc);
    return sign == Sign.NEGATIVE && t != 0f ? -t : t;
  }

  private float thresholdAtPercentile(double percentile) {
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be within 0..100, got " + percentile);
    }
    float target = (float) ((double) cumulative[cumulative.length - 1] * 0.01 * percentile);
    // np.where(cum_sums >= target)[0][0]: the running sums of non-negative values never
    // decrease, so the first index reaching the target is a lower bound.
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] >= target) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return sorted[low];
  }

  private static float magnitude(float value, Sign sign, int index) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException(
          "attribution holds a non-finite value (" + value + ") at index " + index);
    }
    switch (sign) {
      case POSITIVE:
        return value > 0f ? value : 0f;
      case NEGATIVE:
        return value < 0f ? -value : 0f;
      case ALL:
      case ABSOLUTE_VALUE:
        return Math.abs(value);
      default:
        throw new AssertionError(sign);
    }
  }
}
