package com.comprehendo.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scanned dataset made ready for one model: its labels re-indexed to the model's classes (or, when
 * they are not the model's classes, dropped, with the reason kept, so the images can still be
 * predicted), each labelled image's true class by file, and each image's place in natural file-name
 * order (as the explorer's image list shows them). Immutable; the maps are built once and shared by
 * every update of the results, so they are never copied.
 *
 * <pre>{@code
 * MatchedDataset matched = MatchedDataset.match(scanned, model.classNames());
 * matched.mismatch().ifPresent(reason -> warn("predicting without labels: " + reason));
 * predict(matched.dataset());
 * }</pre>
 */
public final class MatchedDataset {

  private final Dataset dataset;
  private final Map<Path, Integer> labels;
  private final Map<Path, Integer> nameRank;
  private final String mismatch;

  private MatchedDataset(Dataset dataset, Map<Path, Integer> labels, Map<Path, Integer> nameRank, String mismatch) {
    this.dataset = dataset;
    this.labels = Collections.unmodifiableMap(labels);
    this.nameRank = Collections.unmodifiableMap(nameRank);
    this.mismatch = mismatch;
  }

  /**
   * Matches {@code scanned}'s labels to {@code modelClasses} ({@link Dataset#matchClasses}); when
   * they do not match, the same images unlabelled, with the reason in {@link #mismatch()}.
   */
  public static MatchedDataset match(Dataset scanned, List<String> modelClasses) {
    Dataset matched;
    String mismatch = null;
    try {
      matched = scanned.matchClasses(modelClasses);
    } catch (LabelMismatchException e) {
      mismatch = e.getMessage();
      List<ImageRecord> unlabelled =
          scanned.stream().map(r -> new ImageRecord(r.path(), ImageRecord.UNLABELLED)).toList();
      matched = Dataset.of(scanned.root(), modelClasses, unlabelled, scanned.labelSource(), scanned.labelRule());
    }
    Map<Path, Integer> labels = new HashMap<>();
    for (ImageRecord record : matched) {
      if (record.isLabelled()) {
        labels.put(record.path(), record.label());
      }
    }
    return new MatchedDataset(matched, labels, rankByName(matched), mismatch);
  }

  /** Each image's position when the relative paths are sorted naturally ({@link NaturalOrder}). */
  private static Map<Path, Integer> rankByName(Dataset dataset) {
    List<Path> byName = new ArrayList<>(dataset.size());
    dataset.forEach(record -> byName.add(record.path()));
    Map<Path, String> relative = new HashMap<>(byName.size() * 2);
    for (Path path : byName) {
      relative.put(path, dataset.relativePath(path));
    }
    byName.sort((a, b) -> NaturalOrder.compare(relative.get(a), relative.get(b)));
    Map<Path, Integer> rank = new HashMap<>(byName.size() * 2);
    for (int i = 0; i < byName.size(); i++) {
      rank.put(byName.get(i), i);
    }
    return rank;
  }

  /** The images, with labels indexing the model's classes (all unlabelled after a mismatch). */
  public Dataset dataset() {
    return dataset;
  }

  /** The true class of each labelled image; read-only. */
  public Map<Path, Integer> labels() {
    return labels;
  }

  /** Each image's position in natural file-name order, from 0; read-only. */
  public Map<Path, Integer> nameRank() {
    return nameRank;
  }

  /** Whether any image has a label of the model's classes. */
  public boolean labelled() {
    return !labels.isEmpty();
  }

  /** Why the scanned labels are not used (they are not the model's classes), if they are not. */
  public Optional<String> mismatch() {
    return Optional.ofNullable(mismatch);
  }
}
