package com.comprehendo.analysis;

import com.comprehendo.data.CsvWriter;
import com.comprehendo.platform.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The predictions CSV, written by {@code comprehendo predict --out} and the explorer's "Export
 * predictions": one row per predicted image, {@code path,label,predicted,probability,loss}.
 *
 * <ul>
 *   <li>{@code path} is relative to the dataset folder, {@code /}-separated (a file outside it is
 *       written as it is).
 *   <li>{@code label} is the true class; empty when the image is unlabelled, and so is {@code loss}.
 *   <li>{@code probability} is that of the predicted class, {@code loss} the cross-entropy {@code
 *       −log p(label)}; both as Java's {@link Float#toString(float)}: the shortest text that reads
 *       back to the same float, independent of the locale.
 *   <li>A model output that is NaN or infinite (see {@link Softmax}) shows: the probability or loss
 *       is written {@code NaN} or {@code Infinity} (NumPy and Python's {@code float} read both),
 *       never left empty, so an empty loss always means "no label" and a broken output is not
 *       mistaken for one.
 * </ul>
 *
 * <p>Unreadable files have no prediction and no row. Written atomically through {@link AtomicFiles}.
 *
 * <pre>{@code
 * int rows = PredictionsCsv.write(Path.of("predictions.csv"), snapshot, dataset.root());
 * }</pre>
 */
public final class PredictionsCsv {

  /** The header row. */
  public static final List<String> HEADER = List.of("path", "label", "predicted", "probability", "loss");

  private PredictionsCsv() {}

  /**
   * Writes {@code results} to {@code file}.
   *
   * @param root the dataset folder, which paths are written relative to
   * @return how many rows were written (one per prediction)
   */
  public static int write(Path file, AnalysisSnapshot results, Path root) throws IOException {
    AtomicFiles.write(file, content(results, root));
    return results.predictions().size();
  }

  /**
   * The file's content, to write with others through {@link AtomicFiles} (e.g. with its provenance
   * sidecar, {@link com.comprehendo.data.Provenance#write}).
   *
   * @param root the dataset folder, which paths are written relative to
   */
  public static AtomicFiles.Content content(AnalysisSnapshot results, Path root) {
    List<String> classes = results.classNames();
    List<List<String>> rows = new ArrayList<>();
    for (ImagePrediction p : results.predictions()) {
      boolean labelled = p.isLabelled();
      rows.add(List.of(
          relative(root, p.path()),
          labelled ? classes.get(p.actual()) : "",
          classes.get(p.predicted()),
          Float.toString(p.predictedProbability()),
          labelled ? Float.toString((float) p.loss()) : ""));
    }
    return CsvWriter.content(HEADER, rows);
  }

  private static String relative(Path root, Path file) {
    if (!file.startsWith(root)) {
      return file.toString();
    }
    StringBuilder text = new StringBuilder();
    for (Path part : root.relativize(file)) {
      if (text.length() > 0) {
        text.append('/');
      }
      text.append(part);
    }
    return text.toString();
  }
}
