package com.comprehendo.ui.dataset;

import com.comprehendo.analysis.AnalysisSnapshot;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.data.CsvWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The dataset browser's CSV: one row per predicted image, {@code path,label,predicted,probability,loss},
 * with {@code path} relative to the dataset folder ({@code /}-separated), {@code label} the true class
 * (empty when unlabelled, as is {@code loss}). Unreadable files have no prediction and no row. The
 * same file as {@code comprehendo predict --out} writes; atomic through {@link CsvWriter}; numbers are
 * the shortest text that reads back to the same float, independent of the locale.
 *
 * <pre>{@code
 * PredictionsCsvExport.write(Path.of("predictions.csv"), results.snapshot(), datasetRoot);
 * }</pre>
 */
public final class PredictionsCsvExport {

  /** The header row. */
  public static final List<String> HEADER = List.of("path", "label", "predicted", "probability", "loss");

  private PredictionsCsvExport() {}

  /**
   * Writes {@code results} to {@code file}.
   *
   * @param root the dataset folder, which paths are written relative to
   * @return how many rows were written
   */
  public static int write(Path file, AnalysisSnapshot results, Path root) throws IOException {
    List<String> classes = results.classNames();
    try (CsvWriter csv = CsvWriter.create(file)) {
      csv.writeRow(HEADER);
      for (ImagePrediction p : results.predictions()) {
        csv.writeRow(
            relative(root, p.path()),
            p.isLabelled() ? classes.get(p.actual()) : "",
            classes.get(p.predicted()),
            Float.toString(p.predictedProbability()),
            p.isLabelled() && !Double.isNaN(p.loss()) ? Float.toString((float) p.loss()) : "");
      }
      csv.commit();
    }
    return results.predictions().size();
  }

  private static String relative(Path root, Path file) {
    if (!file.startsWith(root)) {
      return file.toString();
    }
    Path path = root.relativize(file);
    StringBuilder text = new StringBuilder();
    for (Path part : path) {
      if (text.length() > 0) {
        text.append('/');
      }
      text.append(part);
    }
    return text.toString();
  }
}
