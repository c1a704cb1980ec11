package com.comprehendo.analysis;

import com.comprehendo.data.ImageRecord;
import com.comprehendo.data.UnreadableImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Collects predictions batch by batch while inference runs, so the UI can show progress; {@link
 * #snapshot()} returns immutable results at any moment. Thread-safe: batches may be added from a
 * worker thread while another thread takes snapshots.
 *
 * <pre>{@code
 * PredictionAccumulator results = new PredictionAccumulator(model.classNames(), ScoreKind.LOGITS);
 * for (List<ImageRecord> batch : batches) {
 *   float[] logits = model.predict(batch);   // batch.size() × classes, row-major
 *   results.addBatch(batch, logits);
 *   ui.update(results.snapshot());
 * }
 * }</pre>
 */
public final class PredictionAccumulator {

  private final List<String> classNames;
  private final ScoreKind scoreKind;
  private final int topCount;
  private final List<ImagePrediction> predictions = new ArrayList<>();
  private final List<UnreadableImage> unreadable = new ArrayList<>();
  private int labelledCount;
  private int correctCount;
  private double lossSum;

  /** Keeps the {@value ImagePrediction#DEFAULT_TOP} most probable classes per image. */
  public PredictionAccumulator(List<String> classNames, ScoreKind scoreKind) {
    this(classNames, scoreKind, ImagePrediction.DEFAULT_TOP);
  }

  /**
   * @param classNames the model's classes; label indices refer to them
   * @param scoreKind whether model outputs are logits or probabilities
   * @param topCount how many of the most probable classes to keep per image
   */
  public PredictionAccumulator(List<String> classNames, ScoreKind scoreKind, int topCount) {
    this.classNames = List.copyOf(classNames);
    this.scoreKind = Objects.requireNonNull(scoreKind, "scoreKind");
    if (this.classNames.isEmpty()) {
      throw new IllegalArgumentException("the model has no classes");
    }
    if (topCount < 0) {
      throw new IllegalArgumentException("topCount must not be negative, got " + topCount);
    }
    this.topCount = topCount;
  }

  public List<String> classNames() {
    return classNames;
  }

  /**
   * Adds one image.
   *
   * @param actual the true class index, or −1 when unlabelled
   * @param scores one value per class
   * @return the computed prediction
   */
  public ImagePrediction add(Path path, int actual, float[] scores) {
    if (scores.length != classNames.size()) {
      throw new IllegalArgumentException(
          "the model gave "
              + scores.length
              + " scores for "
              + path
              + ", expected one per class ("
              + classNames.size()
              + ")");
    }
    ImagePrediction prediction =
        ImagePrediction.fromScores(path, actual, scores, scoreKind, topCount);
    add(prediction);
    return prediction;
  }

  /** Adds one dataset image (its label must index this accumulator's classes). */
  public ImagePrediction add(ImageRecord record, float[] scores) {
    return add(record.path(), record.label(), scores);
  }

  /** Adds a prediction computed elsewhere. */
  public synchronized void add(ImagePrediction prediction) {
    if (prediction.actual() >= classNames.size() || prediction.predicted() >= classNames.size()) {
      throw new IllegalArgumentException(
          "class index outside the " + classNames.size() + " classes: " + prediction);
    }
    predictions.add(prediction);
    if (prediction.isLabelled()) {
      labelledCount++;
      lossSum += prediction.loss();
      if (prediction.isCorrect()) {
        correctCount++;
      }
    }
  }

  /**
   * Adds a batch.
   *
   * @param records the batch's images
   * @param scores {@code records.size() × classes} values, row-major (a flattened {@code [N, C]}
   *     tensor)
   */
  public List<ImagePrediction> addBatch(List<ImageRecord> records, float[] scores) {
    int classes = classNames.size();
    if (scores.length != (long) records.size() * classes) {
      throw new IllegalArgumentException(
          "expected " + records.size() + " × " + classes + " scores, got " + scores.length);
    }
    // Softmax outside the lock: only the appends are serialized.
    List<ImagePrediction> batch = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      ImageRecord record = records.get(i);
      float[] row = Arrays.copyOfRange(scores, i * classes, (i + 1) * classes);
      batch.add(
          ImagePrediction.fromScores(record.path(), record.label(), row, scoreKind, topCount));
    }
    synchronized (this) {
      batch.forEach(this::add);
    }
    return batch;
  }

  /** Records a file that could not be decoded. */
  public synchronized void addUnreadable(UnreadableImage image) {
    unreadable.add(Objects.requireNonNull(image, "image"));
  }

  /** Images added so far. */
  public synchronized int size() {
    return predictions.size();
  }

  /** The results so far; later additions do not change it. */
  public synchronized AnalysisSnapshot snapshot() {
    return new AnalysisSnapshot(
        classNames, predictions, unreadable, labelledCount, correctCount, lossSum);
  }
}
