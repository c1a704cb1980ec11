package com.comprehendo.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.TorchScriptClassifier;
import java.util.Arrays;
import java.util.SplittableRandom;

/** {@code bench}'s floor: the model's own throughput per pass kind, on seeded random inputs. */
final class PassThroughput {

  private PassThroughput() {}

  /** A seeded standard normal input of {@code batch} rows of {@code shape}. */
  static float[] randomInput(long[] shape, int batch) {
    SplittableRandom random = new SplittableRandom(2017);
    long size = batch;
    for (int d = 1; d < shape.length; d++) {
      size *= shape[d];
    }
    float[] values = new float[Math.toIntExact(size)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  /**
   * Images per second through one pass kind (forward, or forward and the input's gradient) at one batch
   * size: the median of {@code runs} timed runs of {@code passesPerRun} passes, after two warm-up passes.
   */
  static double imagesPerSecond(TorchScriptClassifier model, long[] shape, int batch, boolean gradient, int passesPerRun,
      int runs) {
    long[] batchShape = shape.clone();
    batchShape[0] = batch;
    float[] values = randomInput(shape, batch);
    int[] targets = new int[batch];
    double[] rates = new double[runs];
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(values, new Shape(batchShape));
      for (int warmup = 0; warmup < 2; warmup++) {
        pass(model, manager, inputs, targets, gradient);
      }
      for (int r = 0; r < runs; r++) {
        long start = System.nanoTime();
        for (int p = 0; p < passesPerRun; p++) {
          pass(model, manager, inputs, targets, gradient);
        }
        rates[r] = (double) batch * passesPerRun / ((System.nanoTime() - start) / 1e9);
      }
    }
    return median(rates);
  }

  private static void pass(TorchScriptClassifier model, NDManager manager, NDArray inputs, int[] targets, boolean gradient) {
    Interruption.TOKEN.throwIfCancelled();
    try (NDManager scratch = manager.newSubManager()) {
      NDArray local = inputs.duplicate();
      local.attach(scratch);
      if (gradient) {
        model.targetGradients(local, targets).gradients().toFloatArray();
      } else {
        model.forward(local).toFloatArray();
      }
    }
  }

  /** The median (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
