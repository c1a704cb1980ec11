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
 * @param passRowsChosen whether the budget's row cap is the pass size the caller measured for several
 *     images sharing passes ({@code analysis.SharedPasses}): then IG runs its passes at that size instead
 *     of searching its own for that many images, a second search nested in the caller's that timed the
 *     caller's sizes with its own trial passes
 */
public record AttributionContext(
    ProgressListener progress, CancellationToken cancellation, BatchBudget budget, EstimateListener estimates,
    boolean passRowsChosen) {

  public AttributionContext {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(estimates, "estimates");
  }

  /** No progress reporting, never cancelled, the default memory budget, no estimates. */
  public static AttributionContext defaults() {
    return new AttributionContext(
        ProgressListener.NONE, CancellationToken.NONE, BatchBudget.defaultBudget(), EstimateListener.NONE, false);
  }

  public AttributionContext withProgress(ProgressListener listener) {
    return new AttributionContext(listener, cancellation, budget, estimates, passRowsChosen);
  }

  public AttributionContext withCancellation(CancellationToken token) {
    return new AttributionContext(progress, token, budget, estimates, passRowsChosen);
  }

  public AttributionContext withBudget(BatchBudget newBudget) {
    return new AttributionContext(progress, cancellation, newBudget, estimates, passRowsChosen);
  }

  public AttributionContext withEstimates(EstimateListener listener) {
    return new AttributionContext(progress, cancellation, budget, listener, passRowsChosen);
  }

  /** Passes of exactly {@code rows} rows (the budget's row cap), chosen by the caller's measurement. */
  public AttributionContext withChosenPassRows(int rows) {
    return new AttributionContext(progress, cancellation, budget.withRowCap(rows), estimates, true);
  }
}
