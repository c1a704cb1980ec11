package com.comprehendo.analysis.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.Targets;

/** Checks and model passes shared by the metrics. */
final class MetricInputs {

  private MetricInputs() {}

  static void requireOneImage(Shape shape, String metric) {
    if (shape.dimension() != 4 || shape.get(0) != 1) {
      throw new IllegalArgumentException(metric + " takes one image of shape (1, C, H, W), got " + shape);
    }
  }

  static void requireTarget(DifferentiableClassifier model, int target) {
    if (target < 0 || target >= model.outputWidth()) {
      throw new IllegalArgumentException("target " + target + " is outside 0.." + (model.outputWidth() - 1));
    }
  }

  /** Each row's raw target output of a forward pass, shape (N), attached to {@code manager}. */
  static NDArray targetOutputs(NDManager manager, DifferentiableClassifier model, NDArray inputs, int[] targets) {
    NDArray outputs = model.forward(inputs);
    outputs.attach(manager);
    NDArray selected = Targets.select(outputs, targets);
    selected.attach(manager);
    return selected;
  }
}
