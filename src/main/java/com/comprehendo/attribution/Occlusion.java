package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.job.BatchSizer;
import com.comprehendo.model.DifferentiableClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Occlusion (Zeiler and Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014), as
 * Captum 0.8 computes it: a window slides over the (C, H, W) input; for each position the window is
 * replaced by the baseline and {@code Δ = F_t(x) − F_t(x_occluded)} is credited to every element it
 * covers; an element's attribution is the mean Δ of the windows covering it.
 *
 * <p>Per dimension there are {@code ceil((D − W) / S) + 1} window starts {@code k·S}. Quirk kept from
 * Captum: when the stride does not divide {@code D − W} the last window starts past {@code D − W} and
 * is clipped at the border. Windows are evaluated {@code perturbations_per_eval} per forward pass, or, when
 * unset, as many as a {@link BatchSizer} finds fastest within the memory budget; the batch layout
 * changes nothing but the speed.
 *
 * <p>Windows are evaluated coarse to fine ({@link #coarseToFine}): first those on a sparse grid of
 * positions, then the grids in between, so an {@link EstimateListener} gets a picture of the whole
 * input early, sharpening as the stride effectively falls to the requested one. An estimate is the
 * mean Δ of the windows done that cover an element, and for an element none covers yet, that of the
 * nearest element covered. The final result is the same sums in another order (float rounding).
 *
 * <p>Just over 400 lines: the window arithmetic, the coarse-to-fine order and the estimate read the same
 * window counts and strides; split apart they would pass the geometry back and forth (the batches and
 * the skipped or shared windows already live in {@link OcclusionBatches} and {@link OcclusionPlan}).
 */
public final class Occlusion implements AttributionMethod {

  /** Estimates start once this many windows are done: a 4 × 4 grid, as coarse as the explorer's preview. */
  static final int FIRST_ESTIMATE_WINDOWS = 16;

  private final int[] windowShape;
  private final int[] strides;
  private final Baseline baseline;
  private final Integer perturbationsPerEval;

  private Occlusion(Builder builder) {
    this.windowShape = builder.windowShape.clone();
    this.strides = builder.strides.clone();
    this.baseline = builder.baseline;
    this.perturbationsPerEval = builder.perturbationsPerEval;
  }

  /** @param slidingWindowShape Captum's {@code sliding_window_shapes}, one entry per (C, H, W) */
  public static Builder builder(int... slidingWindowShape) {
    return new Builder(slidingWindowShape);
  }

  @Override
  public String id() {
    return "occlusion";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("sliding_window_shapes", Arrays.toString(windowShape));
    parameters.put("strides", Arrays.toString(strides));
    parameters.put("baselines", baseline.describe());
    parameters.put("perturbations_per_eval", perturbationsPerEval);
    return parameters;
  }

  /**
   * Windows on a grid of {@link Previews#OCCLUSION_PREVIEW_GRID} positions per side, when that is at
   * least four times cheaper than this occlusion.
   */
  @Override
  public Optional<AttributionMethod> preview(long[] rowShape) {
    long side = Math.max(rowShape[1], rowShape[2]);
    int window = (int) Math.max(1, (side + Previews.OCCLUSION_PREVIEW_GRID - 1) / Previews.OCCLUSION_PREVIEW_GRID);
    Occlusion coarse = coarse(window, rowShape);
    boolean cheaper = coarse.cost(1, rowShape).total() * 4 < cost(1, rowShape).total();
    return cheaper ? Optional.of(coarse) : Optional.empty();
  }

  /** The cost needs the input shape; see {@link #cost(int, long[])}. Assumes 3×224×224. */
  @Override
  public PassCount cost(int examples) {
    return cost(examples, new long[] {3, 224, 224});
  }

  /** 1 + (number of windows) forward passes per example. */
  @Override
  public PassCount cost(int examples, long[] rowShape) {
    // Counted, not enumerated: the explorer asks on every keystroke, and a stride of 1 on 224 × 224
    // makes tens of thousands of windows.
    long windows = 1;
    for (int count : windowCounts(rowShape)) {
      windows *= count;
    }
    return new PassCount((long) examples * (1 + windows), 0);
  }

  /**
   * The same occlusion with square spatial windows of side {@code window} and stride {@code window}
   * (non-overlapping), keeping the channel window and the baseline: a coarse preview.
   */
  Occlusion coarse(int window, long[] rowShape) {
    int side = (int) Math.min(window, Math.min(rowShape[1], rowShape[2]));
    Builder builder = new Builder(new int[] {windowShape[0], side, side}).optStrides(strides[0], side, side).optBaseline(baseline);
    builder.perturbationsPerEval = perturbationsPerEval;
    return builder.build();
  }

  /** The window start/end per dimension, in Captum's enumeration order. */
  List<int[][]> windows(long[] rowShape) {
    int[] counts = windowCounts(rowShape);
    int rank = rowShape.length;
    List<int[][]> windows = new ArrayList<>();
    int[] position = new int[rank];
    // Captum enumerates with itertools.product over (C, H, W), the last dimension fastest.
    while (true) {
      int[][] window = new int[rank][2];
      for (int d = 0; d < rank; d++) {
        int start = position[d] * strides[d];
        window[d][0] = start;
        window[d][1] = (int) Math.min(rowShape[d], start + windowShape[d]);
      }
      windows.add(window);
      int d = rank - 1;
      while (d >= 0 && ++position[d] == counts[d]) {
        position[d] = 0;
        d--;
      }
      if (d < 0) {
        return windows;
      }
    }
  }

  /** Windows per dimension (Captum rounds the shifts up), after checking the shapes agree. */
  private int[] windowCounts(long[] rowShape) {
    if (rowShape.length != windowShape.length) {
      throw new IllegalArgumentException(
          "sliding_window_shapes has " + windowShape.length + " entries but the input has " + rowShape.length
              + " dimensions per image " + Arrays.toString(rowShape));
    }
    int rank = rowShape.length;
    int[] counts = new int[rank];
    for (int d = 0; d < rank; d++) {
      if (windowShape[d] > rowShape[d]) {
        throw new IllegalArgumentException(
            "sliding_window_shapes " + Arrays.toString(windowShape) + " is larger than the input " + Arrays.toString(rowShape));
      }
      counts[d] = (int) Math.ceil((double) (rowShape[d] - windowShape[d]) / strides[d]) + 1;
      if (counts[d] > 1 && strides[d] > windowShape[d]) {
        // Captum would divide 0 by 0 for the elements no window covers and return NaN there.
        throw new IllegalArgumentException(
            "strides " + Arrays.toString(strides) + " exceed the window " + Arrays.toString(windowShape)
                + " in dimension " + d + ", leaving elements that no window covers; use a stride ≤ the window");
      }
    }
    return counts;
  }

  @Override
  public Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    Shape shape = inputs.getShape();
    int examples = Math.toIntExact(shape.get(0));
    IntegratedGradients.requireTargets(targets, examples);
    long[] rowShape = shape.slice(1).getShape();
    if (rowShape.length != 3) {
      throw new IllegalArgumentException("Occlusion needs inputs of shape (N, C, H, W), got " + shape);
    }
    List<int[][]> windows = coarseToFine(windows(rowShape));
    BatchSizer sizer = perturbationsPerEval != null
        ? BatchSizer.fixed(perturbationsPerEval)
        : BatchSizer.measuring(model, "forward " + shape.slice(1), examples,
            context.budget().maxRows(Batching.rowElements(shape), false) / examples);
    NDManager scope = inputs.getManager();
    PassCount cost = cost(examples, rowShape);
    Batching.Progress progress = new Batching.Progress(context.progress(), cost.total());
    int rowSize = Math.toIntExact(Batching.rowElements(shape));
    float[] total = new float[examples * rowSize];
    float[] coverage = new float[rowSize];
    long rowsForwarded = 0;
    try (NDManager job = scope.newSubManager()) {
      // A copy in libtorch's own memory: every view taken below keeps its storage alive, whoever owns
      // the caller's array (an array made from Java data lives in a buffer that only it keeps alive).
      NDArray x = Batching.into(job, inputs.duplicate());
      NDArray baselines = baseline.materialize(job, inputs);
      OcclusionPlan plan = OcclusionPlan.of(windows, x.toFloatArray(), baselines.toFloatArray(), examples, rowShape);
      OcclusionBatches batches = plan.rows() == 0 ? null : new OcclusionBatches(job, plan, x, baselines, rowShape);
      float[] initial = new float[examples];
      if (batches != null) {
        initial = Batching.targetOutputs(job, model, x, targets).toFloatArray();
        rowsForwarded += examples;
      }
      progress.advance(examples);
      float[] rowOutputs = new float[plan.rows()];
      int computed = 0;
      int credited = 0;
      while (credited < windows.size()) {
        context.cancellation().throwIfCancelled();
        if (plan.rowsNeededBy(credited) > computed) {
          int units = sizer.nextUnits();
          int count = Math.min(units * examples, plan.rows() - computed);
          long passStart = System.nanoTime();
          float[] outputs = batches.targetOutputs(model, targets, computed, count);
          if (count == units * examples) {
            sizer.record(units, System.nanoTime() - passStart);
          }
          System.arraycopy(outputs, 0, rowOutputs, computed, count);
          computed += count;
          rowsForwarded += count;
        }
        int before = credited;
        while (credited < windows.size() && plan.rowsNeededBy(credited) <= computed) {
          credit(windows.get(credited), plan, credited, rowShape, initial, rowOutputs, total, coverage);
          credited++;
        }
        progress.advance((long) (credited - before) * examples);
        if (credited < windows.size() && credited >= FIRST_ESTIMATE_WINDOWS && context.estimates().wantsEstimate()) {
          context.estimates().onEstimate(estimate(total, coverage, examples, rowShape), credited, windows.size());
        }
      }
    }
    for (int n = 0; n < examples; n++) {
      for (int e = 0; e < rowSize; e++) {
        total[n * rowSize + e] /= coverage[e];
      }
    }
    NDArray values = scope.create(total, shape);
    return new Attribution(values, Optional.empty(), new PassCount(rowsForwarded, 0));
  }

  /**
   * The windows ordered by how coarse a grid their position lies on: a window at grid position p (per
   * dimension, in strides) belongs to level {@code min_d tz(p_d)}, the trailing zero bits; higher levels
   * first, Captum's order within a level. Any prefix of whole levels is the same occlusion with the
   * stride multiplied by a power of two.
   */
  List<int[][]> coarseToFine(List<int[][]> windows) {
    List<int[][]> ordered = new ArrayList<>(windows);
    ordered.sort(Comparator.comparingInt((int[][] window) -> -level(window)));
    return ordered;
  }

  private int level(int[][] window) {
    int level = Integer.SIZE;
    for (int d = 0; d < window.length; d++) {
      int position = window[d][0] / strides[d];
      level = Math.min(level, position == 0 ? Integer.SIZE : Integer.numberOfTrailingZeros(position));
    }
    return level;
  }

  /**
   * Captum's mean Δ over the windows done where they cover an element; elsewhere the value of the
   * nearest covered element, filled along W, then H, then C.
   */
  static float[] estimate(float[] total, float[] coverage, int examples, long[] rowShape) {
    int channels = (int) rowShape[0];
    int height = (int) rowShape[1];
    int width = (int) rowShape[2];
    int rowSize = channels * height * width;
    float[] values = new float[total.length];
    boolean[] known = new boolean[total.length];
    for (int n = 0; n < examples; n++) {
      for (int e = 0; e < rowSize; e++) {
        if (coverage[e] > 0) {
          values[n * rowSize + e] = total[n * rowSize + e] / coverage[e];
          known[n * rowSize + e] = true;
        }
      }
    }
    int lines = examples * channels * height;
    for (int line = 0; line < lines; line++) {
      fillNearest(values, known, line * width, 1, width);
    }
    for (int n = 0; n < examples * channels; n++) {
      for (int w = 0; w < width; w++) {
        fillNearest(values, known, n * height * width + w, width, height);
      }
    }
    for (int n = 0; n < examples; n++) {
      for (int e = 0; e < height * width; e++) {
        fillNearest(values, known, n * rowSize + e, height * width, channels);
      }
    }
    return values;
  }

  /** Fills the unknown elements of one line (start, step, length) from the nearest known one. */
  private static void fillNearest(float[] values, boolean[] known, int start, int step, int length) {
    int previous = -1;
    for (int i = 0; i <= length; i++) {
      if (i < length && !known[start + i * step]) {
        continue;
      }
      // Elements previous+1 … i−1 are unknown; i is known or the end of the line.
      if (previous < 0 && i == length) {
        return; // nothing known on this line: a later pass fills it
      }
      for (int k = previous + 1; k < i; k++) {
        boolean fromPrevious = i == length || (previous >= 0 && k - previous <= i - k);
        int source = fromPrevious ? previous : i;
        values[start + k * step] = values[start + source * step];
        known[start + k * step] = true;
      }
      previous = i;
    }
  }

  /**
   * Adds window {@code j}'s Δ to every element it covers, per example, and counts the coverage. A
   * window that needs no pass has Δ = 0 exactly but counts all the same, as in Captum's mean.
   */
  private static void credit(
      int[][] window, OcclusionPlan plan, int j, long[] rowShape, float[] initial, float[] rowOutputs,
      float[] total, float[] coverage) {
    int examples = initial.length;
    int height = (int) rowShape[1];
    int width = (int) rowShape[2];
    int rowSize = (int) (rowShape[0] * height * width);
    for (int n = 0; n < examples; n++) {
      int row = plan.rowOf(j, n);
      if (row == OcclusionPlan.NO_PASS) {
        continue;
      }
      float delta = initial[n] - rowOutputs[row];
      int offset = n * rowSize;
      for (int c = window[0][0]; c < window[0][1]; c++) {
        for (int h = window[1][0]; h < window[1][1]; h++) {
          int base = offset + (c * height + h) * width;
          for (int w = window[2][0]; w < window[2][1]; w++) {
            total[base + w] += delta;
          }
        }
      }
    }
    for (int c = window[0][0]; c < window[0][1]; c++) {
      for (int h = window[1][0]; h < window[1][1]; h++) {
        int base = (c * height + h) * width;
        for (int w = window[2][0]; w < window[2][1]; w++) {
          coverage[base + w] += 1f;
        }
      }
    }
  }

  /** Builds {@link Occlusion}; defaults are Captum's except an unset batch size, sized to the budget. */
  public static final class Builder {
    private final int[] windowShape;
    private int[] strides;
    private Baseline baseline = Baseline.zero();
    private Integer perturbationsPerEval;

    private Builder(int[] windowShape) {
      if (windowShape.length == 0 || Arrays.stream(windowShape).anyMatch(v -> v < 1)) {
        throw new IllegalArgumentException(
            "sliding_window_shapes needs positive entries, one per (C, H, W), got " + Arrays.toString(windowShape));
      }
      this.windowShape = windowShape.clone();
      this.strides = new int[windowShape.length];
      Arrays.fill(strides, 1);
    }

    /** {@code strides}: one value for every dimension, or one per dimension; default 1. */
    public Builder optStrides(int... values) {
      if (values.length == 1) {
        int[] all = new int[windowShape.length];
        Arrays.fill(all, values[0]);
        values = all;
      }
      if (values.length != windowShape.length || Arrays.stream(values).anyMatch(v -> v < 1)) {
        throw new IllegalArgumentException(
            "strides needs one positive value or " + windowShape.length + " (one per sliding-window dimension), got "
                + Arrays.toString(values));
      }
      strides = values.clone();
      return this;
    }

    /** {@code baselines}, default 0. */
    public Builder optBaseline(Baseline value) {
      baseline = value;
      return this;
    }

    /** {@code perturbations_per_eval}: windows per forward pass; by default sized to the memory budget. */
    public Builder optPerturbationsPerEval(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("perturbations_per_eval must be at least 1, got " + value);
      }
      perturbationsPerEval = value;
      return this;
    }

    public Occlusion build() {
      return new Occlusion(this);
    }
  }
}
