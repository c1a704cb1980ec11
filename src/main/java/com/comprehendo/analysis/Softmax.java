package com.comprehendo.analysis;

import java.util.Arrays;

/**
 * The one place that turns a row of model outputs into probabilities, a predicted class and a
 * ranking; the Explain tab ({@link Prediction}), the dataset ({@link ImagePrediction}) and the
 * command line all go through it, so they name the same class for the same outputs.
 *
 * <p>Semantics, as PyTorch's {@code torch.softmax}, {@code torch.argmax} and {@code torch.topk}:
 *
 * <ul>
 *   <li>The predicted class is the argmax of the <em>raw outputs</em> (logits, or the
 *       probabilities of a model ending in softmax), never of rounded probabilities: two logits a
 *       float apart give equal float probabilities, yet the larger logit wins. Exact ties go to the
 *       lowest index.
 *   <li>A NaN output wins the argmax and comes first in the ranking (the first NaN, by index), as
 *       in PyTorch, so Comprehendo names the class {@code torch.argmax} names. It never wins or
 *       loses silently: {@link #isFinite(float[])} is false for the row, and {@link Prediction} and
 *       {@link ImagePrediction} carry that mark (the explorer and the CSV show NaN).
 *   <li>Softmax and log-softmax are computed in double, shifted by the maximum. A NaN or {@code
 *       +∞} anywhere, or all outputs {@code −∞}, makes every output NaN; a {@code −∞} logit beside
 *       finite ones gets probability 0 (log-probability {@code −∞}), as {@code torch.softmax} does.
 * </ul>
 *
 * <pre>{@code
 * double[] p = Softmax.softmax(new float[] {2, 1, 0}); // {0.6652409, 0.2447285, 0.0900306}
 * double loss = -Softmax.logSoftmax(new float[] {2, 1, 0})[2]; // 2.4076059
 * int predicted = Softmax.argmax(new float[] {0.5f, Math.nextUp(0.5f)}); // 1
 * }</pre>
 */
public final class Softmax {

  private Softmax() {}

  /**
   * {@code x − log Σ exp(x)}, shifting by the maximum first so nothing overflows. A NaN or {@code
   * +∞} input, or only {@code −∞} inputs, make every output NaN; a {@code −∞} input otherwise
   * gives {@code −∞} (as {@code torch.log_softmax}).
   */
  public static double[] logSoftmax(float[] logits) {
    requireScores(logits);
    double max = Double.NEGATIVE_INFINITY;
    boolean defined = true;
    for (float v : logits) {
      defined &= !Float.isNaN(v) && v != Float.POSITIVE_INFINITY;
      max = Math.max(max, v);
    }
    double[] result = new double[logits.length];
    if (!defined || max == Double.NEGATIVE_INFINITY) {
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
   * The probabilities of one output row: the softmax of logits, or the outputs themselves for a
   * model that ends in softmax.
   */
  public static double[] probabilities(float[] scores, ScoreKind kind) {
    if (kind == ScoreKind.LOGITS) {
      return softmax(scores);
    }
    requireScores(scores);
    double[] result = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      result[i] = scores[i];
    }
    return result;
  }

  /**
   * The index of the largest value; ties go to the lowest index and a NaN counts as the largest, as
   * in {@code torch.argmax}.
   */
  public static int argmax(float[] values) {
    requireScores(values);
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

  /**
   * The indices of the {@code k} largest values, largest first, in the order {@link #argmax} picks
   * them: NaN first, ties by lower index (as {@code torch.topk}). {@code ranked(v, k)[0] ==
   * argmax(v)}.
   *
   * @param k how many; clamped to {@code 0..values.length}
   */
  public static int[] ranked(float[] values, int k) {
    int count = Math.min(Math.max(k, 0), values.length);
    int[] top = new int[count];
    boolean[] taken = new boolean[values.length];
    for (int n = 0; n < count; n++) { // k is small: repeated selection beats sorting a 1000-class row
      int best = -1;
      for (int i = 0; i < values.length; i++) {
        if (!taken[i] && (best < 0 || ranksBefore(values[i], values[best]))) {
          best = i;
        }
      }
      taken[best] = true;
      top[n] = best;
    }
    return top;
  }

  /** Whether {@code a} (at a higher index) ranks before {@code b}: larger, or NaN over a number. */
  private static boolean ranksBefore(float a, float b) {
    return !Float.isNaN(b) && (a > b || Float.isNaN(a));
  }

  /**
   * Whether every output is a finite number. A row that is not has no trustworthy prediction: its
   * argmax and probabilities follow PyTorch (above), and results built from it are marked.
   */
  public static boolean isFinite(float[] scores) {
    for (float v : scores) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static void requireScores(float[] scores) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("no scores");
    }
  }
}
