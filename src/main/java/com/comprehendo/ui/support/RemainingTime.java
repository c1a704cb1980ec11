package com.comprehendo.ui.support;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The time left of a run, from its pace since its first progress report: the wait for the model worker
 * and the first pass (a cold start, and IG's short first pass for the first estimate) made the time
 * left read about twice what it was when it was measured from the request. One per run; UI thread.
 *
 * <p>No figure until the pace is known: a few reports after the first, or a second of them (the first
 * chunk of a dataset said "1 min 21 s left" 3 s before the end). Then the figure counts down with the
 * clock and moves towards each new measurement with a time constant of {@value #SMOOTHING_SECONDS} s,
 * so uneven passes (Occlusion's coarse-to-fine windows, a chunk that stepped aside) do not make it jump.
 */
public final class RemainingTime {

  /** Reports after the first that make the pace known however short they are. */
  static final int KNOWN_AFTER_REPORTS = 3;
  /** Or this long since the first report, with at least one more. */
  static final double KNOWN_AFTER_SECONDS = 1.0;
  /** How quickly the figure follows the measured pace. */
  static final double SMOOTHING_SECONDS = 2.0;

  private long firstNanos = -1;
  private double firstFraction;
  private double lastFraction;
  private int reports;
  private double shown = Double.NaN;
  private long shownNanos;
  private double firstShown = Double.NaN;
  private long firstShownNanos;
  private double firstShownFraction;

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
      lastFraction = fraction;
      return OptionalDouble.empty();
    }
    if (fraction > lastFraction) {
      reports++;
      lastFraction = fraction;
    }
    double progressed = fraction - firstFraction;
    double elapsed = (nowNanos - firstNanos) / 1e9;
    boolean known = reports >= KNOWN_AFTER_REPORTS || (reports >= 1 && elapsed >= KNOWN_AFTER_SECONDS);
    if (!known || progressed <= 0 || elapsed <= 0) {
      return OptionalDouble.empty();
    }
    double measured = elapsed * (1 - fraction) / progressed;
    if (Double.isNaN(shown)) {
      shown = measured;
      firstShown = measured;
      firstShownNanos = nowNanos;
      firstShownFraction = fraction;
    } else {
      double sinceShown = Math.max(0, (nowNanos - shownNanos) / 1e9);
      double countedDown = Math.max(0, shown - sinceShown);
      double weight = 1 - Math.exp(-sinceShown / SMOOTHING_SECONDS);
      shown = countedDown + weight * (measured - countedDown);
    }
    shownNanos = nowNanos;
    return OptionalDouble.of(shown);
  }

  /**
   * For the debug log, once the run is over: the first figure shown against the time the run then
   * took, e.g. "first said 12.0 s left at 8% (1.2 s after the first report), took 13.1 s".
   */
  public Optional<String> estimateVersusActual(long endNanos) {
    if (Double.isNaN(firstShown)) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "first said %.1f s left at %.0f%% (%.1f s after the first report),"
            + " took %.1f s", firstShown, 100 * firstShownFraction, (firstShownNanos - firstNanos) / 1e9,
        (endNanos - firstShownNanos) / 1e9));
  }
}
