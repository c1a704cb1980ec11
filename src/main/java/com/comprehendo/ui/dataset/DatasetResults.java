package com.comprehendo.ui.dataset;

import com.comprehendo.analysis.AnalysisSnapshot;
import com.comprehendo.analysis.ConfusedPair;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.ui.support.DatasetLookup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset's predictions so far with everything derived from them, computed on the model worker so
 * the UI thread only swaps them in: the lookup for list cells, the confusion table and the most confused
 * pairs.
 *
 * @param snapshot the predictions and statistics
 * @param total how many images the dataset has (predicted or not yet)
 * @param labelled whether the images carry labels matching the model's classes
 * @param lookup per-image labels and predictions
 * @param nameRank each image's position in natural file-name order
 * @param confusion the confusion matrix as drawn
 * @param mostConfused the off-diagonal cells, most frequent first
 */
public record DatasetResults(
    AnalysisSnapshot snapshot,
    int total,
    boolean labelled,
    DatasetLookup lookup,
    Map<Path, Integer> nameRank,
    ConfusionTable confusion,
    List<ConfusedPair> mostConfused) {

  /** The most confused pairs kept (and listed). */
  public static final int MOST_CONFUSED = 10;

  /**
   * Derives the results of {@code snapshot}; runs on the worker.
   *
   * @param root the dataset folder
   * @param labels true class per labelled image (shared, never changed)
   * @param nameRank natural-order position per image (shared, never changed)
   */
  static DatasetResults of(AnalysisSnapshot snapshot, Path root, int total, boolean labelled, Map<Path, Integer> labels,
      Map<Path, Integer> nameRank) {
    Map<Path, ImagePrediction> byPath = new HashMap<>(snapshot.predictions().size() * 2);
    for (ImagePrediction prediction : snapshot.predictions()) {
      byPath.put(prediction.path(), prediction);
    }
    List<ConfusedPair> confused = snapshot.mostConfused(1);
    return new DatasetResults(snapshot, total, labelled,
        new DatasetLookup(root, snapshot.classNames(), labels, byPath), nameRank,
        ConfusionTable.of(snapshot.confusionMatrix(), ConfusionTable.MAX_CLASSES),
        List.copyOf(confused.subList(0, Math.min(MOST_CONFUSED, confused.size()))));
  }

  /** Images done so far: predicted or found unreadable. */
  public int processed() {
    return snapshot.predictedCount() + snapshot.unreadable().size();
  }

  /** Whether every image of the dataset has been processed. */
  public boolean complete() {
    return processed() >= total;
  }
}
