package com.comprehendo.model;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Each row's target class, known before the pass or chosen from the row's own outputs in the pass
 * that computes them. A gradient method whose pass runs the model on the inputs themselves (Saliency,
 * Input×Gradient, Grad-CAM's head) then explains the predicted class without a forward pass of its
 * own to find it: the batch explainer's one pass per image instead of two.
 *
 * <p>Rows are counted from the first row of the batch the chooser was made for; {@link #fromRow} gives
 * the chooser of a chunk of it.
 */
@FunctionalInterface
public interface TargetChooser {

  /**
   * The target of row {@code row} given its outputs.
   *
   * @param outputs the row's raw outputs (K values); the caller's copy, which it may keep
   */
  int targetFor(int row, float[] outputs);

  /** The targets of rows {@code firstRow..firstRow+rows-1} when known without outputs, else null. */
  default int[] knownTargets(int firstRow, int rows) {
    return null;
  }

  /** The targets of {@code rows} rows of outputs, given row after row in {@code flatOutputs}. */
  default int[] choose(float[] flatOutputs, int rows) {
    int width = flatOutputs.length / rows;
    int[] targets = new int[rows];
    for (int row = 0; row < rows; row++) {
      targets[row] = targetFor(row, Arrays.copyOfRange(flatOutputs, row * width, (row + 1) * width));
    }
    return targets;
  }

  /**
   * The targets of {@code rows} rows: as known, else chosen from the outputs that {@code pass} computes
   * (a forward pass of its own, closed after reading).
   */
  default int[] chooseWith(int rows, Supplier<NDArray> pass) {
    int[] known = knownTargets(0, rows);
    if (known != null) {
      return known;
    }
    NDArray outputs = pass.get();
    try {
      return choose(outputs.toFloatArray(), rows);
    } finally {
      outputs.close();
    }
  }

  /** This chooser for the chunk of the batch that starts at row {@code firstRow}. */
  default TargetChooser fromRow(int firstRow) {
    if (firstRow == 0) {
      return this;
    }
    TargetChooser whole = this;
    return new TargetChooser() {
      @Override
      public int targetFor(int row, float[] outputs) {
        return whole.targetFor(firstRow + row, outputs);
      }

      @Override
      public int[] knownTargets(int first, int rows) {
        return whole.knownTargets(firstRow + first, rows);
      }
    };
  }

  /** Targets fixed in advance: no outputs are read for them. */
  static TargetChooser fixed(int[] targets) {
    int[] copy = targets.clone();
    return new TargetChooser() {
      @Override
      public int targetFor(int row, float[] outputs) {
        return copy[row];
      }

      @Override
      public int[] knownTargets(int firstRow, int rows) {
        if (firstRow < 0 || rows < 0 || firstRow + (long) rows > copy.length) {
          throw new IllegalArgumentException((firstRow + rows) + " inputs but " + copy.length + " targets");
        }
        return Arrays.copyOfRange(copy, firstRow, firstRow + rows);
      }
    };
  }
}
