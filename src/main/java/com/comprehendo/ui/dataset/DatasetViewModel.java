package com.comprehendo.ui.dataset;

import com.comprehendo.analysis.AnalysisSnapshot;
import com.comprehendo.analysis.ConfusedPair;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.PredictionAccumulator;
import com.comprehendo.analysis.PredictionsCsv;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.DatasetException;
import com.comprehendo.data.DatasetScanner;
import com.comprehendo.data.ImageRecord;
import com.comprehendo.data.LabelMismatchException;
import com.comprehendo.data.LabelSource;
import com.comprehendo.data.UnreadableImage;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.CancelledException;
import com.comprehendo.ui.explain.TargetOption;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.DatasetLookup;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.ImageFolder;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskContext;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataset browser's state: the opened folder as a dataset (labels found by the {@code auto} rule
 * and matched to the model's classes), predictions for all of its images made in the background, the
 * statistics over them, and the grid's filters, order and selection.
 *
 * <p>Predictions run on the model worker, the one that also computes attributions, in chunks queued as
 * background work: a chunk steps aside after its current batch when interactive model work is queued
 * (the user picked an image to explain), and the next chunk runs when no interactive work is left, so
 * the explorer stays interactive during a long run. Results reach the UI thread a few times a second while the run goes on, fully derived (the
 * confusion table, the lookup for list cells) so the UI thread only filters the new predictions and
 * merges them into the grid's order. Cancelling keeps what was predicted; {@link #resume()} continues
 * from there.
 *
 * <p>Labels that do not match the model's classes are reported (a notice and {@link
 * #labelProblemProperty()}), and the images are predicted without labels.
 *
 * <pre>{@code
 * DatasetViewModel dataset = new DatasetViewModel(modelWorker, ioWorker, notices, explorer::explain, System::nanoTime);
 * dataset.sessionProperty().bind(session);
 * dataset.open(Path.of("pets/images"));   // reads the labels, then predicts every image in the background
 * dataset.showMispredicted();             // the grid: mistakes only, top losses first
 * dataset.exportCsv(Path.of("predictions.csv"));
 * }</pre>
 */
