package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import com.comprehendo.job.CancelledException;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.TargetChooser;
import java.util.Map;
import java.util.Optional;

/**
 * An attribution method with its parameters fixed: it explains, for each input image, the model's
 * output for that image's target class, pixel by pixel.
 *
 * <p>Implementations follow Captum 0.8's semantics exactly (see each class for the paper and the quirks
 * kept). They work on the model's device, report progress in passes, check the cancellation token
 * between batches, size batches to the context's memory budget, and free every intermediate array
 * before returning, normally or not.
 */
public interface AttributionMethod {

  /** The command-line name, e.g. {@code ig}. */
  String id();

  /** The parameters under Captum's argument names, for summaries and provenance. */
  Map<String, Object> parameters();

  /** The passes this method costs for {@code examples} images: the floor of its running time. */
  PassCount cost(int examples);

  /**
   * The passes for {@code examples} images of shape {@code rowShape} (C, H, W): for methods whose cost
   * depends on the input size (Occlusion), exact; for the others the same as {@link #cost(int)}.
   */
  default PassCount cost(int examples, long[] rowShape) {
    return cost(examples);
  }

  /**
   * A cheaper variant to show first while this one runs (coarser occlusion windows), or empty when the
   * method is already cheap, a preview would not save enough, or its estimates serve instead (IG).
   * A preview is labelled as such by the caller and never replaces the requested result.
   *
   * @param rowShape the (C, H, W) shape of one input
   */
  default Optional<AttributionMethod> preview(long[] rowShape) {
    return Optional.empty();
  }

  /**
   * This method without its convergence delta, for callers that do not read it (IG's costs two
   * forward passes per image); the method itself when it has none. The attributions are the same.
   */
  default AttributionMethod withoutConvergenceDelta() {
    return this;
  }

  /**
   * Computes attributions.
   *
   * @param model the classifier, on the device where {@code inputs} lives
   * @param inputs a batch of shape (N, C, H, W); not modified
   * @param targets the target class of each image (length N)
   * @param context progress, cancellation and the memory budget
   * @return the attributions (attached to the inputs' manager) and, where defined, the convergence delta
   * @throws CancelledException if cancelled; nothing is kept
   */
  Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context);

  /**
   * Computes attributions for targets chosen from the model's own outputs for each input (the predicted
   * class, say). {@code targets} sees each row's outputs once, before that row's attribution is computed.
   * Methods whose gradient pass runs the model on the inputs themselves (Saliency, Input×Gradient, the
   * gradient-weighted class activation maps) read the outputs of that pass; the others run one
   * forward pass first, at most the budget's rows at a time.
   *
   * @see #attribute(DifferentiableClassifier, NDArray, int[], AttributionContext)
   */
  default Attribution attributeChoosingTargets(
      DifferentiableClassifier model, NDArray inputs, TargetChooser targets, AttributionContext context) {
    return attribute(model, inputs, Batching.chooseTargets(model, inputs, targets, context), context);
  }

  /**
   * Whether {@link #attributeChoosingTargets} reads the outputs of the method's own gradient pass, so
   * choosing costs no forward pass (on a model that reads them, as TorchScript models do).
   */
  default boolean choosesTargetsInItsPass() {
    return false;
  }
}
