package com.comprehendo.analysis.metrics;

/**
 * A deletion or insertion curve: the target's probability at evenly spaced fractions of the pixels
 * moved, and the area under it.
 *
 * @param kind deletion or insertion
 * @param step pixels moved per iteration
 * @param probabilities the target's probability at the start and after each iteration: {@code
 *     ceil(H·W / step) + 1} points
 * @param auc the trapezoid area over x evenly spaced on [0, 1]
 */
public record FaithfulnessCurve(CurveKind kind, int step, double[] probabilities, double auc) {

  public FaithfulnessCurve {
    if (probabilities.length < 2) {
      throw new IllegalArgumentException("a curve needs at least two points, got " + probabilities.length);
    }
    probabilities = probabilities.clone();
  }

  /** The curve and its area. */
  public static FaithfulnessCurve of(CurveKind kind, int step, double[] probabilities) {
    return new FaithfulnessCurve(kind, step, probabilities, trapezoidArea(probabilities));
  }

  @Override
  public double[] probabilities() {
    return probabilities.clone();
  }

  /** The x of point i: {@code i / (points − 1)}. */
  public double fraction(int point) {
    return (double) point / (probabilities.length - 1);
  }

  /** Number of points. */
  public int points() {
    return probabilities.length;
  }

  /** {@code (Σ y − y₀/2 − y_last/2) / (points − 1)}: the trapezoid rule with x evenly spaced on [0, 1]. */
  static double trapezoidArea(double[] y) {
    double sum = 0;
    for (double v : y) {
      sum += v;
    }
    return (sum - y[0] / 2 - y[y.length - 1] / 2) / (y.length - 1);
  }
}
