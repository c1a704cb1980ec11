package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.Targets;

/**
 * Builds {@link Occlusion}'s occluded rows on the model's device and runs them. A row's mask is the
 * outer product of three indicator vectors (its box along C, H and W), uploaded once for all rows; a
 * pass slices them, forms the masks with two broadcast ANDs and the occluded batch with one
 * {@code where(mask, baseline, input)}: exactly the baseline inside the box and exactly the input outside,
 * as Captum's {@code x·(1 − m) + b·m} gives for finite values, without a host-side mask per window.
 *
 * <p>Every array of a pass lives in that pass's sub-manager of the job; the indicators, inputs and
 * baselines live in the job, which outlives every view taken of them.
 */
final class OcclusionBatches {

  private final OcclusionPlan plan;
  private final NDArray inputs;
  private final NDArray baselines;
  private final NDArray channels;
  private final NDArray heights;
  private final NDArray widths;
  private final int examples;

  /**
   * @param job the manager that holds the indicators and outlives every pass
   * @param inputs the examples (N, C, H, W), in the job
   * @param baselines their baselines, the same shape, in the job
   */
  OcclusionBatches(NDManager job, OcclusionPlan plan, NDArray inputs, NDArray baselines, long[] rowShape) {
    this.plan = plan;
    this.inputs = inputs;
    this.baselines = baselines;
    this.examples = Math.toIntExact(inputs.getShape().get(0));
    int rows = plan.rows();
    int[] sizes = {(int) rowShape[0], (int) rowShape[1], (int) rowShape[2]};
    boolean[][] inside = new boolean[3][];
    for (int d = 0; d < 3; d++) {
      inside[d] = new boolean[rows * sizes[d]];
    }
    for (int row = 0; row < rows; row++) {
      int[] box = plan.box(row);
      for (int d = 0; d < 3; d++) {
        java.util.Arrays.fill(inside[d], row * sizes[d] + box[2 * d], row * sizes[d] + box[2 * d + 1], true);
      }
    }
    channels = job.create(inside[0], new Shape(rows, sizes[0], 1, 1));
    heights = job.create(inside[1], new Shape(rows, 1, sizes[1], 1));
    widths = job.create(inside[2], new Shape(rows, 1, 1, sizes[2]));
  }

  /** Each row's target output for rows {@code first … first + count − 1}, in one forward pass. */
  float[] targetOutputs(DifferentiableClassifier model, int[] targets, int first, int count) {
    int[] rowTargets = new int[count];
    for (int r = 0; r < count; r++) {
      rowTargets[r] = targets[plan.example(first + r)];
    }
    try (NDManager batch = inputs.getManager().newSubManager()) {
      NDArray mask = rows(batch, channels, first, count)
          .logicalAnd(rows(batch, heights, first, count))
          .logicalAnd(rows(batch, widths, first, count));
      NDArray occluded;
      if (examples == 1) {
        // One example: its input and baseline broadcast over the rows, no copies.
        occluded = NDArrays.where(mask, Batching.into(batch, baselines.broadcast(mask.getShape())), inputs);
      } else {
        long[] exampleOfRow = new long[count];
        for (int r = 0; r < count; r++) {
          exampleOfRow[r] = plan.example(first + r);
        }
        NDArray index = batch.create(exampleOfRow);
        occluded = NDArrays.where(
            mask, Batching.into(batch, baselines.get(index)), Batching.into(batch, inputs.get(index)));
      }
      NDArray outputs = Batching.into(batch, model.forward(occluded));
      return Targets.select(outputs, rowTargets).toFloatArray();
    }
  }

  /** Rows {@code first … first + count − 1} of an indicator, a view attached to the pass. */
  private static NDArray rows(NDManager batch, NDArray indicator, int first, int count) {
    return Batching.into(batch, indicator.get("{}:{}", first, first + count));
  }
}
