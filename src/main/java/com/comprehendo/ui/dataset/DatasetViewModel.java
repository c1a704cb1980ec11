package com.comprehendo.ui.dataset;

import com.comprehendo.analysis.AnalysisSnapshot;
import com.comprehendo.analysis.Explainer;
import com.comprehendo.analysis.PredictionsCsv;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.LabelSource;
import com.comprehendo.ui.explain.TargetOption;
import com.comprehendo.ui.gallery.GalleryViewModel;
import com.comprehendo.ui.service.ExportProvenance;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.DatasetLookup;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskExecutor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
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
 * The dataset browser's state: it opens a folder as a dataset and, once a model is open, predicts all
 * of its images in the background, coordinating four parts:
 *
 * <ul>
 *   <li>{@link #scan()}: the opened folder and what its labels say ({@link DatasetScan});
 *   <li>{@link #run()}: the prediction run in chunks on the model worker, its progress, cancel and
 *       resume ({@link DatasetRun}); labels are matched to the model's classes and the images
 *       ranked by name below the UI ({@link com.comprehendo.data.MatchedDataset}), and predicted
 *       resumably ({@link com.comprehendo.analysis.ResumablePrediction});
 *   <li>{@link #summary()}: accuracy, counts, the confusion table ({@link DatasetSummary});
 *   <li>{@link #grid()}: the tiles with their filters, order and selection ({@link TileGrid}).
 * </ul>
 *
 * <p>Labels that do not match the model's classes are reported (a notice and {@link
 * DatasetScan#labelProblemProperty()}), and the images are predicted without labels. The predictions
 * so far can be exported as CSV.
 *
 * <pre>{@code
 * DatasetViewModel dataset = new DatasetViewModel(modelWorker, ioWorker, notices, explorer::explain, System::nanoTime);
 * dataset.sessionProperty().bind(session);
 * dataset.open(Path.of("pets/images"));   // reads the labels, then predicts every image in the background
 * dataset.grid().showMispredicted();      // the grid: mistakes only, top losses first
 * dataset.exportCsv(Path.of("predictions.csv"));
 * }</pre>
 */
public final class DatasetViewModel {

  /** Opens an image in the Explain tab. */
  @FunctionalInterface
  public interface ExplainOpener {
    /**
     * @param image the image file
     * @param target the class to explain, or {@link TargetOption#PREDICTED}
     */
    void explain(Path image, int target);
  }

  private final TaskExecutor ioExecutor;
  private final Notices notices;

  private final DatasetScan scan;
  private final DatasetRun run;
  private final DatasetSummary summary = new DatasetSummary();
  private final TileGrid grid;
  private final GalleryViewModel gallery;

  private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>(this, "session");
  private final ObjectProperty<DatasetResults> results = new SimpleObjectProperty<>(this, "results");
  private final ObjectProperty<DatasetLookup> lookup = new SimpleObjectProperty<>(this, "lookup", DatasetLookup.EMPTY);
  private final BooleanProperty labelled = new SimpleBooleanProperty(this, "labelled");
  private final StringProperty placeholderText = new SimpleStringProperty(this, "placeholderText", "");
  private final BooleanBinding canExport;

  /**
   * @param modelExecutor the single worker for model work, shared with attributions
   * @param ioExecutor the worker for file work (folder scans, exports)
   * @param opener shows an image in the Explain tab
   * @param nanoClock the time source for "time left" ({@code System::nanoTime}; tests pass their own)
   */
  public DatasetViewModel(
      TaskExecutor modelExecutor, TaskExecutor ioExecutor, Notices notices, ExplainOpener opener,
      LongSupplier nanoClock) {
    this.ioExecutor = ioExecutor;
    this.notices = notices;
    this.scan = new DatasetScan(ioExecutor, notices, dataset -> restart());
    this.run = new DatasetRun(modelExecutor, notices, nanoClock, this::apply, results::get, this::showMismatch);
    this.grid = new TileGrid(opener);
    this.gallery = new GalleryViewModel(modelExecutor, ioExecutor, notices, GalleryViewModel.userCache(), nanoClock);
    gallery.sessionProperty().bind(session);
    gallery.datasetProperty().bind(scan.scannedProperty());
    gallery.bindGrid(grid.tiles());
    grid.useLocalization(gallery::energyInBox);
    gallery.scoresVersionProperty().addListener(obs -> grid.localizationChanged());
    canExport = Bindings.createBooleanBinding(
        () -> results.get() != null && results.get().snapshot().predictedCount() > 0, results);
    placeholderText.bind(Bindings.createStringBinding(this::describePlaceholder,
        scan.folderProperty(), scan.scanningProperty(), scan.scannedProperty(), session, results,
        run.runningProperty(), grid.tiles()));
    session.addListener((obs, old, value) -> restart());
  }

  /** The opened folder and its labels. */
  public DatasetScan scan() {
    return scan;
  }

  /** The predictions being made: progress, cancel, resume. */
  public DatasetRun run() {
    return run;
  }

  /** Accuracy, counts, the confusion table, the unreadable files. */
  public DatasetSummary summary() {
    return summary;
  }

  /** The tiles: filters, order, selection. */
  public TileGrid grid() {
    return grid;
  }

  /** The heat-map gallery, class maps and localization of the grid's tiles. */
  public GalleryViewModel gallery() {
    return gallery;
  }

  /** The open model; bound by the main view-model. A new model predicts the dataset again. */
  public ObjectProperty<ModelSession> sessionProperty() {
    return session;
  }

  /**
   * Reads the labels of the images below {@code root} (in the background) and, once a model is open,
   * predicts them all.
   */
  public void open(Path root) {
    run.stop();
    clearResults();
    scan.open(root);
  }

  /** The predictions so far with their statistics, or null before the first batch. */
  public ReadOnlyObjectProperty<DatasetResults> resultsProperty() {
    return results;
  }

  /** Per-image labels and predictions, for the image list and the Explain tab. */
  public ReadOnlyObjectProperty<DatasetLookup> lookupProperty() {
    return lookup;
  }

  /** Whether the predictions have true labels (so accuracy, losses and the confusion matrix exist). */
  public ReadOnlyBooleanProperty labelledProperty() {
    return labelled;
  }

  /** What the empty grid says, e.g. "No images match these filters"; empty when there are tiles. */
  public ReadOnlyStringProperty placeholderTextProperty() {
    return placeholderText;
  }

  private void restart() {
    run.stop();
    clearResults();
    Dataset dataset = scan.scannedProperty().get();
    ModelSession model = session.get();
    if (dataset == null || model == null) {
      return;
    }
    grid.reset(model.explainer().classNames(), dataset.labelSource() instanceof LabelSource.NoLabels);
    if (!dataset.isEmpty()) {
      run.start(dataset, model);
    }
  }

  private void clearResults() {
    results.set(null);
    lookup.set(DatasetLookup.EMPTY);
    labelled.set(false);
    summary.clear();
    grid.clear();
  }

  private void apply(DatasetResults value) {
    results.set(value);
    lookup.set(value.lookup());
    labelled.set(value.labelled());
    summary.show(value);
    run.showProgress(value);
    grid.show(value);
  }

  private void showMismatch(String mismatch) {
    scan.reportLabelProblem(mismatch);
    grid.withoutLosses();
    notices.warning("The labels do not match the model's classes",
        mismatch.lines().findFirst().orElse(mismatch) + " The images are predicted without labels.");
  }

  private String describePlaceholder() {
    if (!grid.tiles().isEmpty()) {
      return "";
    }
    if (scan.folderProperty().get() == null) {
      return "Open a folder of images to see what the model predicts for each.";
    }
    if (scan.scanningProperty().get()) {
      return "Reading the folder…";
    }
    Dataset scanned = scan.scannedProperty().get();
    if (scanned != null && scanned.isEmpty()) {
      return "There are no images in this folder.";
    }
    if (session.get() == null) {
      return "Open a model to predict these images.";
    }
    DatasetResults value = results.get();
    if (value == null || value.snapshot().predictedCount() == 0) {
      return run.runningProperty().get()
          ? "Predicting… the first images appear in a moment." : "No image could be predicted.";
    }
    return "No images match these filters.";
  }

  // ---- export ----

  /** Whether there are predictions to export. */
  public BooleanBinding canExportProperty() {
    return canExport;
  }

  /** E.g. "pets_predictions.csv". */
  public String suggestedCsvName() {
    Path root = scan.folderProperty().get();
    String name = root == null || root.getFileName() == null ? "dataset" : root.getFileName().toString();
    return name + "_predictions.csv";
  }

  /**
   * Writes the predictions so far as CSV ({@code path,label,predicted,probability,loss}), in the
   * background; see {@link PredictionsCsv}.
   */
  public void exportCsv(Path file) {
    DatasetResults value = results.get();
    Path root = scan.folderProperty().get();
    if (value == null || root == null || value.snapshot().predictedCount() == 0) {
      notices.warning("Nothing to export", "The dataset has no predictions yet.");
      return;
    }
    AnalysisSnapshot snapshot = value.snapshot();
    boolean partial = !value.complete();
    Explainer explainer = session.get() == null ? null : session.get().explainer();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("folder", root.toAbsolutePath().toString());
    data.put("predicted", snapshot.predictedCount());
    data.put("complete", !partial);
    ioExecutor.execute(BackgroundTask.of("Exporting " + file.getFileName(),
            context -> {
              ExportProvenance.dataset("export the dataset's predictions as CSV", explainer, data)
                  .write(file, PredictionsCsv.content(snapshot, root));
              return snapshot.predictions().size();
            })
        .onSuccess(rows -> notices.info("Exported", file + " · " + Formats.count(rows) + " predictions"
            + (partial ? " (the run had not finished)" : "")))
        .onFailure(error -> notices.error("Cannot write " + file.getFileName(), error)));
  }

  /** Stops the predictions; call when the window closes. */
  public void shutdown() {
    scan.cancel();
    run.stop();
    gallery.shutdown();
  }
}
