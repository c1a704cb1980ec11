package com.comprehendo.analysis.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Spearman's rank correlation: Pearson's correlation of the values' ranks, tied values sharing their
 * mean rank (as {@code scipy.stats.spearmanr}). NaN when either side is constant, since a constant
 * has no order to compare.
 */
public final class RankCorrelation {

  private RankCorrelation() {}

  /** ρ of {@code a} and {@code b}, in [−1, 1], or NaN when one of them is constant or holds a NaN. */
  public static double spearman(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("rank correlation of " + a.length + " and " + b.length + " values");
    }
    for (int i = 0; i < a.length; i++) {
      if (Float.isNaN(a[i]) || Float.isNaN(b[i])) {
        return Double.NaN;
      }
    }
    return pearson(ranks(a), ranks(b));
  }

  /** 1-based ranks, ties given the mean of the ranks they span. */
  static double[] ranks(float[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    for (int start = 0; start < order.length; ) {
      int end = start + 1;
      while (end < order.length && values[order[end]] == values[order[start]]) {
        end++;
      }
      double mean = (start + 1 + end) / 2.0; // ranks start+1 … end
      for (int k = start; k < end; k++) {
        ranks[order[k]] = mean;
      }
      start = end;
    }
    return ranks;
  }

  private static double pearson(double[] x, double[] y) {
    int n = x.length;
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      meanX += x[i];
      meanY += y[i];
    }
    meanX /= n;
    meanY /= n;
    double covariance = 0;
    double varianceX = 0;
    double varianceY = 0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - meanX;
      double dy = y[i] - meanY;
      covariance += dx * dy;
      varianceX += dx * dx;
      varianceY += dy * dy;
    }
    if (varianceX == 0 || varianceY == 0) {
      return Double.NaN;
    }
    return covariance / Math.sqrt(varianceX * varianceY);
  }
}
