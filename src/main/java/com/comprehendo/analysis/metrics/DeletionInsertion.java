package com.comprehendo.analysis.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.analysis.Softmax;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.Baseline;
import com.comprehendo.job.BatchSizer;
import com.comprehendo.model.DifferentiableClassifier;
import java.util.Arrays;
import java.util.Objects;

/**
 * Deletion and insertion (Petsiuk, Das and Saenko, "RISE: Randomized Input Sampling for Explanation
 * of Black-box Models", BMVC 2018): move the pixels an attribution ranks highest first, {@code step}
 * at a time, and follow the target's probability.
 *
 * <p>Exactly as Comprehendo's reference specifies it: the saliency of a pixel is its attribution
 * summed over channels; pixels go by saliency descending, ties by row-major index; each iteration
 * moves the next {@code step} pixels, all channels; the curve has {@code ceil(H·W / step) + 1}
 * points, the softmax probability of the target (the raw output when the model outputs
 * probabilities) for the start image and after each iteration. Deletion starts at the input and sets
 * pixels to the baseline; insertion starts at the baseline and copies input pixels in. The area is the
 * trapezoid rule over x evenly spaced on [0, 1].
 *
 * <pre>{@code
 * FaithfulnessCurve curve = new DeletionInsertion(CurveKind.DELETION, 41, Baseline.zero())
 *     .run(model, ScoreKind.LOGITS, input, attribution, 1, target, context);
 * double auc = curve.auc(); // lower is better for deletion
 * }</pre>
 *
 * <p>The images along the curve are built on the host and sent through the model in batches that the
 * memory budget bounds ({@link BatchSizer} measures the fastest size below it), each in its own
 * sub-manager; progress counts images, and cancelling stops between batches.
 *
 * @param kind deletion or insertion
 * @param step pixels per iteration, at least 1
 * @param baseline what deleted pixels become (deletion) or where insertion starts, in the model's input space
 */
public record DeletionInsertion(CurveKind kind, int step, Baseline baseline) {

  /** Points on a curve with the default step: about a hundred, whatever the image size. */
  public static final int DEFAULT_POINTS = 100;

  public DeletionInsertion {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(baseline, "baseline");
    if (step < 1) {
      throw new IllegalArgumentException("step must be at least 1 pixel, got " + step);
    }
  }

  /** {@code ceil(pixels / DEFAULT_POINTS)}: the step that gives about {@value #DEFAULT_POINTS} iterations. */
  public static int defaultStep(long pixels) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (pixels + DEFAULT_POINTS - 1) / DEFAULT_POINTS));
  }

  /** Number of points on the curve of an image of {@code pixels} pixels: {@code ceil(pixels / step) + 1}. */
  public long points(long pixels) {
    return (pixels + step - 1) / step + 1;
  }

  /**
   * Computes the curve.
   *
   * @param model the classifier
   * @param scores whether the model outputs logits (softmax taken) or probabilities (used as they are)
   * @param input one image, shape (1, C, H, W), on the model's device; not modified
   * @param attribution the attribution of that image, (C, H, W) or (1, H, W) values in row-major order
   * @param attributionChannels C or 1
   * @param target the class whose probability is followed
   * @param context progress (images done / total), cancellation, memory budget
   * @throws com.comprehendo.job.CancelledException when cancelled
   */
  public FaithfulnessCurve run(
      DifferentiableClassifier model, ScoreKind scores, NDArray input, float[] attribution, int attributionChannels,
      int target, AttributionContext context) {
    Shape shape = input.getShape();
    if (shape.dimension() != 4 || shape.get(0) != 1) {
      throw new IllegalArgumentException("deletion and insertion take one image of shape (1, C, H, W), got " + shape);
    }
    if (target < 0 || target >= model.outputWidth()) {
      throw new IllegalArgumentException("target " + target + " is outside 0.." + (model.outputWidth() - 1));
    }
    int channels = Math.toIntExact(shape.get(1));
    int pixels = Math.toIntExact(shape.get(2) * shape.get(3));
    if (attributionChannels != channels && attributionChannels != 1) {
      throw new IllegalArgumentException("the attribution has " + attributionChannels + " channels but the input "
          + channels + "; give one channel or as many as the input");
    }
    int[] order = PixelOrder.descending(PixelOrder.saliency(attribution, attributionChannels, pixels));
    int rowSize = channels * pixels;
    float[] original = input.toFloatArray();
    float[] base;
    try (NDManager scratch = input.getManager().newSubManager()) {
      base = baseline.materialize(scratch, input).toFloatArray();
    }
    float[] start = kind == CurveKind.DELETION ? original : base;
    float[] source = kind == CurveKind.DELETION ? base : original;
    int points = Math.toIntExact(points(pixels));
    double[] probabilities = new double[points];
    float[] current = start.clone();
    int maxRows = context.budget().maxRows(rowSize, false);
    BatchSizer sizer = BatchSizer.measuring(model, "forward " + shape.slice(1), 1, maxRows);
    int moved = 0;
    for (int first = 0; first < points; ) {
      context.cancellation().throwIfCancelled();
      int rows = Math.min(sizer.nextUnits(), points - first);
      float[] batch = new float[rows * rowSize];
      for (int r = 0; r < rows; r++) {
        if (first + r > 0) {
          moved = movePixels(current, source, order, moved, step, channels, pixels);
        }
        System.arraycopy(current, 0, batch, r * rowSize, rowSize);
      }
      long passStart = System.nanoTime();
      float[] outputs;
      try (NDManager pass = input.getManager().newSubManager()) {
        NDArray images = pass.create(batch, new Shape(rows).addAll(shape.slice(1)));
        NDArray result = model.forward(images);
        result.attach(pass);
        outputs = result.toFloatArray();
      }
      sizer.record(rows, System.nanoTime() - passStart);
      int width = outputs.length / rows;
      for (int r = 0; r < rows; r++) {
        float[] row = Arrays.copyOfRange(outputs, r * width, (r + 1) * width);
        probabilities[first + r] = Softmax.probabilities(row, scores)[target];
      }
      first += rows;
      context.progress().onProgress(first, points);
    }
    return FaithfulnessCurve.of(kind, step, probabilities);
  }

  /** Copies the next {@code step} pixels of {@code order} (all channels) from source into current. */
  private static int movePixels(float[] current, float[] source, int[] order, int moved, int step, int channels, int pixels) {
    int end = (int) Math.min(order.length, (long) moved + step);
    for (int i = moved; i < end; i++) {
      int pixel = order[i];
      for (int c = 0; c < channels; c++) {
        current[c * pixels + pixel] = source[c * pixels + pixel];
      }
    }
    return end;
  }
}
