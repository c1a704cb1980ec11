package com.comprehendo.analysis;

import java.util.Arrays;

/**
 * Numerically stable softmax, log-softmax and argmax over one row of scores, in double precision.
 *
 * <pre>{@code
 * double[] p = Softmax.softmax(new float[] {2, 1, 0}); // {0.6652409, 0.2447285, 0.0900306}
 * double loss = -Softmax.logSoftmax(new float[] {2, 1, 0})[2]; // 2.4076059
 * }</pre>
 */
public final class Softmax {

  private Softmax() {}

  /**
   * {@code x − log Σ exp(x)}, shifting by the maximum first so nothing overflows. Any NaN or
   * infinite input makes every output NaN (as PyTorch does for NaN).
   */
  public static double[] logSoftmax(float[] logits) {
    if (logits.length == 0) {
      throw new IllegalArgumentException("no scores");
    }
    double max = Double.NEGATIVE_INFINITY;
    boolean finite = true;
    for (float v : logits) {
      finite &= Float.isFinite(v);
      max = Math.max(max, v);
    }
    double[] result = new double[logits.length];
    if (!finite) {
      Arrays.fill(result, Double.NaN);
      return result;
    }
    double sum = 0;
    for (float v : logits) {
      sum += Math.exp(v - max);
    }
    double logNormalizer = max + Math.log(sum);
    for (int i = 0; i < logits.length; i++) {
      result[i] = logits[i] - logNormalizer;
    }
    return result;
  }

  /** {@code exp(logSoftmax(logits))}. */
  public static double[] softmax(float[] logits) {
    double[] result = logSoftmax(logits);
    for (int i = 0; i < result.length; i++) {
      result[i] = Math.exp(result[i]);
    }
    return result;
  }

  /**
   * The index of the largest value; ties go to the lowest index and a NaN counts as the largest, as
   * in {@code torch.argmax}.
   */
  public static int argmax(float[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no scores");
    }
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (Float.isNaN(values[best])) {
        break;
      }
      if (values[i] > values[best] || Float.isNaN(values[i])) {
        best = i;
      }
    }
    return best;
  }
}
