package com.comprehendo.analysis.metrics;

import java.util.Locale;

/**
 * The two curves of Petsiuk et al. (RISE, BMVC 2018): how the target's probability falls as the most
 * important pixels are removed, and how it rises as they are put back.
 */
public enum CurveKind {
  /**
   * Starts at the input and moves pixels, most important first, to the baseline. A faithful map makes
   * the probability drop fast: <em>lower</em> area is better.
   */
  DELETION("0", false),
  /**
   * Starts at the baseline and copies input pixels in, most important first. A faithful map makes the
   * probability rise fast: <em>higher</em> area is better.
   */
  INSERTION("blur", true);

  private final String defaultBaseline;
  private final boolean higherIsBetter;

  CurveKind(String defaultBaseline, boolean higherIsBetter) {
    this.defaultBaseline = defaultBaseline;
    this.higherIsBetter = higherIsBetter;
  }

  /**
   * The baseline when none is given, in the attribution methods' syntax: deletion to 0 (the mean
   * after the normalization), insertion from a blurred copy, as RISE does (a black start would give
   * insertion a curve that stays near the "black image" class for most of the way).
   */
  public String defaultBaseline() {
    return defaultBaseline;
  }

  /** Whether a larger area under this curve means a more faithful map. */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** {@code deletion} or {@code insertion}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
