package com.comprehendo.ui.service;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.data.Preprocessing;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Turns a running method's estimates into results to show, with a note such as "Estimate: 4 of 50
 * steps", at most a few times a second: each one is a heat map to render on the UI thread. Runs on
 * the model worker; {@code show} hands the result over to the UI thread.
 */
public final class ShownEstimates implements EstimateListener {

  private final EstimateListener throttled;

  /**
   * @param show receives each estimate and its note, on the calling (worker) thread
   */
  public ShownEstimates(AttributionMethod method, Preprocessing pre, LongSupplier nanoClock,
      BiConsumer<AttributionResult, String> show) {
    String unit = MethodRegistry.builtIn().find(method.id()).map(d -> d.estimates().unit()).orElse("");
    this.throttled = EstimateListener.atMostEvery(SHOWN_INTERVAL_NANOS, nanoClock, (values, unitsDone, unitsTotal) -> {
      AttributionResult estimate = new AttributionResult(values, pre.channels(), pre.height(), pre.width(),
          new float[0], PassCount.ZERO, 0);
      show.accept(estimate, ("Estimate: " + unitsDone + (unitsDone < unitsTotal ? " of " + unitsTotal : "") + " " + unit).trim());
    });
  }

  @Override
  public boolean wantsEstimate() {
    return throttled.wantsEstimate();
  }

  @Override
  public void onEstimate(float[] values, int unitsDone, int unitsTotal) {
    throttled.onEstimate(values, unitsDone, unitsTotal);
  }
}
