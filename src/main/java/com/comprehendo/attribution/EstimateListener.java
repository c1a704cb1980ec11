package com.comprehendo.attribution;

import java.util.function.LongSupplier;

/**
 * Receives rough estimates of an attribution while it is being computed, coarse to fine, so that a
 * viewer can show a first heatmap after the first batch and sharpen it as the rest arrives, at no
 * extra model passes: IG evaluates its integration points in a coarse-to-fine order and an estimate
 * is the integral over the points done so far; NoiseTunnel's is the statistic over the samples done;
 * IG to a precision reports each finished round.
 *
 * <p>Building an estimate costs an elementwise pass and a copy to the host, so methods ask first.
 */
@FunctionalInterface
public interface EstimateListener {

  /**
   * How often a viewer takes an estimate: each is a heat map to render, and a few a second look like
   * continuous refinement. The explorer uses it, and {@code bench} to time runs as the explorer makes them.
   */
  long SHOWN_INTERVAL_NANOS = 300_000_000L;

  /** Wants nothing; methods then build no estimates. */
  EstimateListener NONE = new EstimateListener() {
    @Override
    public boolean wantsEstimate() {
      return false;
    }

    @Override
    public void onEstimate(float[] values, int unitsDone, int unitsTotal) {}
  };

  /**
   * Asked after each batch but the last (whose result follows at once); by default every time. Any
   * listener but {@link #NONE} also tells a method to keep its first batch small, since the first
   * estimate waits for it.
   */
  default boolean wantsEstimate() {
    return true;
  }

  /**
   * @param values the estimate, laid out as the final attribution (examples first)
   * @param unitsDone what it is made of: IG steps, NoiseTunnel samples, or the steps of IG's last round
   * @param unitsTotal the same unit for the requested result
   */
  void onEstimate(float[] values, int unitsDone, int unitsTotal);

  /**
   * Hands {@code target} the first estimate at once, then at most one per {@code intervalNanos} of
   * {@code nanoClock}; the method builds no estimate in between.
   */
  static EstimateListener atMostEvery(long intervalNanos, LongSupplier nanoClock, EstimateListener target) {
    return new EstimateListener() {
      private boolean tookAny;
      private long lastTaken;

      @Override
      public boolean wantsEstimate() {
        return !tookAny || nanoClock.getAsLong() - lastTaken >= intervalNanos;
      }

      @Override
      public void onEstimate(float[] values, int unitsDone, int unitsTotal) {
        tookAny = true;
        lastTaken = nanoClock.getAsLong();
        target.onEstimate(values, unitsDone, unitsTotal);
      }
    };
  }
}
