package com.comprehendo.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.NpyArray;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AttributionNormalizerTest {

  /** The eight {@code visualization} cases of the reference set's cases.json. */
  @ParameterizedTest(name = "sign {0}, outlier_perc {1}")
  @CsvSource({
    "all, 2", "all, 1",
    "positive, 2", "positive, 1",
    "negative, 2", "negative, 1",
    "absolute_value, 2", "absolute_value, 1"
  })
  void matchesCaptumNormalizedMaps(String signName, int outlierPerc) {
    NpyArray attribution = CaptumRef.load(CaptumRef.ATTRIBUTION);
    NpyArray expected =
        CaptumRef.load("viz_tinycnn_ig_gausslegendre_" + signName + "_" + outlierPerc + ".npy");
    Sign sign = Sign.parse(signName);

    NormalizedMap map =
        AttributionNormalizer.normalize(attribution.data(), attribution.shape(), sign, outlierPerc);

    assertArrayEquals(new int[] {64, 64}, expected.shape());
    assertEquals(64, map.height());
    assertEquals(64, map.width());
    assertEquals(sign, map.sign());
    double maxError = 0;
    for (int i = 0; i < expected.data().length; i++) {
      maxError = Math.max(maxError, Math.abs(expected.data()[i] - map.values()[i]));
    }
    assertTrue(maxError <= 1e-6, "max abs error " + maxError);
    // The top outlier_perc% of mass saturates: some values reach exactly ±1, none beyond.
    float extreme = sign == Sign.ALL ? absMax(map.values()) : max(map.values());
    assertEquals(1f, extreme);
  }

  @Test
  void thresholdOfOneToHundredAtTwoPercentIs99() {
    float[] values = new float[100];
    for (int i = 0; i < 100; i++) {
      values[i] = 100 - i; // unsorted on purpose
    }
    // Total 5050; 98% of it is 4949; the running sum first reaches it at 1 + ... + 99 = 4950.
    assertEquals(99f, AttributionNormalizer.threshold(values, Sign.ABSOLUTE_VALUE, 2));
    assertEquals(99f, ThresholdProfile.cumulativeSumThreshold(values, 98));
    assertEquals(100f, AttributionNormalizer.threshold(values, Sign.ABSOLUTE_VALUE, 0));
  }

  @ParameterizedTest
  @EnumSource(Sign.class)
  void allZeroAttributionGivesAllZeroMap(Sign sign) {
    NormalizedMap map =
        AttributionNormalizer.normalize(new float[3 * 4 * 5], new int[] {1, 3, 4, 5}, sign, 2);

    assertEquals(0f, map.threshold());
    assertArrayEquals(new float[20], map.values());
  }

  @Test
  void signWithNoValuesGivesAllZeroMap() {
    float[] onlyNegative = {-1f, -2f, 0f};

    NormalizedMap map =
        AttributionNormalizer.normalize(new AttributionMap(1, 3, onlyNegative), Sign.POSITIVE, 2);

    assertEquals(0f, map.threshold());
    assertArrayEquals(new float[3], map.values());
  }

  @Test
  void signRulesOnHandMadeMap() {
    AttributionMap a = new AttributionMap(1, 4, new float[] {2f, -4f, 1f, 0f});

    // |a| sorted 0, 1, 2, 4 with running sums 0, 1, 3, 7: with no outliers the threshold is 4.
    NormalizedMap all = AttributionNormalizer.normalize(a, Sign.ALL, 0);
    assertEquals(4f, all.threshold());
    assertArrayEquals(new float[] {0.5f, -1f, 0.25f, 0f}, all.values());

    // a⁺ = 2, 0, 1, 0: sorted 0, 0, 1, 2, running sums 0, 0, 1, 3: threshold 2.
    NormalizedMap positive = AttributionNormalizer.normalize(a, Sign.POSITIVE, 0);
    assertEquals(2f, positive.threshold());
    assertArrayEquals(new float[] {1f, 0f, 0.5f, 0f}, positive.values());

    // a⁻ = 0, -4, 0, 0: threshold -4, so the map is positive.
    NormalizedMap negative = AttributionNormalizer.normalize(a, Sign.NEGATIVE, 0);
    assertEquals(-4f, negative.threshold());
    assertArrayEquals(new float[] {0f, 1f, 0f, 0f}, negative.values());

    NormalizedMap absolute = AttributionNormalizer.normalize(a, Sign.ABSOLUTE_VALUE, 0);
    assertEquals(4f, absolute.threshold());
    assertArrayEquals(new float[] {0.5f, 1f, 0.25f, 0f}, absolute.values());

    // 40% outliers: the target is 60% of 7 = 4.2, first reached at running sum 7 -> still 4;
    // 50%: target 3.5 -> 4; 60%: target 2.8, reached at 3 -> threshold 2, and -4 clips to -1.
    assertEquals(4f, AttributionNormalizer.threshold(a.values(), Sign.ALL, 50));
    NormalizedMap clipped = AttributionNormalizer.normalize(a, Sign.ALL, 60);
    assertEquals(2f, clipped.threshold());
    assertArrayEquals(new float[] {1f, -1f, 0.5f, 0f}, clipped.values());
  }

  @Test
  void channelsAreSummedBeforeTheSign() {
    // Channel 0: 3, -1; channel 1: -4, 2. Sums: -1, 1.
    float[] chw = {3f, -1f, -4f, 2f};

    AttributionMap summed = AttributionNormalizer.sumChannels(chw, 2, 1, 2);

    assertArrayEquals(new float[] {-1f, 1f}, summed.values());
    assertArrayEquals(
        new float[] {0f, 1f},
        AttributionNormalizer.normalize(chw, new int[] {2, 1, 2}, Sign.POSITIVE, 0).values());
    assertArrayEquals(
        new float[] {1f, 0f},
        AttributionNormalizer.normalize(chw, new int[] {2, 1, 2}, Sign.NEGATIVE, 0).values());
  }

  @Test
  void acceptsBatchOfOneChannelsFirstAndSummedShapes() {
    NpyArray attribution = CaptumRef.load(CaptumRef.ATTRIBUTION);
    float[] data = attribution.data();
    AttributionMap fourD = AttributionNormalizer.sumChannels(data, 1, 3, 64, 64);
    AttributionMap threeD = AttributionNormalizer.sumChannels(data, 3, 64, 64);
    AttributionMap twoD = AttributionNormalizer.sumChannels(fourD.values(), 64, 64);

    assertEquals(fourD, threeD);
    assertEquals(fourD, twoD);
  }

  @Test
  void rejectsBadShapesAndValues() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AttributionNormalizer.sumChannels(new float[8], 2, 1, 2, 2));
    assertThrows(
        IllegalArgumentException.class, () -> AttributionNormalizer.sumChannels(new float[8], 8));
    assertThrows(
        IllegalArgumentException.class,
        () -> AttributionNormalizer.sumChannels(new float[8], 1, 1, 1, 2, 4));
    IllegalArgumentException mismatch =
        assertThrows(
            IllegalArgumentException.class,
            () -> AttributionNormalizer.sumChannels(new float[7], 3, 2, 2));
    assertTrue(mismatch.getMessage().contains("needs 12 values"), mismatch.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> AttributionNormalizer.threshold(new float[] {1f, Float.NaN}, Sign.ALL, 2));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AttributionNormalizer.threshold(
                new float[] {1f, Float.POSITIVE_INFINITY}, Sign.ALL, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> AttributionNormalizer.threshold(new float[0], Sign.ALL, 2));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.5, 100.5, Double.NaN})
  void rejectsOutlierPercentagesOutsideCaptumsRange(double outlierPerc) {
    assertThrows(
        IllegalArgumentException.class,
        () -> AttributionNormalizer.threshold(new float[] {1f}, Sign.ALL, outlierPerc));
  }

  @Test
  void sharedThresholdNormalizesPanelsOnOneScale() {
    float[] weak = {1f, 2f, 3f};
    float[] strong = {10f, 20f, 30f};

    // Union sorted 1, 2, 3, 10, 20, 30 (total 66); 98% is 64.68, reached only at 30.
    float shared = AttributionNormalizer.sharedThreshold(List.of(weak, strong), Sign.POSITIVE, 2);

    assertEquals(30f, shared);
    assertArrayEquals(
        new float[] {1f / 30, 2f / 30, 3f / 30},
        AttributionNormalizer.applyThreshold(weak, Sign.POSITIVE, shared));
    assertArrayEquals(
        new float[] {10f / 30, 20f / 30, 1f},
        AttributionNormalizer.applyThreshold(strong, Sign.POSITIVE, shared));
    // Each on its own scale, both panels would look the same.
    assertArrayEquals(
        AttributionNormalizer.normalize(new AttributionMap(1, 3, weak), Sign.POSITIVE, 2).values(),
        AttributionNormalizer.normalize(new AttributionMap(1, 3, strong), Sign.POSITIVE, 2)
            .values());
    // The shared threshold is the threshold of the panels laid side by side.
    float[] sideBySide = {1f, 2f, 3f, 10f, 20f, 30f};
    assertEquals(shared, AttributionNormalizer.threshold(sideBySide, Sign.POSITIVE, 2));
  }

  @Test
  void sharedThresholdKeepsTheNegativeConvention() {
    float shared =
        AttributionNormalizer.sharedThreshold(
            List.of(new float[] {-1f, 5f}, new float[] {-3f}), Sign.NEGATIVE, 0);

    assertEquals(-3f, shared);
    assertArrayEquals(
        new float[] {1f / 3, 0f},
        AttributionNormalizer.applyThreshold(new float[] {-1f, 5f}, Sign.NEGATIVE, shared));
  }

  @Test
  void profileAnswersEveryPercentageLikeTheDirectComputation() {
    AttributionMap summed =
        AttributionNormalizer.sumChannels(CaptumRef.load(CaptumRef.ATTRIBUTION).data(), 3, 64, 64);
    for (Sign sign : Sign.values()) {
      ThresholdProfile profile = ThresholdProfile.of(summed.values(), sign);
      for (double p : new double[] {0, 0.5, 1, 2, 5, 33.3, 50, 99.9, 100}) {
        assertEquals(
            directThreshold(summed.values(), sign, p),
            profile.threshold(p),
            sign + " at " + p);
      }
    }
  }

  /** Captum's algorithm spelled out naively: sort, running sums, first index reaching q%. */
  private static float directThreshold(float[] summed, Sign sign, double outlierPerc) {
    float[] magnitudes = new float[summed.length];
    for (int i = 0; i < summed.length; i++) {
      float a = summed[i];
      magnitudes[i] =
          switch (sign) {
            case POSITIVE -> Math.max(a, 0f);
            case NEGATIVE -> Math.abs(Math.min(a, 0f));
            default -> Math.abs(a);
          };
    }
    Arrays.sort(magnitudes);
    float[] cumulative = new float[magnitudes.length];
    float sum = 0f;
    for (int i = 0; i < magnitudes.length; i++) {
      sum += magnitudes[i];
      cumulative[i] = sum;
    }
    float target = (float) (cumulative[cumulative.length - 1] * 0.01 * (100.0 - outlierPerc));
    for (int i = 0; i < cumulative.length; i++) {
      if (cumulative[i] >= target) {
        return sign == Sign.NEGATIVE ? 0f - magnitudes[i] : magnitudes[i];
      }
    }
    throw new AssertionError("no index reaches the target");
  }

  private static float max(float[] values) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      max = Math.max(max, v);
    }
    return max;
  }

  private static float absMax(float[] values) {
    float max = 0f;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
