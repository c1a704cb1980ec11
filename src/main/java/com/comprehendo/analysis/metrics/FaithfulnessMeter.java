package com.comprehendo.analysis.metrics;

import com.comprehendo.analysis.Explainer;
import com.comprehendo.analysis.TorchScriptExplainer;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.data.NpyArray;
import java.util.Optional;

/**
 * The faithfulness metrics the explorer shows beside a map, on host arrays: deletion and insertion
 * curves (Petsiuk et al., RISE, BMVC 2018) and max-sensitivity (Yeh et al., NeurIPS 2019). {@link
 * ImageMetrics} measures them on a loaded TorchScript model; view-model tests give their own.
 * Calls come from the model's worker thread, one at a time.
 */
public interface FaithfulnessMeter {

  /**
   * A deletion or insertion curve ({@link DeletionInsertion}).
   *
   * @param image the preprocessed image, (C, H, W)
   * @param attribution its attribution, {@code attributionChannels} × H × W
   */
  FaithfulnessCurve curve(
      NpyArray image, float[] attribution, int attributionChannels, int target, DeletionInsertion metric,
      AttributionContext context);

  /** Captum's sensitivity_max of {@code method} at {@code image} ({@link SensitivityMax}). */
  double sensitivity(
      NpyArray image, int target, AttributionMethod method, SensitivityMax metric, Perturbations perturbations,
      AttributionContext context);

  /**
   * The meter for an opened model: the explainer itself when it measures (a test's fake), metrics on
   * its classifier for the TorchScript explainer, else none.
   */
  static Optional<FaithfulnessMeter> of(Explainer explainer) {
    if (explainer instanceof FaithfulnessMeter meter) {
      return Optional.of(meter);
    }
    if (explainer instanceof TorchScriptExplainer torchScript) {
      return Optional.of(new ImageMetrics(torchScript.classifier()));
    }
    return Optional.empty();
  }
}
