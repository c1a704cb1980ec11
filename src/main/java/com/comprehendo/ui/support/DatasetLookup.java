package com.comprehendo.ui.support;

import com.comprehendo.analysis.ImagePrediction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the explorer knows about each image of the opened dataset: its true label (from the dataset's
 * label rule, matched to the model's classes) and, once predicted, what the model said. Immutable and
 * cheap to query, so list cells can ask it for every row they draw; a new instance replaces it as
 * predictions arrive.
 *
 * <pre>{@code
 * lookup.prediction(file).ifPresent(p -> label.setText(lookup.className(p.predicted())));
 * }</pre>
 *
 * @param root the dataset folder; images below it that have no label here are unlabelled
 * @param classNames the model's classes, which label and prediction indices refer to
 * @param labels true class index per image file (labelled images only)
 * @param predictions the predictions so far, per image file
 */
public record DatasetLookup(
    Path root,
    List<String> classNames, Map<Path, Integer> labels, Map<Path, ImagePrediction> predictions) {

  /** Nothing known yet. */
  public static final DatasetLookup EMPTY = new DatasetLookup(null, List.of(), Map.of(), Map.of());

  /**
   * The maps are kept, not copied (they can hold tens of thousands of entries and are rebuilt for each
   * update): callers hand over maps they no longer change.
   */
  public DatasetLookup {
    classNames = List.copyOf(classNames);
  }

  /** Whether {@code file} is one of the dataset's images (so its labels here are the whole truth). */
  public boolean covers(Path file) {
    return root != null && file.startsWith(root);
  }

  /** The true class of {@code file}, if the dataset labels it with one of the model's classes. */
  public OptionalInt trueClass(Path file) {
    Integer label = labels.get(file);
    return label == null ? OptionalInt.empty() : OptionalInt.of(label);
  }

  /** The model's prediction for {@code file}, once it has been predicted. */
  public Optional<ImagePrediction> prediction(Path file) {
    return Optional.ofNullable(predictions.get(file));
  }

  /** The name of class {@code index}. */
  public String className(int index) {
    return classNames.get(index);
  }
}
