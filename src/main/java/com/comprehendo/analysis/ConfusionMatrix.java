package com.comprehendo.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counts of labelled images by true class (rows) and predicted class (columns). Immutable.
 *
 * <pre>{@code
 * ConfusionMatrix matrix = snapshot.confusionMatrix();
 * int catsCalledDogs = matrix.count(cat, dog);
 * List<ConfusedPair> worst = matrix.mostConfused(2); // like fastai's most_confused(min_val=2)
 * }</pre>
 */
public final class ConfusionMatrix {

  private static final Comparator<ConfusedPair> MOST_FIRST =
      Comparator.comparingInt(ConfusedPair::count)
          .reversed()
          .thenComparing(ConfusedPair::actual)
          .thenComparing(ConfusedPair::predicted)
          .thenComparingInt(ConfusedPair::actualIndex)
          .thenComparingInt(ConfusedPair::predictedIndex);

  private final List<String> classNames;
  private final int[][] counts;

  /**
   * @param counts {@code counts[actual][predicted]}, square with one row per class; copied
   */
  public ConfusionMatrix(List<String> classNames, int[][] counts) {
    this.classNames = List.copyOf(classNames);
    int n = this.classNames.size();
    if (counts.length != n) {
      throw new IllegalArgumentException(counts.length + " rows for " + n + " classes");
    }
    this.counts = new int[n][];
    for (int i = 0; i < n; i++) {
      if (counts[i].length != n) {
        throw new IllegalArgumentException(
            "row " + i + " has " + counts[i].length + " columns for " + n + " classes");
      }
      this.counts[i] = counts[i].clone();
    }
  }

  /** The matrix of the labelled predictions among {@code predictions}. */
  public static ConfusionMatrix of(List<String> classNames, Iterable<ImagePrediction> predictions) {
    int n = classNames.size();
    int[][] counts = new int[n][n];
    for (ImagePrediction prediction : predictions) {
      if (prediction.isLabelled()) {
        counts[prediction.actual()][prediction.predicted()]++;
      }
    }
    return new ConfusionMatrix(classNames, counts);
  }

  public List<String> classNames() {
    return classNames;
  }

  /** The number of classes. */
  public int size() {
    return classNames.size();
  }

  /** Images of class {@code actual} predicted as {@code predicted}. */
  public int count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** A copy of the counts, {@code [actual][predicted]}. */
  public int[][] counts() {
    int[][] copy = new int[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /** Images whose true class is {@code actual}. */
  public int rowTotal(int actual) {
    int total = 0;
    for (int count : counts[actual]) {
      total += count;
    }
    return total;
  }

  /** Images predicted as {@code predicted}. */
  public int columnTotal(int predicted) {
    int total = 0;
    for (int[] row : counts) {
      total += row[predicted];
    }
    return total;
  }

  /** All images counted. */
  public int total() {
    int total = 0;
    for (int i = 0; i < counts.length; i++) {
      total += rowTotal(i);
    }
    return total;
  }

  /** Images on the diagonal. */
  public int correct() {
    int correct = 0;
    for (int i = 0; i < counts.length; i++) {
      correct += counts[i][i];
    }
    return correct;
  }

  /**
   * The off-diagonal cells with at least {@code minCount} images, most frequent first; ties by
   * actual then predicted class name. Like fastai's {@code most_confused(min_val)}.
   */
  public List<ConfusedPair> mostConfused(int minCount) {
    List<ConfusedPair> pairs = new ArrayList<>();
    for (int a = 0; a < counts.length; a++) {
      for (int p = 0; p < counts.length; p++) {
        if (a != p && counts[a][p] >= minCount) {
          pairs.add(new ConfusedPair(classNames.get(a), classNames.get(p), a, p, counts[a][p]));
        }
      }
    }
    pairs.sort(MOST_FIRST);
    return pairs;
  }

  /** Precision, recall and F1 of every class, in class order. */
  public List<ClassMetrics> classMetrics() {
    List<ClassMetrics> metrics = new ArrayList<>(counts.length);
    for (int c = 0; c < counts.length; c++) {
      int support = rowTotal(c);
      int predicted = columnTotal(c);
      int truePositives = counts[c][c];
      double precision = predicted == 0 ? Double.NaN : (double) truePositives / predicted;
      double recall = support == 0 ? Double.NaN : (double) truePositives / support;
      double f1;
      if (Double.isNaN(precision) || Double.isNaN(recall)) {
        f1 = Double.NaN;
      } else if (precision + recall == 0) {
        f1 = 0;
      } else {
        f1 = 2 * precision * recall / (precision + recall);
      }
      metrics.add(
          new ClassMetrics(
              classNames.get(c), support, predicted, truePositives, precision, recall, f1));
    }
    return metrics;
  }
}
