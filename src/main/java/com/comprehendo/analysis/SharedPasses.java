package com.comprehendo.analysis;

import ai.djl.ndarray.types.Shape;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.BatchSizer;

/**
 * How many images one call of a method takes when images may share its model passes (Saliency,
 * Input×Gradient, IG, the Grad-CAM family): as many as fill the gradient pass measured fastest for the
 * model ({@link BatchSizer}, the search IG's own one-image passes continue), so a dataset is explained in
 * the passes that suit the machine rather than in one image's. On the demo model with 2 cores, IG-32's
 * passes of 64 rows (two images) ran 1048–1058 images/s against 930–950 for one image's 32
 * (docs/benchmarks.md, "session 12"). Used by the batch explainer and the explorer's heat-map gallery.
 */
public final class SharedPasses {

  private final BatchSizer rows;

  private SharedPasses(BatchSizer rows) {
    this.rows = rows;
  }

  /**
   * The gradient passes of {@code model} for rows of {@code rowShape} (one image, channels first), up to
   * what {@code budget} allows.
   */
  public static SharedPasses gradient(Object model, Shape rowShape, BatchBudget budget) {
    int ceiling = budget.maxRows(rowShape.size(), true);
    return new SharedPasses(BatchSizer.measuring(model, "gradient " + rowShape, 1, ceiling));
  }

  /** Rows for the next call's passes. */
  public int nextRows() {
    return rows.nextUnits();
  }

  /**
   * Images for a call whose passes may hold {@code rowsPerPass} rows: as many as fill them, at least one
   * and at most {@code maxImages}.
   */
  public static int imagesPerCall(int rowsPerPass, int rowsPerImage, int maxImages) {
    return Math.max(1, Math.min(maxImages, rowsPerPass / Math.max(1, rowsPerImage)));
  }

  /**
   * Reports a call that asked for passes of {@code rowsPerPass} rows and ran {@code rows} rows in all, in
   * {@code nanos}: timed as if it had been made of passes of exactly {@code rowsPerPass} rows. A call
   * that did not fill its passes (the last images of a run, a group partly found in a cache) is not
   * timed: counted as a full pass, a short one would make its size look slow.
   */
  public void recordCall(int rowsPerPass, long rows, long nanos) {
    if (rows >= rowsPerPass) {
      this.rows.record(rowsPerPass, (long) (nanos * ((double) rowsPerPass / rows)));
    }
  }
}
