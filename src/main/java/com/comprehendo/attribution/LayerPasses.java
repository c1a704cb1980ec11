package com.comprehendo.attribution;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.ModelLayer;
import com.comprehendo.model.TargetChooser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;

/**
 * What the layer methods share: a layer's activations for a batch in budget-sized chunks, and the
 * model's head as a classifier of those activations, so that the input methods' machinery
 * (gradients in chunks, Integrated Gradients) runs on the layer instead of the image.
 */
final class LayerPasses {

  private LayerPasses() {}

  /**
   * {@code features(inputs)}, computed at most {@code maxRows} rows at a time, attached to {@code
   * manager}; each chunk counts one forward pass per row.
   */
  static NDArray activations(NDManager manager, ModelLayer layer, NDArray inputs, AttributionContext context,
      Batching.Progress progress) {
    int rows = Math.toIntExact(inputs.getShape().get(0));
    int maxRows = context.budget().maxRows(Batching.rowElements(inputs.getShape()), false);
    List<NDArray> parts = new ArrayList<>();
    for (int start = 0; start < rows; start += maxRows) {
      context.cancellation().throwIfCancelled();
      int end = Math.min(rows, start + maxRows);
      try (NDManager batch = manager.newSubManager()) {
        NDArray chunk = Batching.into(batch, start == 0 && end == rows ? inputs.duplicate() : inputs.get(new NDIndex("{}:{}", start, end)));
        parts.add(Batching.into(manager, layer.activations(chunk)));
      }
      progress.advance(end - start);
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    NDArray joined = Batching.into(manager, NDArrays.concat(new NDList(parts)));
    parts.forEach(NDArray::close);
    return joined;
  }

  /** A layer's activations for a batch and the target output's gradient with respect to them. */
  record ActivationsAndGradients(NDArray activations, NDArray gradients) {}

  /**
   * {@code features(inputs)} and {@code ∂head_t/∂features} for each row, attached to {@code manager}:
   * one forward pass through the features and one gradient pass through the head per row.
   */
  static ActivationsAndGradients activationsAndGradients(NDManager manager, DifferentiableClassifier model,
      ModelLayer layer, NDArray inputs, TargetChooser targets, AttributionContext context, Batching.Progress progress) {
    NDArray activations = activations(manager, layer, inputs, context, progress);
    NDArray gradients = Batching.gradients(manager, head(model, layer), activations, targets,
        gradientRows(activations.getShape(), context), context, progress);
    return new ActivationsAndGradients(activations, gradients);
  }

  /**
   * The attribution of a method made of one features pass and one head-gradient pass per image:
   * {@code combine(activations, gradients)}, attached to the manager of {@code inputs}. The targets are
   * chosen from the head's outputs in its gradient pass ({@code head(features(x)) == forward(x)}).
   */
  static Attribution fromActivationsAndGradients(DifferentiableClassifier model, String layerName, NDArray inputs,
      TargetChooser targets, AttributionContext context, BinaryOperator<NDArray> combine) {
    int examples = Math.toIntExact(inputs.getShape().get(0));
    ModelLayer layer = model.layer(layerName);
    NDManager scope = inputs.getManager();
    PassCount cost = new PassCount(examples, examples);
    Batching.Progress progress = new Batching.Progress(context.progress(), cost.total());
    try (NDManager job = scope.newSubManager()) {
      ActivationsAndGradients layerPass = activationsAndGradients(job, model, layer, inputs, targets, context, progress);
      NDArray values = combine.apply(layerPass.activations(), layerPass.gradients());
      return new Attribution(Batching.into(scope, values.duplicate()), Optional.empty(), cost);
    }
  }

  /** Rows per head-gradient pass for activations of {@code activationShape}. */
  static int gradientRows(Shape activationShape, AttributionContext context) {
    return context.budget().maxRows(Batching.rowElements(activationShape), true);
  }

  /** The model's head ({@code head(f)}) as a classifier whose input is the layer's output. */
  static DifferentiableClassifier head(DifferentiableClassifier model, ModelLayer layer) {
    return new DifferentiableClassifier() {
      @Override
      public Device device() {
        return model.device();
      }

      @Override
      public int outputWidth() {
        return model.outputWidth();
      }

      @Override
      public NDArray forward(NDArray activations) {
        return layer.head(activations);
      }

      @Override
      public TargetGradients targetGradients(NDArray activations, int[] targets) {
        return layer.headGradients(activations, targets);
      }

      @Override
      public TargetGradients targetGradients(NDArray activations, TargetChooser targets) {
        return layer.headGradients(activations, targets);
      }
    };
  }
}
