package com.comprehendo.ui.dataset;

import com.comprehendo.data.Dataset;
import com.comprehendo.data.DatasetException;
import com.comprehendo.data.DatasetScanner;
import com.comprehendo.data.LabelSource;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The opened folder and what its labels say: the folder is scanned on the file worker with the
 * {@code auto} label rule (a broken {@code labels.csv} does not hide the images: they are scanned
 * without labels and the reason is shown). UI thread only, apart from the scan itself.
 *
 * <pre>{@code
 * scan.open(Path.of("pets/images"));  // in the background; then the consumer gets the dataset
 * scan.labelRuleProperty().get();     // "auto: 37 subfolders contain images (…)"
 * }</pre>
 */
public final class DatasetScan {

  private final TaskExecutor ioExecutor;
  private final Notices notices;
  private final Consumer<Dataset> scannedListener;

  private final ObjectProperty<Path> folder = new SimpleObjectProperty<>(this, "folder");
  private final ObjectProperty<Dataset> scanned = new SimpleObjectProperty<>(this, "scanned");
  private final BooleanProperty scanning = new SimpleBooleanProperty(this, "scanning");
  private final StringProperty labelRule = new SimpleStringProperty(this, "labelRule", "");
  private final StringProperty labelNotes = new SimpleStringProperty(this, "labelNotes", "");
  private final StringProperty labelProblem = new SimpleStringProperty(this, "labelProblem", "");

  private TaskHandle scanJob = TaskHandle.NONE;
  private int scanGeneration;

  /**
   * @param ioExecutor the worker for file work
   * @param scannedListener gets each scanned dataset, on the UI thread
   */
  DatasetScan(TaskExecutor ioExecutor, Notices notices, Consumer<Dataset> scannedListener) {
    this.ioExecutor = ioExecutor;
    this.notices = notices;
    this.scannedListener = scannedListener;
  }

  /** Scans {@code root} in the background, replacing the folder shown (a scan under way is dropped). */
  void open(Path root) {
    scanJob.cancel();
    Path normalized = root.toAbsolutePath().normalize();
    folder.set(normalized);
    scanned.set(null);
    labelRule.set("");
    labelNotes.set("");
    labelProblem.set("");
    scanning.set(true);
    int generation = ++scanGeneration;
    scanJob = ioExecutor.execute(
        BackgroundTask.of("Reading the labels of " + normalized.getFileName(), context -> scan(normalized))
            .onSuccess(outcome -> {
              if (generation == scanGeneration) {
                show(outcome);
              }
            })
            .onFailure(error -> {
              if (generation == scanGeneration) {
                notices.error("Cannot read the dataset " + normalized.getFileName(), error);
              }
            })
            .onFinished(() -> {
              if (generation == scanGeneration) {
                scanning.set(false);
              }
            }));
  }

  /** Says why the labels are not used (they turned out not to be the model's classes). */
  void reportLabelProblem(String problem) {
    labelProblem.set(problem);
  }

  /** Drops a scan under way. */
  void cancel() {
    scanJob.cancel();
  }

  private record ScanOutcome(Dataset dataset, String problem) {}

  private static ScanOutcome scan(Path root) throws IOException {
    try {
      return new ScanOutcome(DatasetScanner.scan(root, LabelSource.parse("auto")), "");
    } catch (DatasetException e) {
      // A broken labels.csv must not hide the images: predict them without labels and say why.
      return new ScanOutcome(DatasetScanner.scan(root, new LabelSource.NoLabels()), e.getMessage());
    }
  }

  private void show(ScanOutcome outcome) {
    Dataset dataset = outcome.dataset();
    labelRule.set(dataset.labelRule());
    labelNotes.set(String.join("\n", dataset.notes()));
    if (!outcome.problem().isEmpty()) {
      labelProblem.set(outcome.problem());
      notices.warning("Predicting without labels", outcome.problem());
    }
    scanned.set(dataset);
    scannedListener.accept(dataset);
  }

  /** The opened folder (absolute), or null. */
  public ReadOnlyObjectProperty<Path> folderProperty() {
    return folder;
  }

  /** The folder as scanned, with its labels as the rule found them (not yet matched to a model). */
  public ReadOnlyObjectProperty<Dataset> scannedProperty() {
    return scanned;
  }

  public ReadOnlyBooleanProperty scanningProperty() {
    return scanning;
  }

  /** Which label rule was used and why, e.g. "auto: 2 subfolders contain images (cat, dog), …". */
  public ReadOnlyStringProperty labelRuleProperty() {
    return labelRule;
  }

  /** What the scan noticed (images without labels, unlisted files), one per line; often empty. */
  public ReadOnlyStringProperty labelNotesProperty() {
    return labelNotes;
  }

  /** Why the labels are not used (they do not match the model's classes, or cannot be read); or empty. */
  public ReadOnlyStringProperty labelProblemProperty() {
    return labelProblem;
  }

  /** The image's path below the opened folder, '/'-separated, for display. */
  public String relativePath(Path file) {
    Path root = folder.get();
    if (root == null || !file.startsWith(root)) {
      return file.toString();
    }
    return root.relativize(file).toString().replace('\\', '/');
  }
}
