package com.comprehendo.analysis;

import com.comprehendo.data.CsvWriter;
import com.comprehendo.data.UnreadableImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Writes results as one CSV row per image, atomically (see {@link CsvWriter}). Columns: {@code
 * file, actual, predicted, probability, actual_probability, loss, correct, error}. Unlabelled
 * images leave {@code actual}, {@code actual_probability}, {@code loss} and {@code correct} empty;
 * unreadable files have only {@code file} and {@code error}. Numbers use the shortest text that
 * reads back to the same float/double, independent of the locale.
 *
 * <pre>{@code
 * PredictionsCsv.write(Path.of("out/predictions.csv"), snapshot, dataset::relativePath);
 * }</pre>
 */
public final class PredictionsCsv {

  /** The header row. */
  public static final List<String> HEADER =
      List.of(
          "file",
          "actual",
          "predicted",
          "probability",
          "actual_probability",
          "loss",
          "correct",
          "error");

  private PredictionsCsv() {}

  /**
   * @param fileName how a path is written in the {@code file} column (for example relative to the
   *     dataset folder)
   */
  public static void write(Path file, AnalysisSnapshot results, Function<Path, String> fileName)
      throws IOException {
    List<String> classes = results.classNames();
    try (CsvWriter csv = CsvWriter.create(file)) {
      csv.writeRow(HEADER);
      for (ImagePrediction p : results.predictions()) {
        boolean labelled = p.isLabelled();
        csv.writeRow(
            fileName.apply(p.path()),
            labelled ? classes.get(p.actual()) : "",
            classes.get(p.predicted()),
            number(p.predictedProbability()),
            labelled ? number(p.actualProbability()) : "",
            labelled ? number(p.loss()) : "",
            labelled ? Boolean.toString(p.isCorrect()) : "",
            "");
      }
      for (UnreadableImage u : results.unreadable()) {
        csv.writeRow(fileName.apply(u.path()), "", "", "", "", "", "", u.reason());
      }
      csv.commit();
    }
  }

  private static String number(float value) {
    return Float.isNaN(value) ? "" : Float.toString(value);
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }
}
