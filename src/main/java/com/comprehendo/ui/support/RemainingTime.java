package com.comprehendo.ui.support;

import java.util.OptionalDouble;

/**
 * The time left of a run, from its pace since its first progress report: the wait for the model worker
 * and the first pass (a cold start, and IG's short first pass for the first estimate) made the time
 * left read about twice what it was when it was measured from the request. One per run; UI thread.
 */
public final class RemainingTime {

  /** Progress made since the first report before anything is said (a pass or so). */
  private static final double MIN_PROGRESS = 0.02;

  private long firstNanos = -1;
  private double firstFraction;

  /**
   * @param fraction the run's progress, 0..1 (a negative value: not known yet)
   * @param nowNanos the clock now
   * @return seconds left, or empty until the pace is known (and once done)
   */
  public OptionalDouble secondsLeft(double fraction, long nowNanos) {
    if (!(fraction > 0) || fraction >= 1) {
      return OptionalDouble.empty();
    }
    if (firstNanos < 0) {
      firstNanos = nowNanos;
      firstFraction = fraction;
      return OptionalDouble.empty();
    }
    double progressed = fraction - firstFraction;
    double elapsed = (nowNanos - firstNanos) / 1e9;
    if (progressed < MIN_PROGRESS || elapsed <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(elapsed * (1 - fraction) / progressed);
  }
}
