package com.comprehendo.ui.dataset;

import com.comprehendo.analysis.ConfusionMatrix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The part of a confusion matrix the summary panel draws. A side panel holds about ten classes
 * legibly, so with more classes it shows those involved in the most mistakes (fastai's plot becomes
 * unreadable long before 37 classes; the mistakes are what one looks for).
 *
 * @param classes the model's class indices shown, ascending
 * @param names their names
 * @param counts {@code counts[row][column]} for the shown classes, actual × predicted
 * @param rowTotals the shown actual classes' image counts over all predicted classes (shading is by
 *     share of the row, so a rare class's mistakes show as clearly as a common one's)
 * @param classCount how many classes the model has
 */
public record ConfusionTable(
    List<Integer> classes, List<String> names, int[][] counts, int[] rowTotals, int classCount) {

  /** At most this many classes are drawn. */
  public static final int MAX_CLASSES = 10;

  /** Nothing labelled yet. */
  public static final ConfusionTable EMPTY = new ConfusionTable(List.of(), List.of(), new int[0][0], new int[0], 0);

  public ConfusionTable {
    classes = List.copyOf(classes);
    names = List.copyOf(names);
  }

  /** The table of {@code matrix}, limited to {@code maxClasses} classes. */
  public static ConfusionTable of(ConfusionMatrix matrix, int maxClasses) {
    int n = matrix.size();
    if (matrix.total() == 0) {
      return new ConfusionTable(List.of(), List.of(), new int[0][0], new int[0], n);
    }
    List<Integer> shown;
    if (n <= maxClasses) {
      shown = IntStream.range(0, n).boxed().toList();
    } else {
      int[] mistakes = new int[n];
      int[] support = new int[n];
      for (int a = 0; a < n; a++) {
        support[a] = matrix.rowTotal(a);
        for (int p = 0; p < n; p++) {
          if (a != p) {
            mistakes[a] += matrix.count(a, p);
            mistakes[p] += matrix.count(a, p);
          }
        }
      }
      List<Integer> ranked = new ArrayList<>(IntStream.range(0, n).boxed().toList());
      ranked.sort(Comparator.comparingInt((Integer c) -> -mistakes[c]).thenComparingInt(c -> -support[c])
          .thenComparingInt(c -> c));
      shown = ranked.subList(0, maxClasses).stream().sorted().toList();
    }
    int size = shown.size();
    int[][] counts = new int[size][size];
    int[] rowTotals = new int[size];
    List<String> names = new ArrayList<>(size);
    for (int r = 0; r < size; r++) {
      names.add(matrix.classNames().get(shown.get(r)));
      rowTotals[r] = matrix.rowTotal(shown.get(r));
      for (int c = 0; c < size; c++) {
        counts[r][c] = matrix.count(shown.get(r), shown.get(c));
      }
    }
    return new ConfusionTable(shown, names, counts, rowTotals, n);
  }

  /** How many classes are drawn. */
  public int size() {
    return classes.size();
  }

  public boolean isEmpty() {
    return classes.isEmpty();
  }

  /** Whether only some of the model's classes are drawn. */
  public boolean isPartial() {
    return classes.size() < classCount && !classes.isEmpty();
  }

  /** The share of its row that cell (row, column) holds, 0..1. */
  public double share(int row, int column) {
    return rowTotals[row] == 0 ? 0 : (double) counts[row][column] / rowTotals[row];
  }
}
