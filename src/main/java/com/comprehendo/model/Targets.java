package com.comprehendo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Picks each row's target output from a batch of model outputs. */
public final class Targets {

  private Targets() {}

  /**
   * The (N, 1) int64 index that {@code gather} uses to pick each row's target column, on the manager's
   * device. Gather, unlike a one-hot product, stays exact when other outputs are infinite.
   */
  public static NDArray index(NDManager manager, int[] targets, int width) {
    long[] index = new long[targets.length];
    for (int row = 0; row < targets.length; row++) {
      int target = targets[row];
      if (target < 0 || target >= width) {
        throw new IllegalArgumentException("target " + target + " is outside 0.." + (width - 1));
      }
      index[row] = target;
    }
    return manager.create(index, new Shape(targets.length, 1));
  }

  /** Each row's target output, shape (N), attached to {@code outputs}' manager. */
  public static NDArray select(NDArray outputs, int[] targets) {
    int width = Math.toIntExact(outputs.getShape().get(1));
    return outputs.gather(index(outputs.getManager(), targets, width), 1).squeeze(1);
  }

  /** {@code targets} repeated {@code times} times, block after block (the layout of step-major batches). */
  public static int[] tile(int[] targets, int times) {
    int[] tiled = new int[targets.length * times];
    for (int block = 0; block < times; block++) {
      System.arraycopy(targets, 0, tiled, block * targets.length, targets.length);
    }
    return tiled;
  }

  /** Each target repeated {@code times} times in place (torch's {@code repeat_interleave}). */
  public static int[] repeatEach(int[] targets, int times) {
    int[] repeated = new int[targets.length * times];
    for (int i = 0; i < repeated.length; i++) {
      repeated[i] = targets[i / times];
    }
    return repeated;
  }
}