public final class DatasetViewModel {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetViewModel.class);

  /** Opens an image in the Explain tab. */
  @FunctionalInterface
  public interface ExplainOpener {
    /**
     * @param image the image file
     * @param target the class to explain, or {@link TargetOption#PREDICTED}
     */
    void explain(Path image, int target);
  }

  /** Partial results reach the UI at most this often; each redraws the grid, the matrix and the lists. */
  static final long PUBLISH_INTERVAL_NANOS = 300_000_000L;

  private static final String NO_VALUE = "—";

  private final TaskExecutor modelExecutor;
  private final TaskExecutor ioExecutor;
  private final Notices notices;
  private final ExplainOpener opener;
  private final LongSupplier nanoClock;

  private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>(this, "session");

  private final ObjectProperty<Path> folder = new SimpleObjectProperty<>(this, "folder");
  private final ObjectProperty<Dataset> scanned = new SimpleObjectProperty<>(this, "scanned");
  private final BooleanProperty scanning = new SimpleBooleanProperty(this, "scanning");
  private final StringProperty labelRule = new SimpleStringProperty(this, "labelRule", "");
  private final StringProperty labelNotes = new SimpleStringProperty(this, "labelNotes", "");
  private final StringProperty labelProblem = new SimpleStringProperty(this, "labelProblem", "");

  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
  private final BooleanProperty resumable = new SimpleBooleanProperty(this, "resumable");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
  private final StringProperty progressText = new SimpleStringProperty(this, "progressText", "");
  private final StringProperty statusText = new SimpleStringProperty(this, "statusText", "");
  private final ObjectProperty<DatasetResults> results = new SimpleObjectProperty<>(this, "results");
  private final ObjectProperty<DatasetLookup> lookup = new SimpleObjectProperty<>(this, "lookup", DatasetLookup.EMPTY);
  private final BooleanProperty labelled = new SimpleBooleanProperty(this, "labelled");

  private final StringProperty accuracyText = new SimpleStringProperty(this, "accuracyText", NO_VALUE);
  private final StringProperty errorRateText = new SimpleStringProperty(this, "errorRateText", NO_VALUE);
  private final StringProperty meanLossText = new SimpleStringProperty(this, "meanLossText", NO_VALUE);
  private final StringProperty predictedText = new SimpleStringProperty(this, "predictedText", NO_VALUE);
  private final StringProperty labelledText = new SimpleStringProperty(this, "labelledText", NO_VALUE);
  private final StringProperty unreadableText = new SimpleStringProperty(this, "unreadableText", NO_VALUE);
  private final ObjectProperty<ConfusionTable> confusion =
      new SimpleObjectProperty<>(this, "confusion", ConfusionTable.EMPTY);
  private final ObservableList<ConfusedPair> mostConfused = FXCollections.observableArrayList();
  private final ObservableList<UnreadableImage> unreadable = FXCollections.observableArrayList();

  private final ObservableList<ImagePrediction> tiles = FXCollections.observableArrayList();
  private final ObjectProperty<TileScope> scope = new SimpleObjectProperty<>(this, "scope", TileScope.ALL);
  private final ObservableList<ClassChoice> classChoices = FXCollections.observableArrayList(ClassChoice.ANY);
  private final ObjectProperty<ClassChoice> actualFilter =
      new SimpleObjectProperty<>(this, "actualFilter", ClassChoice.ANY);
  private final ObjectProperty<ClassChoice> predictedFilter =
      new SimpleObjectProperty<>(this, "predictedFilter", ClassChoice.ANY);
  private final ObjectProperty<TileOrder> order = new SimpleObjectProperty<>(this, "order", TileOrder.LOSS);
  private final ObjectProperty<ImagePrediction> selected = new SimpleObjectProperty<>(this, "selected");
  private final StringProperty tileCountText = new SimpleStringProperty(this, "tileCountText", "");
  private final StringProperty placeholderText = new SimpleStringProperty(this, "placeholderText", "");
  private final BooleanBinding canExport;

  private TaskHandle scanJob = TaskHandle.NONE;
  private TaskHandle chunkJob = TaskHandle.NONE;
  private int scanGeneration;
  private int chunkCounter;
  /** The chunk whose callbacks still count; -1 when none (stopped or cancelled). */
  private int activeChunk = -1;
  private Run run;
  private boolean adjustingFilters;
  /** Changes whenever results are cleared, so the tiles are never extended across runs. */
  private int resultsGeneration;
  private ShownKey shownKey;
  /** How many of the results' predictions the shown tiles were computed from. */
  private int shownCount;

  /**
   * @param modelExecutor the single worker for model work, shared with attributions
   * @param ioExecutor the worker for file work (folder scans, exports)
   * @param opener shows an image in the Explain tab
   * @param nanoClock the time source for "time left" ({@code System::nanoTime}; tests pass their own)
   */
  public DatasetViewModel(
      TaskExecutor modelExecutor, TaskExecutor ioExecutor, Notices notices, ExplainOpener opener,
      LongSupplier nanoClock) {
    this.modelExecutor = modelExecutor;
    this.ioExecutor = ioExecutor;
    this.notices = notices;
    this.opener = opener;
    this.nanoClock = nanoClock;
    canExport = Bindings.createBooleanBinding(
        () -> results.get() != null && results.get().snapshot().predictedCount() > 0, results);
    placeholderText.bind(Bindings.createStringBinding(this::describePlaceholder,
        folder, scanning, scanned, session, results, running, tiles));
    session.addListener((obs, old, value) -> restart());
    javafx.beans.InvalidationListener refilter = obs -> {
      if (!adjustingFilters) {
        refilter();
      }
    };
    // Choosers clear their value when their items are replaced; a missing filter means "any".
    actualFilter.addListener((obs, old, value) -> {
      if (value == null) {
        actualFilter.set(ClassChoice.ANY);
      }
    });
    predictedFilter.addListener((obs, old, value) -> {
      if (value == null) {
        predictedFilter.set(ClassChoice.ANY);
      }
    });
    scope.addListener((obs, old, value) -> {
      if (value == null) {
        scope.set(TileScope.ALL);
      }
    });
    order.addListener((obs, old, value) -> {
      if (value == null) {
        order.set(old);
      }
    });
    scope.addListener(refilter);
    actualFilter.addListener(refilter);
    predictedFilter.addListener(refilter);
    order.addListener(refilter);
  }

  // ---- inputs ----

  /** The open model; bound by the main view-model. A new model predicts the dataset again. */
  public ObjectProperty<ModelSession> sessionProperty() {
    return session;
  }

  /**
   * Reads the labels of the images below {@code root} (in the background) and, once a model is open,
   * predicts them all.
   */
  public void open(Path root) {
    stopRun();
    clearResults();
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
                showScan(outcome);
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

  private record ScanOutcome(Dataset dataset, String problem) {}

  private static ScanOutcome scan(Path root) throws IOException {
    try {
      return new ScanOutcome(DatasetScanner.scan(root, LabelSource.parse("auto")), "");
    } catch (DatasetException e) {
      // A broken labels.csv must not hide the images: predict them without labels and say why.
      return new ScanOutcome(DatasetScanner.scan(root, new LabelSource.NoLabels()), e.getMessage());
    }
  }

  private void showScan(ScanOutcome outcome) {
    Dataset dataset = outcome.dataset();
    labelRule.set(dataset.labelRule());
    labelNotes.set(String.join("\n", dataset.notes()));
    if (!outcome.problem().isEmpty()) {
      labelProblem.set(outcome.problem());
      notices.warning("Predicting without labels", outcome.problem());
    }
    scanned.set(dataset);
    restart();
  }

  // ---- the dataset ----

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

  /** Whether the predictions have true labels (so accuracy, losses and the confusion matrix exist). */
  public ReadOnlyBooleanProperty labelledProperty() {
    return labelled;
  }

  /** The image's path below the opened folder, '/'-separated, for display. */
  public String relativePath(Path file) {
    Path root = folder.get();
    if (root == null || !file.startsWith(root)) {
      return file.toString();
    }
    return root.relativize(file).toString().replace('\\', '/');
  }

  // ---- the run ----

  public ReadOnlyBooleanProperty runningProperty() {
    return running;
  }

  /** Whether a stopped run can go on from where it stopped. */
  public ReadOnlyBooleanProperty resumableProperty() {
    return resumable;
  }

  /** 0..1: images done of the dataset. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress;
  }

  /** While running, e.g. "1,204 / 12,480 images · 40 s left". */
  public ReadOnlyStringProperty progressTextProperty() {
    return progressText;
  }

  /** The outcome of the last run, e.g. "Predicted 400 images in 12 s" or "Stopped after 120 of 400 images". */
  public ReadOnlyStringProperty statusTextProperty() {
    return statusText;
  }

  /** The predictions so far with their statistics, or null before the first batch. */
  public ReadOnlyObjectProperty<DatasetResults> resultsProperty() {
    return results;
  }

  /** Per-image labels and predictions, for the image list and the Explain tab. */
  public ReadOnlyObjectProperty<DatasetLookup> lookupProperty() {
    return lookup;
  }

  /** Stops the running predictions; what was predicted stays, and {@link #resume()} continues. */
  public void cancel() {
    if (!running.get() || run == null) {
      return;
    }
    Run stopped = run;
    stopped.cancelled = true;
    activeChunk = -1;
    chunkJob.cancel();
    running.set(false);
    progressText.set("");
    if (stopped.accumulator != null) {
      apply(stopped.results());
    }
    DatasetResults shown = results.get();
    int processed = shown == null ? 0 : shown.processed();
    resumable.set(shown == null || !shown.complete());
    statusText.set("Stopped after " + Formats.count(processed) + " of " + Formats.count(stopped.raw.size())
        + " images");
  }

  /** Goes on with a stopped run, from the first image not yet predicted. */
  public void resume() {
    if (running.get() || run == null || !resumable.get()) {
      return;
    }
    run.cancelled = false;
    resumable.set(false);
    statusText.set("");
    startChunks(run);
  }

  private void restart() {
    stopRun();
    clearResults();
    Dataset dataset = scanned.get();
    ModelSession model = session.get();
    if (dataset == null || model == null) {
      return;
    }
    run = new Run(dataset, model, nanoClock.getAsLong());
    List<ClassChoice> choices = new ArrayList<>();
    choices.add(ClassChoice.ANY);
    List<String> names = model.explainer().classNames();
    for (int i = 0; i < names.size(); i++) {
      choices.add(new ClassChoice(i, names.get(i)));
    }
    adjustingFilters = true;
    try {
      if (!classChoices.equals(choices)) {
        classChoices.setAll(choices);
      }
      scope.set(TileScope.ALL);
      actualFilter.set(ClassChoice.ANY);
      predictedFilter.set(ClassChoice.ANY);
      if (dataset.labelSource() instanceof LabelSource.NoLabels) {
        order.set(TileOrder.LEAST_CONFIDENT);
      } else if (order.get() == TileOrder.LEAST_CONFIDENT || order.get() == TileOrder.NAME) {
        order.set(TileOrder.LOSS);
      }
    } finally {
      adjustingFilters = false;
    }
    if (dataset.isEmpty()) {
      return;
    }
    startChunks(run);
  }

  private void startChunks(Run target) {
    DatasetResults shown = results.get();
    target.resumedNanos = nanoClock.getAsLong();
    target.resumedAt = shown == null ? 0 : shown.processed();
    running.set(true);
    progressText.set("Waiting for the model…");
    submitChunk(target);
  }

  private void submitChunk(Run target) {
    int chunk = ++chunkCounter;
    activeChunk = chunk;
    chunkJob = modelExecutor.executeInBackground(
        BackgroundTask.of("Predicting " + target.raw.root().getFileName(),
                context -> predictChunk(target, context, chunk))
            .onSuccess(outcome -> {
              if (chunk == activeChunk) {
                chunkDone(target, outcome);
              }
            })
            .onFailure(error -> {
              if (chunk == activeChunk) {
                activeChunk = -1;
                running.set(false);
                progressText.set("");
                resumable.set(true);
                statusText.set("Failed");
                notices.error("Predicting the dataset failed", error);
              }
            }));
  }

  /** What a chunk of predictions ended with, whether it got any further, and whether it made way. */
  private record ChunkOutcome(DatasetResults results, boolean progressed, boolean steppedAside) {}

  private void chunkDone(Run target, ChunkOutcome outcome) {
    apply(outcome.results());
    if (!outcome.results().complete() && (outcome.progressed() || outcome.steppedAside())) {
      // The chunk stepped aside for other model work, which is queued now: continue behind it.
      submitChunk(target);
      return;
    }
    if (!outcome.results().complete()) {
      // Stopped without a reason this view-model knows of; never loop on a chunk that does nothing.
      activeChunk = -1;
      running.set(false);
      progressText.set("");
      resumable.set(true);
      statusText.set("Stopped after " + Formats.count(outcome.results().processed()) + " of "
          + Formats.count(outcome.results().total()) + " images");
      return;
    }
    activeChunk = -1;
    running.set(false);
    progressText.set("");
    double seconds = (nanoClock.getAsLong() - target.startedNanos) / 1e9;
    AnalysisSnapshot snapshot = outcome.results().snapshot();
    int unreadableCount = snapshot.unreadable().size();
    LOG.debug("predicted {} images in {} s", snapshot.predictedCount(), String.format(Locale.ROOT, "%.2f", seconds));
    statusText.set("Predicted " + Formats.count(snapshot.predictedCount()) + " images in "
        + Formats.duration(seconds)
        + (unreadableCount == 0 ? "" : " · " + Formats.count(unreadableCount) + " unreadable"));
  }

  /** Runs on the model worker: predicts from the first unpredicted image until done, cancelled or asked to yield. */
  private ChunkOutcome predictChunk(Run target, TaskContext context, int chunk) {
    if (target.accumulator == null) {
      target.prepare();
      DatasetResults labelsOnly = target.results();
      context.publish(() -> {
        if (chunk == activeChunk) {
          apply(labelsOnly);
          showMismatch(target);
        }
      });
    }
    int start = target.next;
    Dataset all = target.dataset;
    Dataset rest = start == 0 ? all : Dataset.of(all.root(), all.classNames(),
        all.records().subList(start, all.size()), all.labelSource(), all.labelRule());
    int[] doneHere = {0};
    boolean[] steppedAside = {false};
    long[] lastPublished = {nanoClock.getAsLong() - PUBLISH_INTERVAL_NANOS};
    // A chunk may step aside before its first batch (a click while its first images decode), but not
    // twice in a row without progress: whatever the executor says, the run always gets further.
    boolean mayYieldAtOnce = !target.lastChunkIdle;
    CancellationToken token = () -> {
      if (target.cancelled || context.isCancelled()) {
        return true;
      }
      if ((doneHere[0] > 0 || mayYieldAtOnce) && modelExecutor.hasWaitingWork()) {
        steppedAside[0] = true;
        return true;
      }
      return false;
    };
    try {
      target.session.explainer().predictDataset(rest, target.accumulator, (done, total) -> {
        doneHere[0] = (int) done;
        target.next = start + (int) done;
        long now = nanoClock.getAsLong();
        if (done < total && now - lastPublished[0] >= PUBLISH_INTERVAL_NANOS) {
          lastPublished[0] = now;
          DatasetResults partial = target.results();
          context.publish(() -> {
            if (chunk == activeChunk) {
              apply(partial);
            }
          });
        }
      }, token);
    } catch (CancelledException e) {
      // Cancelled, or stepping aside for queued model work: what was predicted stays either way.
    }
    boolean progressed = target.next > start;
    target.lastChunkIdle = !progressed;
    return new ChunkOutcome(target.results(), progressed, steppedAside[0] && !target.cancelled);
  }

  private void showMismatch(Run target) {
    if (target.mismatch != null && !target.mismatchShown) {
      target.mismatchShown = true;
      labelProblem.set(target.mismatch);
      if (order.get() == TileOrder.LOSS) {
        order.set(TileOrder.LEAST_CONFIDENT); // without labels there are no losses
      }
      notices.warning("The labels do not match the model's classes",
          target.mismatch.lines().findFirst().orElse(target.mismatch) + " The images are predicted without labels.");
    }
  }

  /** Stops the run for good (a new folder or model replaces it). */
  private void stopRun() {
    if (run != null) {
      run.cancelled = true;
    }
    activeChunk = -1;
    chunkJob.cancel();
    chunkJob = TaskHandle.NONE;
    run = null;
    running.set(false);
    resumable.set(false);
    progressText.set("");
  }

  private void clearResults() {
    resultsGeneration++;
    results.set(null);
    lookup.set(DatasetLookup.EMPTY);
    labelled.set(false);
    accuracyText.set(NO_VALUE);
    errorRateText.set(NO_VALUE);
    meanLossText.set(NO_VALUE);
    predictedText.set(NO_VALUE);
    labelledText.set(NO_VALUE);
    unreadableText.set(NO_VALUE);
    confusion.set(ConfusionTable.EMPTY);
    mostConfused.clear();
    unreadable.clear();
    selected.set(null);
    tiles.clear();
    tileCountText.set("");
    progress.set(0);
    statusText.set("");
  }

  private void apply(DatasetResults value) {
    results.set(value);
    lookup.set(value.lookup());
    labelled.set(value.labelled());
    AnalysisSnapshot snapshot = value.snapshot();
    boolean any = snapshot.labelledCount() > 0;
    accuracyText.set(any ? Formats.percent(snapshot.accuracy()) : NO_VALUE);
    errorRateText.set(any ? Formats.percent(snapshot.errorRate()) : NO_VALUE);
    meanLossText.set(any ? Formats.value(snapshot.meanLoss()) : NO_VALUE);
    predictedText.set(Formats.count(snapshot.predictedCount()) + " of " + Formats.count(value.total()));
    labelledText.set(Formats.count(snapshot.labelledCount()));
    unreadableText.set(Formats.count(snapshot.unreadable().size()));
    confusion.set(value.confusion());
    mostConfused.setAll(value.mostConfused());
    if (unreadable.size() != snapshot.unreadable().size()) {
      unreadable.setAll(snapshot.unreadable());
    }
    progress.set(value.total() == 0 ? 1 : (double) value.processed() / value.total());
    if (running.get() && run != null) {
      progressText.set(describeProgress(value, run));
    }
    if (!value.labelled() && scope.get() != TileScope.ALL) {
      scope.set(TileScope.ALL);
    }
    refilter();
  }

  private String describeProgress(DatasetResults value, Run current) {
    StringBuilder text = new StringBuilder()
        .append(Formats.count(value.processed())).append(" / ").append(Formats.count(value.total())).append(" images");
    double elapsed = (nanoClock.getAsLong() - current.resumedNanos) / 1e9;
    int doneSince = value.processed() - current.resumedAt;
    if (doneSince > 0 && elapsed > 1 && !value.complete()) {
      double left = (value.total() - value.processed()) * elapsed / doneSince;
      text.append(" · ").append(Formats.duration(left)).append(" left");
    }
    return text.toString();
  }

  // ---- summary ----

  /** E.g. "92.3%"; "—" without labelled predictions. */
  public ReadOnlyStringProperty accuracyTextProperty() {
    return accuracyText;
  }

  public ReadOnlyStringProperty errorRateTextProperty() {
    return errorRateText;
  }

  /** The mean cross-entropy over labelled images (the validation loss). */
  public ReadOnlyStringProperty meanLossTextProperty() {
    return meanLossText;
  }

  /** E.g. "1,204 of 12,480". */
  public ReadOnlyStringProperty predictedTextProperty() {
    return predictedText;
  }

  public ReadOnlyStringProperty labelledTextProperty() {
    return labelledText;
  }

  public ReadOnlyStringProperty unreadableTextProperty() {
    return unreadableText;
  }

  public ReadOnlyObjectProperty<ConfusionTable> confusionProperty() {
    return confusion;
  }

  /** The most frequent mistakes, actual → predicted, most frequent first. */
  public ObservableList<ConfusedPair> mostConfused() {
    return mostConfused;
  }

  /** Files that could not be decoded, with the reason. */
  public ObservableList<UnreadableImage> unreadable() {
    return unreadable;
  }

  // ---- the grid ----

  /** The predictions the grid shows: filtered and ordered. */
  public ObservableList<ImagePrediction> tiles() {
    return tiles;
  }

  public ObjectProperty<TileScope> scopeProperty() {
    return scope;
  }

  /** "Any" and the model's classes, for the true and predicted class filters. */
  public ObservableList<ClassChoice> classChoices() {
    return classChoices;
  }

  /** Only images of this true class. */
  public ObjectProperty<ClassChoice> actualFilterProperty() {
    return actualFilter;
  }

  /** Only images predicted as this class. */
  public ObjectProperty<ClassChoice> predictedFilterProperty() {
    return predictedFilter;
  }

  public ObjectProperty<TileOrder> orderProperty() {
    return order;
  }

  /** The tile with the keyboard focus; Enter opens it. */
  public ObjectProperty<ImagePrediction> selectedProperty() {
    return selected;
  }

  /** E.g. "3 of 40 images". */
  public ReadOnlyStringProperty tileCountTextProperty() {
    return tileCountText;
  }

  /** What the empty grid says, e.g. "No images match these filters"; empty when there are tiles. */
  public ReadOnlyStringProperty placeholderTextProperty() {
    return placeholderText;
  }

  /** Shows only the mispredicted images (of any class). */
  public void showMispredicted() {
    setFilters(TileScope.MISPREDICTED, ClassChoice.ANY, ClassChoice.ANY);
  }

  /** Shows the images of one confusion-matrix cell: true class {@code actual}, predicted {@code predicted}. */
  public void filterCell(int actual, int predicted) {
    setFilters(TileScope.ALL, choice(actual), choice(predicted));
  }

  /** Shows the images of true class {@code actual} (a confusion-matrix row). */
  public void filterActual(int actual) {
    setFilters(TileScope.ALL, choice(actual), ClassChoice.ANY);
  }

  /** Shows the images predicted as {@code predicted} (a confusion-matrix column). */
  public void filterPredicted(int predicted) {
    setFilters(TileScope.ALL, ClassChoice.ANY, choice(predicted));
  }

  /** Shows every image. */
  public void clearFilters() {
    setFilters(TileScope.ALL, ClassChoice.ANY, ClassChoice.ANY);
  }

  private void setFilters(TileScope newScope, ClassChoice actual, ClassChoice predicted) {
    adjustingFilters = true;
    try {
      scope.set(newScope);
      actualFilter.set(actual);
      predictedFilter.set(predicted);
    } finally {
      adjustingFilters = false;
    }
    refilter();
  }

  private ClassChoice choice(int index) {
    return index >= 0 && index + 1 < classChoices.size() ? classChoices.get(index + 1) : ClassChoice.ANY;
  }

  /** Moves the selection by {@code step} tiles (±1 along a row, ± the row length between rows). */
  public void moveSelection(int step) {
    if (tiles.isEmpty()) {
      return;
    }
    int index = tiles.indexOf(selected.get());
    int next = index < 0 ? 0 : Math.max(0, Math.min(tiles.size() - 1, index + step));
    selected.set(tiles.get(next));
  }

  /** The selected tile's position in {@link #tiles()}, or -1. */
  public int selectedIndex() {
    return selected.get() == null ? -1 : tiles.indexOf(selected.get());
  }

  /** Opens the selected tile in the Explain tab. */
  public void openSelected() {
    if (selected.get() != null) {
      openInExplain(selected.get());
    }
  }

  /**
   * Shows {@code prediction}'s image in the Explain tab, explaining the predicted class: what made the
   * model decide, as fastai's top-loss heat maps do. The true class is one choice away.
   */
  public void openInExplain(ImagePrediction prediction) {
    selected.set(prediction);
    opener.explain(prediction.path(), TargetOption.PREDICTED);
  }

  /** Shows {@code prediction}'s image in the Explain tab, explaining its true class. */
  public void explainTrueClass(ImagePrediction prediction) {
    selected.set(prediction);
    opener.explain(prediction.path(), prediction.isLabelled() ? prediction.actual() : TargetOption.PREDICTED);
  }

  /** The name of class {@code index}. */
  public String className(int index) {
    return index >= 0 && index + 1 < classChoices.size() ? classChoices.get(index + 1).label() : "";
  }

  /**
   * Shows the predictions that pass the filters, in order. While a run adds predictions, only the new
   * ones are filtered, sorted and merged in (linear in the dataset, where a full sort of tens of
   * thousands several times a second would load the UI thread); a new filter or order sorts afresh.
   */
  private void refilter() {
    DatasetResults value = results.get();
    if (value == null) {
      tiles.clear();
      tileCountText.set("");
      shownKey = null;
      return;
    }
    // Read defensively: a chooser may pass through null while its items are replaced.
    TileScope shownScope = Objects.requireNonNullElse(scope.get(), TileScope.ALL);
    ClassChoice actual = Objects.requireNonNullElse(actualFilter.get(), ClassChoice.ANY);
    ClassChoice predicted = Objects.requireNonNullElse(predictedFilter.get(), ClassChoice.ANY);
    TileOrder shownOrder = Objects.requireNonNullElse(order.get(), TileOrder.LOSS);
    ShownKey key = new ShownKey(resultsGeneration, shownScope, actual, predicted, shownOrder);
    List<ImagePrediction> all = value.snapshot().predictions();
    boolean extend = key.equals(shownKey) && all.size() >= shownCount;
    List<ImagePrediction> fresh = new ArrayList<>(extend ? all.size() - shownCount : all.size());
    for (ImagePrediction prediction : extend ? all.subList(shownCount, all.size()) : all) {
      if (shownScope.includes(prediction) && (actual.isAny() || prediction.actual() == actual.index())
          && predicted.accepts(prediction.predicted())) {
        fresh.add(prediction);
      }
    }
    Comparator<ImagePrediction> comparator = shownOrder.comparator(value.nameRank());
    fresh.sort(comparator);
    if (!extend) {
      tiles.setAll(fresh);
    } else if (!fresh.isEmpty()) {
      tiles.setAll(merge(tiles, fresh, comparator));
    }
    shownKey = key;
    shownCount = all.size();
    if (selected.get() != null && !tiles.contains(selected.get())) {
      selected.set(null);
    }
    String images = Formats.count(all.size()) + (all.size() == 1 ? " image" : " images");
    tileCountText.set(tiles.size() == all.size() ? images : Formats.count(tiles.size()) + " of " + images);
  }

  /** Merges two sorted lists; on ties the earlier list's element first, as a stable sort of both would. */
  private static List<ImagePrediction> merge(
      List<ImagePrediction> earlier, List<ImagePrediction> later, Comparator<ImagePrediction> comparator) {
    List<ImagePrediction> merged = new ArrayList<>(earlier.size() + later.size());
    int i = 0;
    int j = 0;
    while (i < earlier.size() && j < later.size()) {
      merged.add(comparator.compare(later.get(j), earlier.get(i)) < 0 ? later.get(j++) : earlier.get(i++));
    }
    merged.addAll(earlier.subList(i, earlier.size()));
    merged.addAll(later.subList(j, later.size()));
    return merged;
  }

  /** What the shown tiles were computed for; the same key with more predictions can be extended. */
  private record ShownKey(
      int generation, TileScope scope, ClassChoice actual, ClassChoice predicted, TileOrder order) {}

  private String describePlaceholder() {
    if (!tiles.isEmpty()) {
      return "";
    }
    if (folder.get() == null) {
      return "Open a folder of images to see what the model predicts for each.";
    }
    if (scanning.get()) {
      return "Reading the folder…";
    }
    if (scanned.get() != null && scanned.get().isEmpty()) {
      return "There are no images in this folder.";
    }
    if (session.get() == null) {
      return "Open a model to predict these images.";
    }
    DatasetResults value = results.get();
    if (value == null || value.snapshot().predictedCount() == 0) {
      return running.get() ? "Predicting… the first images appear in a moment." : "No image could be predicted.";
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
    Path root = folder.get();
    String name = root == null || root.getFileName() == null ? "dataset" : root.getFileName().toString();
    return name + "_predictions.csv";
  }

  /**
   * Writes the predictions so far as CSV ({@code path,label,predicted,probability,loss}), in the
   * background; see {@link PredictionsCsv}.
   */
  public void exportCsv(Path file) {
    DatasetResults value = results.get();
    Path root = folder.get();
    if (value == null || root == null || value.snapshot().predictedCount() == 0) {
      notices.warning("Nothing to export", "The dataset has no predictions yet.");
      return;
    }
    AnalysisSnapshot snapshot = value.snapshot();
    boolean partial = !value.complete();
    ioExecutor.execute(BackgroundTask.of("Exporting " + file.getFileName(),
            context -> PredictionsCsv.write(file, snapshot, root))
        .onSuccess(rows -> notices.info("Exported", file + " · " + Formats.count(rows) + " predictions"
            + (partial ? " (the run had not finished)" : "")))
        .onFailure(error -> notices.error("Cannot write " + file.getFileName(), error)));
  }

  /** Stops the predictions; call when the window closes. */
  public void shutdown() {
    scanJob.cancel();
    stopRun();
  }

  /**
   * One model's predictions over one dataset. Survives a cancel, so it can resume. The fields set by
   * {@link #prepare()} are written on the model worker and read on the UI thread, hence volatile.
   */
  private static final class Run {
    final Dataset raw;
    final ModelSession session;
    final long startedNanos;
    volatile Dataset dataset;
    volatile Map<Path, Integer> labels;
    volatile Map<Path, Integer> nameRank;
    volatile boolean hasLabels;
    volatile String mismatch;
    volatile PredictionAccumulator accumulator;
    /** The first image not yet predicted; written by the worker after each batch. */
    volatile int next;
    volatile boolean cancelled;
    /** Whether the last chunk stepped aside before predicting anything; model worker only. */
    boolean lastChunkIdle;
    // UI thread only:
    boolean mismatchShown;
    long resumedNanos;
    int resumedAt;

    Run(Dataset raw, ModelSession session, long startedNanos) {
      this.raw = raw;
      this.session = session;
      this.startedNanos = startedNanos;
    }

    /** On the worker: matches the labels to the model's classes and indexes the images. */
    void prepare() {
      List<String> classes = session.explainer().classNames();
      Dataset matched;
      try {
        matched = raw.matchClasses(classes);
      } catch (LabelMismatchException e) {
        mismatch = e.getMessage();
        List<ImageRecord> unlabelled = raw.stream().map(r -> new ImageRecord(r.path(), ImageRecord.UNLABELLED)).toList();
        matched = Dataset.of(raw.root(), classes, unlabelled, raw.labelSource(), raw.labelRule());
      }
      Map<Path, Integer> labelMap = new HashMap<>();
      for (ImageRecord record : matched) {
        if (record.isLabelled()) {
          labelMap.put(record.path(), record.label());
        }
      }
      List<Path> byName = new ArrayList<>(matched.size());
      matched.forEach(record -> byName.add(record.path()));
      Map<Path, String> relative = new HashMap<>(byName.size() * 2);
      for (Path path : byName) {
        relative.put(path, matched.relativePath(path));
      }
      byName.sort((a, b) -> ImageFolder.compareNatural(relative.get(a), relative.get(b)));
      Map<Path, Integer> rank = new HashMap<>(byName.size() * 2);
      for (int i = 0; i < byName.size(); i++) {
        rank.put(byName.get(i), i);
      }
      dataset = matched;
      labels = labelMap;
      nameRank = rank;
      hasLabels = !labelMap.isEmpty();
      accumulator = new PredictionAccumulator(classes, session.explainer().scoreKind());
    }

    /** The results so far, fully derived; any thread. */
    DatasetResults results() {
      return DatasetResults.of(accumulator.snapshot(), raw.root(), raw.size(), hasLabels, labels, nameRank);
    }
  }
}
