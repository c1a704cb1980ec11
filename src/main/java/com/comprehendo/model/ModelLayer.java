package com.comprehendo.model;

import ai.djl.ndarray.NDArray;
import com.comprehendo.model.DifferentiableClassifier.TargetGradients;

/**
 * One layer of a split model: the model's {@code features(x)} (the layer's output, N×C×h×w) and its
 * {@code head(f)} (the rest of the network), with {@code head(features(x)) == forward(x)}. Layer
 * attribution methods (Grad-CAM, Layer Integrated Gradients, …) differentiate the head with respect
 * to the layer's output, which a plain TorchScript {@code forward} hides.
 *
 * <p>Arrays returned are attached to the manager of the array passed in, as for {@link
 * DifferentiableClassifier}.
 */
public interface ModelLayer {

  /** How to get a model with a split, for messages: one sentence. */
  String HOW_TO_SPLIT = "export it with features(x) and head(f) methods (tools/export_for_comprehendo.py writes them;"
      + " see the README's \"Split models for layer methods\")";

  /** The layer's name for the user ({@code layer4}): the sidecar's, or taken from the method names. */
  String name();

  /**
   * The layer's output {@code features(x)}, without gradients.
   *
   * @param input a batch (N, C, H, W)
   * @return shape (N, C', h, w)
   */
  NDArray activations(NDArray input);

  /**
   * Runs {@code head} on {@code activations} with autograd and returns, per row n, the output {@code
   * F_{targets[n]}} and its gradient with respect to the activations (rows are independent).
   *
   * @param activations a batch of the layer's outputs (N, C', h, w); not modified
   * @param targets the target class of each row (length N)
   */
  TargetGradients headGradients(NDArray activations, int[] targets);

  /**
   * As {@link #headGradients(NDArray, int[])}, each row's target chosen by {@code targets}, from the
   * head's outputs for the row when not known in advance ({@code head(features(x)) == forward(x)}: the
   * model's own outputs). This default runs the head once more to choose; a layer that reads the
   * outputs of the gradient pass overrides it.
   */
  default TargetGradients headGradients(NDArray activations, TargetChooser targets) {
    return headGradients(activations,
        targets.chooseWith(Math.toIntExact(activations.getShape().get(0)), () -> head(activations)));
  }

  /** Runs {@code head} on {@code activations} without gradients: the raw outputs (N, K). */
  NDArray head(NDArray activations);
}
