package com.comprehendo.attribution;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.GradientGuard;
import com.comprehendo.model.Targets;

/**
 * F(x) = W · flatten(x) + bias, optionally squared elementwise before the product (a smooth
 * nonlinearity with a closed-form integral), for tests with analytic answers (also those of the
 * faithfulness metrics).
 */
public final class LinearClassifier implements DifferentiableClassifier {

  /** {@code count} standard normal values from {@code random}: weights and inputs of the tests. */
  public static float[] gaussians(java.util.Random random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
  final float[] weights;
  final float[] bias;
  final int classes;
  final int features;
  final boolean squared;
  private final NDManager manager;
  private final NDArray weightArray;
  private final NDArray biasArray;

  public LinearClassifier(NDManager manager, float[] weights, float[] bias, boolean squared) {
    this.manager = manager;
    this.weights = weights;
    this.bias = bias;
    this.classes = bias.length;
    this.features = weights.length / classes;
    this.squared = squared;
    this.weightArray = manager.create(weights, new Shape(classes, features));
    this.biasArray = manager.create(bias);
  }

  @Override
  public Device device() {
    return manager.getDevice();
  }

  @Override
  public int outputWidth() {
    return classes;
  }

  @Override
  public NDArray forward(NDArray input) {
    NDManager caller = input.getManager();
    try (NDManager scratch = caller.newSubManager()) {
      NDArray flat = input.reshape(input.getShape().get(0), features);
      flat.attach(scratch);
      NDArray features = squared ? flat.square() : flat;
      NDArray output = features.matMul(weightArray.transpose()).add(biasArray);
      output.attach(caller);
      return output;
    }
  }

  @Override
  public TargetGradients targetGradients(NDArray input, int[] targets) {
    GradientGuard.acquire();
    NDManager caller = input.getManager();
    try (NDManager scratch = caller.newSubManager();
        GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray leaf = input.duplicate();
      leaf.attach(scratch);
      leaf.setRequiresGradient(true);
      NDArray outputs = forward(leaf);
      NDArray selected = Targets.select(outputs, targets);
      collector.backward(selected.sum());
      NDArray gradient = leaf.getGradient();
      NDArray detached = selected.stopGradient();
      gradient.attach(caller);
      detached.attach(caller);
      return new TargetGradients(detached, gradient);
    } finally {
      GradientGuard.release();
    }
  }

  /** F_t(x) for one flattened input, in double. */
  public double output(float[] x, int target) {
    double sum = bias[target];
    for (int i = 0; i < features; i++) {
      double v = squared ? (double) x[i] * x[i] : x[i];
      sum += weights[target * features + i] * v;
    }
    return sum;
  }
}
