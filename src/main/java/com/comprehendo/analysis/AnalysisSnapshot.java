package com.comprehendo.analysis;

import com.comprehendo.data.UnreadableImage;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An immutable view of the results so far (or final): every prediction, the unreadable files, and
 * the statistics derived from them. Derived tables are computed on first use.
 *
 * <pre>{@code
 * AnalysisSnapshot results = accumulator.snapshot();
 * double accuracy = results.accuracy();
 * List<ImagePrediction> worst = results.topLosses(9);
 * List<ConfusedPair> confused = results.mostConfused(1);
 * }</pre>
 */
public final class AnalysisSnapshot {

  /**
   * Highest loss first; NaN losses (broken outputs) first of all, like {@code torch.topk}; ties by
   * path.
   */
  private static final Comparator<ImagePrediction> HIGHEST_LOSS_FIRST =
      Comparator.comparingDouble(
              (ImagePrediction p) -> Double.isNaN(p.loss()) ? Double.POSITIVE_INFINITY : p.loss())
          .reversed()
          .thenComparing(p -> Double.isNaN(p.loss()) ? 0 : 1)
          .thenComparing(p -> p.path().toString());

  private final List<String> classNames;
  private final List<ImagePrediction> predictions;
  private final List<UnreadableImage> unreadable;
  private final int labelledCount;
  private final int correctCount;
  private final double lossSum;
  private volatile ConfusionMatrix confusionMatrix;

  AnalysisSnapshot(
      List<String> classNames,
      List<ImagePrediction> predictions,
      List<UnreadableImage> unreadable,
      int labelledCount,
      int correctCount,
      double lossSum) {
    this.classNames = List.copyOf(classNames);
    this.predictions = List.copyOf(predictions);
    this.unreadable = List.copyOf(unreadable);
    this.labelledCount = labelledCount;
    this.correctCount = correctCount;
    this.lossSum = lossSum;
  }

  public List<String> classNames() {
    return classNames;
  }

  /** Every prediction, in the order they were added. */
  public List<ImagePrediction> predictions() {
    return predictions;
  }

  /** Files that could not be decoded, in the order they were reported. */
  public List<UnreadableImage> unreadable() {
    return unreadable;
  }

  /** Images predicted (labelled or not). */
  public int predictedCount() {
    return predictions.size();
  }

  /** Images whose model outputs held NaN or ±Infinity ({@link ImagePrediction#finite()} false). */
  public int nonFiniteCount() {
    return (int) predictions.stream().filter(p -> !p.finite()).count();
  }

  /** Images with a true label. */
  public int labelledCount() {
    return labelledCount;
  }

  /** Labelled images predicted right. */
  public int correctCount() {
    return correctCount;
  }

  /** Correct / labelled; NaN when nothing is labelled. */
  public double accuracy() {
    return labelledCount == 0 ? Double.NaN : (double) correctCount / labelledCount;
  }

  /** 1 − accuracy; NaN when nothing is labelled. */
  public double errorRate() {
    return labelledCount == 0
        ? Double.NaN
        : (double) (labelledCount - correctCount) / labelledCount;
  }

  /**
   * The mean cross-entropy over labelled images (the validation loss); NaN when nothing is
   * labelled.
   */
  public double meanLoss() {
    return labelledCount == 0 ? Double.NaN : lossSum / labelledCount;
  }

  /** Actual × predicted counts over the labelled images. */
  public ConfusionMatrix confusionMatrix() {
    ConfusionMatrix matrix = confusionMatrix;
    if (matrix == null) {
      matrix = ConfusionMatrix.of(classNames, predictions);
      confusionMatrix = matrix; // a race only computes the same immutable value twice
    }
    return matrix;
  }

  /** See {@link ConfusionMatrix#mostConfused(int)}. */
  public List<ConfusedPair> mostConfused(int minCount) {
    return confusionMatrix().mostConfused(minCount);
  }

  /** See {@link ConfusionMatrix#classMetrics()}. */
  public List<ClassMetrics> classMetrics() {
    return confusionMatrix().classMetrics();
  }

  /**
   * The {@code k} labelled images with the highest loss, highest first; equal losses are ordered by
   * path so the list is the same on every run.
   */
  public List<ImagePrediction> topLosses(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, got " + k);
    }
    return predictions.stream()
        .filter(ImagePrediction::isLabelled)
        .sorted(HIGHEST_LOSS_FIRST)
        .limit(k)
        .collect(Collectors.toUnmodifiableList());
  }
}
