package com.comprehendo.ui.faithfulness;

import com.comprehendo.analysis.metrics.FaithfulnessCurve;
import java.util.OptionalDouble;

/**
 * What was measured of one map so far: its deletion and insertion curves (null until measured) and
 * its max-sensitivity (empty until measured, and unless asked for).
 */
public record FaithfulnessScores(FaithfulnessCurve deletion, FaithfulnessCurve insertion, OptionalDouble sensitivity) {

  /** Nothing measured yet. */
  public static final FaithfulnessScores NONE = new FaithfulnessScores(null, null, OptionalDouble.empty());

  public FaithfulnessScores {
    sensitivity = sensitivity == null ? OptionalDouble.empty() : sensitivity;
  }

  public FaithfulnessScores withDeletion(FaithfulnessCurve curve) {
    return new FaithfulnessScores(curve, insertion, sensitivity);
  }

  public FaithfulnessScores withInsertion(FaithfulnessCurve curve) {
    return new FaithfulnessScores(deletion, curve, sensitivity);
  }

  public FaithfulnessScores withSensitivity(double value) {
    return new FaithfulnessScores(deletion, insertion, OptionalDouble.of(value));
  }

  /** Whether everything asked for is measured: both curves, and sensitivity when {@code withSensitivity}. */
  public boolean complete(boolean withSensitivity) {
    return deletion != null && insertion != null && (!withSensitivity || sensitivity.isPresent());
  }

  /** The deletion AUC, or NaN while not measured. */
  public double deletionAuc() {
    return deletion == null ? Double.NaN : deletion.auc();
  }

  /** The insertion AUC, or NaN while not measured. */
  public double insertionAuc() {
    return insertion == null ? Double.NaN : insertion.auc();
  }

  /** The sensitivity, or NaN while not measured. */
  public double sensitivityValue() {
    return sensitivity.orElse(Double.NaN);
  }
}
