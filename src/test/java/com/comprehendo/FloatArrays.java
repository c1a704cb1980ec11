package com.comprehendo;

/** Distances between float arrays, for tests that compare maps computed two ways. */
public final class FloatArrays {

  private FloatArrays() {}

  /** ‖actual − expected‖₂ / ‖expected‖₂ (0 for two all-zero arrays). */
  public static double relativeL2(float[] actual, float[] expected) {
    double difference = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = (double) actual[i] - expected[i];
      difference += d * d;
      norm += (double) expected[i] * expected[i];
    }
    return Math.sqrt(difference / Math.max(norm, 1e-30));
  }

  /** The largest magnitude in {@code values} (0 when empty). */
  public static float maxAbs(float[] values) {
    float max = 0f;
    for (float value : values) {
      max = Math.max(max, Math.abs(value));
    }
    return max;
  }
}
