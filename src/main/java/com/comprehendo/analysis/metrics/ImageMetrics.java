package com.comprehendo.analysis.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.data.NpyArray;
import com.comprehendo.model.OutputKind;
import com.comprehendo.model.TorchScriptClassifier;
import java.util.List;
import java.util.Objects;

/**
 * The metrics of one image given as a host array (channels first, any size the model takes), on a loaded model: what the
 * command line and the explorer call. Each call puts the image on the model's device in a
 * sub-manager of the model's, closed before returning, so native memory stays flat.
 *
 * <pre>{@code
 * ImageMetrics metrics = new ImageMetrics(model);
 * FaithfulnessCurve deletion = metrics.curve(new NpyArray(new int[] {3, 64, 64}, chw), attribution, 3, target,
 *     new DeletionInsertion(CurveKind.DELETION, 41, Baseline.zero()), context);
 * }</pre>
 */
public final class ImageMetrics implements FaithfulnessMeter {

  private final TorchScriptClassifier model;

  public ImageMetrics(TorchScriptClassifier model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /** Whether the model outputs logits (softmax taken for the curves) or probabilities. */
  public ScoreKind scores() {
    return model.spec().output() == OutputKind.PROBABILITIES ? ScoreKind.PROBABILITIES : ScoreKind.LOGITS;
  }

  /**
   * A deletion or insertion curve ({@link DeletionInsertion}).
   *
   * @param image the preprocessed image, (C, H, W) or (1, C, H, W)
   * @param attribution its attribution, {@code attributionChannels} × H × W
   */
  @Override
  public FaithfulnessCurve curve(
      NpyArray image, float[] attribution, int attributionChannels, int target, DeletionInsertion metric,
      AttributionContext context) {
    try (NDManager scope = model.manager().newSubManager()) {
      return metric.run(model, scores(), input(scope, image), attribution, attributionChannels, target, context);
    }
  }

  /** Captum's infidelity ({@link Infidelity}); the attribution has the image's shape. */
  public double infidelity(
      NpyArray image, float[] attribution, int target, Infidelity metric, Perturbations perturbations,
      AttributionContext context) {
    try (NDManager scope = model.manager().newSubManager()) {
      return metric.run(model, input(scope, image), attribution, target, perturbations, context);
    }
  }

  /** Captum's sensitivity_max of {@code method} ({@link SensitivityMax}). */
  @Override
  public double sensitivity(
      NpyArray image, int target, AttributionMethod method, SensitivityMax metric, Perturbations perturbations,
      AttributionContext context) {
    try (NDManager scope = model.manager().newSubManager()) {
      return metric.run(model, method, input(scope, image), target, perturbations, context);
    }
  }

  /** The cascading randomization of {@code method} ({@link SanityCheck}); the model is restored afterwards. */
  public List<SanityCheck.Step> sanity(
      NpyArray image, int target, AttributionMethod method, SanityCheck check, AttributionContext context) {
    try (NDManager scope = model.manager().newSubManager()) {
      return check.run(model, method, input(scope, image), target, context);
    }
  }

  /** The image as a batch of one, (1, C, H, W), in {@code scope}. */
  private static NDArray input(NDManager scope, NpyArray image) {
    long[] shape = image.longShape();
    if (shape.length == 3) {
      return scope.create(image.data(), new Shape(1, shape[0], shape[1], shape[2]));
    }
    if (shape.length == 4 && shape[0] == 1) {
      return scope.create(image.data(), new Shape(shape));
    }
    throw new IllegalArgumentException("the metrics take one image of shape C×H×W or 1×C×H×W, got "
        + java.util.Arrays.toString(image.shape()));
  }
}
