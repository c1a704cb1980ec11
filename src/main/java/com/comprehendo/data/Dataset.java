package com.comprehendo.data;

import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The images of a dataset folder with their true labels, in a deterministic order (see {@link
 * ImageFiles}). Immutable. Memory per image is one path and one {@code int}.
 *
 * <p>A scanned dataset's labels index its own sorted label names; {@link #matchClasses} re-indexes
 * them to a model's class list, which is what the analysis needs.
 *
 * <pre>{@code
 * Dataset dataset = DatasetScanner.scan(Path.of("pets/images"), LabelSource.parse("auto"));
 * log.info("{} images, {}", dataset.size(), dataset.labelRule());
 * Dataset forModel = dataset.matchClasses(model.classNames()); // labels now index model classes
 * for (ImageRecord image : forModel) { ... image.path() ... image.label() ... }
 * }</pre>
 */
public final class Dataset implements Iterable<ImageRecord> {

  private final Path root;
  private final List<String> classNames;
  private final Path[] paths;
  private final int[] labels;
  private final LabelSource labelSource;
  private final String labelRule;
  private final List<String> notes;

  Dataset(
      Path root,
      List<String> classNames,
      Path[] paths,
      int[] labels,
      LabelSource labelSource,
      String labelRule,
      List<String> notes) {
    this.root = root;
    this.classNames = List.copyOf(classNames);
    this.paths = paths;
    this.labels = labels;
    this.labelSource = labelSource;
    this.labelRule = labelRule;
    this.notes = List.copyOf(notes);
    for (int label : labels) {
      if (label >= this.classNames.size()) {
        throw new IllegalArgumentException(
            "label index " + label + " but only " + classNames.size() + " classes");
      }
    }
  }

  /**
   * A dataset from explicit records, for callers that list images some other way.
   *
   * @param classNames the names that the records' label indices refer to
   */
  public static Dataset of(
      Path root,
      List<String> classNames,
      List<ImageRecord> records,
      LabelSource labelSource,
      String labelRule) {
    Path[] paths = new Path[records.size()];
    int[] labels = new int[records.size()];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = records.get(i).path();
      labels[i] = records.get(i).label();
    }
    return new Dataset(
        root.toAbsolutePath().normalize(),
        classNames,
        paths,
        labels,
        labelSource,
        labelRule,
        List.of());
  }

  /** The dataset folder (absolute, normalized). */
  public Path root() {
    return root;
  }

  /** The class names that {@link ImageRecord#label()} indexes. */
  public List<String> classNames() {
    return classNames;
  }

  public int size() {
    return paths.length;
  }

  public boolean isEmpty() {
    return paths.length == 0;
  }

  public ImageRecord get(int index) {
    return new ImageRecord(paths[index], labels[index]);
  }

  /** The records as an unmodifiable list view (records are made on access). */
  public List<ImageRecord> records() {
    return new AbstractList<>() {
      @Override
      public ImageRecord get(int index) {
        return Dataset.this.get(index);
      }

      @Override
      public int size() {
        return paths.length;
      }
    };
  }

  @Override
  public Iterator<ImageRecord> iterator() {
    return records().iterator();
  }

  public Stream<ImageRecord> stream() {
    return records().stream();
  }

  /** The rule the labels came from (never {@link LabelSource.Auto}). */
  public LabelSource labelSource() {
    return labelSource;
  }

  /** Which label rule was used and why, for showing to the user. */
  public String labelRule() {
    return labelRule;
  }

  /**
   * Things the user should know about the scan: unlabelled images, skipped folders, unused CSV
   * rows.
   */
  public List<String> notes() {
    return notes;
  }

  /** How many images have a label. */
  public int labelledCount() {
    int count = 0;
    for (int label : labels) {
      if (label != ImageRecord.UNLABELLED) {
        count++;
      }
    }
    return count;
  }

  /** Images per class, indexed like {@link #classNames()}. */
  public int[] countsPerClass() {
    int[] counts = new int[classNames.size()];
    for (int label : labels) {
      if (label != ImageRecord.UNLABELLED) {
        counts[label]++;
      }
    }
    return counts;
  }

  /**
   * The image's path relative to the dataset folder, with {@code /} separators (for CSV output).
   */
  public String relativePath(ImageRecord record) {
    return relativePath(record.path());
  }

  /** A file's path relative to the dataset folder, with {@code /} separators. */
  public String relativePath(Path file) {
    return relativeKey(root, file);
  }

  /**
   * The same images with labels re-indexed to {@code modelClasses} (see {@link ClassMatcher}).
   *
   * @throws LabelMismatchException if some dataset labels are not classes of the model; its message
   *     lists them, the model's classes and where the labels came from
   */
  public Dataset matchClasses(List<String> modelClasses) throws LabelMismatchException {
    Objects.requireNonNull(modelClasses, "modelClasses");
    int[] mapping;
    try {
      mapping = ClassMatcher.match(classNames, modelClasses);
    } catch (LabelMismatchException e) {
      throw new LabelMismatchException(
          e.getMessage() + "\nThe dataset's labels came from " + labelRule + ".",
          e.unknownLabels(),
          e.ambiguousLabels(),
          e.modelClasses());
    }
    int[] remapped = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      remapped[i] =
          labels[i] == ImageRecord.UNLABELLED ? ImageRecord.UNLABELLED : mapping[labels[i]];
    }
    return new Dataset(root, modelClasses, paths, remapped, labelSource, labelRule, notes);
  }

  static String relativeKey(Path root, Path file) {
    Path relative = root.relativize(file);
    StringBuilder key = new StringBuilder();
    for (Path part : relative) {
      if (key.length() > 0) {
        key.append('/');
      }
      key.append(part);
    }
    return key.toString();
  }

  @Override
  public String toString() {
    return "Dataset["
        + root
        + ", "
        + paths.length
        + " images, "
        + classNames.size()
        + " classes, "
        + labelSource.spec()
        + "]";
  }
}
