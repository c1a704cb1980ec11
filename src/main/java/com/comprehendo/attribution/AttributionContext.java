package com.comprehendo.attribution;

import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import java.util.Objects;

/**
 * What a running attribution reports to and is steered by: progress, cancellation, the memory budget
 * that sizes its batches, and who wants estimates before the end.
 *
 * @param progress receives passes done / total
 * @param cancellation polled between batches
 * @param budget bounds the rows per model pass when the caller did not fix a batch size
 * @param estimates receives coarse-to-fine estimates from the methods that can make them
 */
public record AttributionContext(
    ProgressListener progress, CancellationToken cancellation, BatchBudget budget, EstimateListener estimates) {

  public AttributionContext {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(estimates, "estimates");
  }

  /** No progress reporting, never cancelled, the default memory budget, no estimates. */
  public static AttributionContext defaults() {
    return new AttributionContext(
        ProgressListener.NONE, CancellationToken.NONE, BatchBudget.defaultBudget(), EstimateListener.NONE);
  }

  public AttributionContext withProgress(ProgressListener listener) {
    return new AttributionContext(listener, cancellation, budget, estimates);
  }

  public AttributionContext withCancellation(CancellationToken token) {
    return new AttributionContext(progress, token, budget, estimates);
  }

  public AttributionContext withBudget(BatchBudget newBudget) {
    return new AttributionContext(progress, cancellation, newBudget, estimates);
  }

  public AttributionContext withEstimates(EstimateListener listener) {
    return new AttributionContext(progress, cancellation, budget, listener);
  }
}
