package com.comprehendo.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.comprehendo.job.SpeedIdentity;
import java.util.List;
import java.util.Optional;

/**
 * A classifier whose outputs can be differentiated with respect to its input: what every gradient
 * attribution method needs. Implementations keep all tensors on {@link #device()}; arrays they return
 * are attached to the manager of the input array, so a caller that scopes its inputs in a sub-manager
 * frees the results with it.
 */
public interface DifferentiableClassifier extends SpeedIdentity {

  /** The device that inputs must live on. */
  Device device();

  /** Number of outputs (classes) per image. */
  int outputWidth();

  /**
   * Runs the model without recording gradients.
   *
   * @param input a batch, shape (N, C, H, W)
   * @return the raw outputs, shape (N, K)
   */
  NDArray forward(NDArray input);

  /**
   * Runs the model with autograd and returns, for each row n, the output {@code F_{targets[n]}(x_n)}
   * and its gradient with respect to {@code x_n}. Rows are independent (eval mode), so this equals
   * Captum's {@code torch.autograd.grad(outputs[:, target].unbind(), inputs)}.
   *
   * @param input a batch, shape (N, C, H, W); it is not modified
   * @param targets the target class of each row (length N)
   */
  TargetGradients targetGradients(NDArray input, int[] targets);

  /**
   * As {@link #targetGradients(NDArray, int[])}, each row's target chosen by {@code targets}, from the
   * row's outputs when not known in advance. This default runs a forward pass to choose them, then
   * the gradient pass; a model that can read the outputs of the gradient pass itself overrides it
   * and saves that forward pass.
   */
  default TargetGradients targetGradients(NDArray input, TargetChooser targets) {
    return targetGradients(input, targets.chooseWith(Math.toIntExact(input.getShape().get(0)), () -> forward(input)));
  }

  /**
   * The names of the layers this model exposes for layer methods (a split into {@code features} and
   * {@code head}, see {@link ModelLayer}), the default first; empty for a model without a split.
   */
  default List<String> layerNames() {
    return List.of();
  }

  /**
   * The layer called {@code name}, or the default layer when {@code name} is null or blank.
   *
   * @throws IllegalArgumentException when the model has no split, or no layer of that name (the
   *     message lists the layers)
   */
  default ModelLayer layer(String name) {
    throw new IllegalArgumentException("this model has no split into features and head for layer methods; "
        + ModelLayer.HOW_TO_SPLIT);
  }

  /**
   * The target outputs and their input gradient for one batch.
   *
   * @param targetOutputs {@code F_t(x)} per row, shape (N)
   * @param gradients {@code ∂F_t/∂x}, the input's shape
   */
  record TargetGradients(NDArray targetOutputs, NDArray gradients) {}
}
