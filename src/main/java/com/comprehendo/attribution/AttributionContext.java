package com.comprehendo.attribution;

import java.util.Objects;

/**
 * What a running attribution reports to and is steered by: progress, cancellation and the memory
 * budget that sizes its batches.
 *
 * @param progress receives passes done / total
 * @param cancellation polled between batches
 * @param budget bounds the rows per model pass when the caller did not fix a batch size
 */
public record AttributionContext(ProgressListener progress, CancellationToken cancellation, BatchBudget budget) {

  public AttributionContext {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(budget, "budget");
  }

  /** No progress reporting, never cancelled, the default memory budget. */
  public static AttributionContext defaults() {
    return new AttributionContext(ProgressListener.NONE, CancellationToken.NONE, BatchBudget.defaultBudget());
  }

  public AttributionContext withProgress(ProgressListener listener) {
    return new AttributionContext(listener, cancellation, budget);
  }

  public AttributionContext withCancellation(CancellationToken token) {
    return new AttributionContext(progress, token, budget);
  }

  public AttributionContext withBudget(BatchBudget newBudget) {
    return new AttributionContext(progress, cancellation, newBudget);
  }
}
