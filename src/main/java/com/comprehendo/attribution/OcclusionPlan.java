package com.comprehendo.attribution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which forward rows an {@link Occlusion} needs, and which windows share one. Occluding a window replaces
 * the input by the baseline inside it, which changes only the elements where the two differ; so the
 * occluded input is decided by the smallest box holding the window's differing elements, its <em>tight
 * box</em>, and windows with the same tight box (per example) occlude the same input:
 * <ul>
 *   <li>a window with no differing element (a black region under a black baseline, or the padding of a
 *       letterboxed image) gives the unoccluded input back, so its Δ = F(x) − F(x) is exactly 0 and needs
 *       no pass. Captum runs that pass and gets 0 up to the rounding of a batch of another size; like
 *       Captum, the window still counts in the mean of every element it covers;
 *   <li>windows whose tight boxes agree share one pass (e.g. overlapping windows that differ only by a
 *       margin where input and baseline agree).
 * </ul>
 * Two windows with the same tight box T occlude exactly the same input: each one's differing elements are
 * those of T, since T lies inside both. Comparing tight boxes therefore finds every such pair.
 *
 * <p>Rows are numbered in the order their first window comes, so the windows' order (coarse to fine) is
 * kept: window {@code j} can be credited once rows {@code 0 … rowsNeededBy(j) − 1} are computed.
 */
final class OcclusionPlan {

  /** The row of a window whose occluded input equals the input: Δ = 0, no pass. */
  static final int NO_PASS = -1;

  private final int examples;
  private final int[] rowOfWindow;
  private final int[] rowsNeededBy;
  private final int[] rowExample;
  private final int[] rowBoxes;

  private OcclusionPlan(int examples, int[] rowOfWindow, int[] rowsNeededBy, int[] rowExample, int[] rowBoxes) {
    this.examples = examples;
    this.rowOfWindow = rowOfWindow;
    this.rowsNeededBy = rowsNeededBy;
    this.rowExample = rowExample;
    this.rowBoxes = rowBoxes;
  }

  /**
   * Plans the rows of {@code windows} (each {@code [d][start, end)} over (C, H, W)), in their order.
   *
   * @param inputs the examples, {@code examples × C·H·W} values
   * @param baselines the baseline of each example, the same layout
   */
  static OcclusionPlan of(List<int[][]> windows, float[] inputs, float[] baselines, int examples, long[] rowShape) {
    int channels = (int) rowShape[0];
    int height = (int) rowShape[1];
    int width = (int) rowShape[2];
    int rowSize = channels * height * width;
    Differences[] differences = new Differences[examples];
    for (int n = 0; n < examples; n++) {
      differences[n] = new Differences(inputs, baselines, n * rowSize, channels, height, width);
    }
    int[] rowOfWindow = new int[windows.size() * examples];
    int[] rowsNeededBy = new int[windows.size()];
    IntList rowExample = new IntList();
    IntList rowBoxes = new IntList();
    Map<RowKey, Integer> rows = new HashMap<>();
    for (int j = 0; j < windows.size(); j++) {
      int needed = 0;
      for (int n = 0; n < examples; n++) {
        int[] box = differences[n].tightBox(windows.get(j));
        int row = NO_PASS;
        if (box != null) {
          RowKey key = new RowKey(n, box[0], box[1], box[2], box[3], box[4], box[5]);
          Integer known = rows.get(key);
          if (known == null) {
            known = rowExample.size();
            rows.put(key, known);
            rowExample.add(n);
            rowBoxes.addAll(box);
          }
          row = known;
          needed = Math.max(needed, row + 1);
        }
        rowOfWindow[j * examples + n] = row;
      }
      rowsNeededBy[j] = needed;
    }
    return new OcclusionPlan(examples, rowOfWindow, rowsNeededBy, rowExample.toArray(), rowBoxes.toArray());
  }

  /** Forward rows the occlusion needs (at most windows × examples). */
  int rows() {
    return rowExample.length;
  }

  /** The row whose output gives window {@code window}'s Δ for example {@code example}, or {@link #NO_PASS}. */
  int rowOf(int window, int example) {
    return rowOfWindow[window * examples + example];
  }

  /** How many rows (from the first) must be computed before window {@code window} can be credited. */
  int rowsNeededBy(int window) {
    return rowsNeededBy[window];
  }

  /** The example that row {@code row} occludes. */
  int example(int row) {
    return rowExample[row];
  }

  /** Row {@code row}'s tight box: {@code start, end} per dimension (C, H, W), 6 values. */
  int[] box(int row) {
    int[] box = new int[6];
    System.arraycopy(rowBoxes, row * 6, box, 0, 6);
    return box;
  }

  private record RowKey(int example, int c0, int c1, int h0, int h1, int w0, int w1) {}

  /**
   * Counts the elements where input and baseline differ within any box in O(1): a summed-volume table,
   * {@code table[c][h][w]} = differing elements in {@code [0, c) × [0, h) × [0, w)}. NaN counts as
   * differing, so a NaN input is never skipped.
   */
  private static final class Differences {
    private final int[] table;
    private final int planeStride;
    private final int rowStride;

    Differences(float[] inputs, float[] baselines, int offset, int channels, int height, int width) {
      rowStride = width + 1;
      planeStride = (height + 1) * rowStride;
      table = new int[(channels + 1) * planeStride];
      for (int c = 0; c < channels; c++) {
        for (int h = 0; h < height; h++) {
          for (int w = 0; w < width; w++) {
            int e = offset + (c * height + h) * width + w;
            int differs = inputs[e] != baselines[e] || Float.isNaN(inputs[e]) ? 1 : 0;
            table[at(c + 1, h + 1, w + 1)] = differs
                + table[at(c, h + 1, w + 1)] + table[at(c + 1, h, w + 1)] + table[at(c + 1, h + 1, w)]
                - table[at(c, h, w + 1)] - table[at(c, h + 1, w)] - table[at(c + 1, h, w)]
                + table[at(c, h, w)];
          }
        }
      }
    }

    private int at(int c, int h, int w) {
      return c * planeStride + h * rowStride + w;
    }

    int count(int[] box) {
      int c0 = box[0];
      int c1 = box[1];
      int h0 = box[2];
      int h1 = box[3];
      int w0 = box[4];
      int w1 = box[5];
      return table[at(c1, h1, w1)] - table[at(c0, h1, w1)] - table[at(c1, h0, w1)] - table[at(c1, h1, w0)]
          + table[at(c0, h0, w1)] + table[at(c0, h1, w0)] + table[at(c1, h0, w0)] - table[at(c0, h0, w0)];
    }

    /** The smallest box holding the window's differing elements, or null when it has none. */
    int[] tightBox(int[][] window) {
      int[] box = {window[0][0], window[0][1], window[1][0], window[1][1], window[2][0], window[2][1]};
      if (count(box) == 0) {
        return null;
      }
      for (int d = 0; d < 3; d++) {
        // Drop empty slabs from either side; what remains keeps every differing element.
        while (countSlab(box, d, box[2 * d]) == 0) {
          box[2 * d]++;
        }
        while (countSlab(box, d, box[2 * d + 1] - 1) == 0) {
          box[2 * d + 1]--;
        }
      }
      return box;
    }

    private int countSlab(int[] box, int dimension, int index) {
      int[] slab = box.clone();
      slab[2 * dimension] = index;
      slab[2 * dimension + 1] = index + 1;
      return count(slab);
    }
  }

  /** A growable int array. */
  private static final class IntList {
    private int[] values = new int[16];
    private int size;

    void add(int value) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    void addAll(int[] more) {
      for (int value : more) {
        add(value);
      }
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
