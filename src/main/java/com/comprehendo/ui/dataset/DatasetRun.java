package com.comprehendo.ui.dataset;

import com.comprehendo.analysis.AnalysisSnapshot;
import com.comprehendo.analysis.ResumablePrediction;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.MatchedDataset;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.CancelledException;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.support.RemainingTime;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskContext;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataset's prediction run, scheduled in chunks on the model worker (the one that also computes
 * attributions): a chunk steps aside after its current batch when interactive model work is queued
 * (the user picked an image to explain), and the next chunk runs when no interactive work is left, so
 * the explorer stays interactive during a long run. Results reach the UI thread a few times a second,
 * fully derived on the worker ({@link DatasetResults}). Cancelling keeps what was predicted; {@link
 * #resume()} continues from there ({@link ResumablePrediction}). UI thread only, apart from the
 * chunks themselves.
 *
 * <pre>{@code
 * run.start(scanned, session);   // predicts every image; results go to the consumer given at construction
 * run.cancel();                  // later: run.resume()
 * }</pre>
 */
public final class DatasetRun {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetRun.class);

  /** Partial results reach the UI at most this often; each redraws the grid, the matrix and the lists. */
  static final long PUBLISH_INTERVAL_NANOS = 300_000_000L;

  private final TaskExecutor modelExecutor;
  private final Notices notices;
  private final LongSupplier nanoClock;
  private final Consumer<DatasetResults> resultsListener;
  private final Supplier<DatasetResults> shownResults;
  private final Consumer<String> mismatchListener;

  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
  private final BooleanProperty resumable = new SimpleBooleanProperty(this, "resumable");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
  private final StringProperty progressText = new SimpleStringProperty(this, "progressText", "");
  private final StringProperty statusText = new SimpleStringProperty(this, "statusText", "");

  private TaskHandle chunkJob = TaskHandle.NONE;
  private int chunkCounter;
  /** The chunk whose callbacks still count; -1 when none (stopped or cancelled). */
  private int activeChunk = -1;
  private Run run;

  /**
   * @param modelExecutor the single worker for model work, shared with attributions
   * @param nanoClock the time source for "time left"
   * @param resultsListener shows new results, on the UI thread
   * @param shownResults the results shown now, or null
   * @param mismatchListener gets, once per run, why the dataset's labels are not the model's classes
   */
  DatasetRun(TaskExecutor modelExecutor, Notices notices, LongSupplier nanoClock,
      Consumer<DatasetResults> resultsListener, Supplier<DatasetResults> shownResults,
      Consumer<String> mismatchListener) {
    this.modelExecutor = modelExecutor;
    this.notices = notices;
    this.nanoClock = nanoClock;
    this.resultsListener = resultsListener;
    this.shownResults = shownResults;
    this.mismatchListener = mismatchListener;
  }

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

  /** Predicts {@code dataset} with {@code session}'s model (after {@link #stop()}). */
  void start(Dataset dataset, ModelSession session) {
    run = new Run(dataset, session, nanoClock.getAsLong());
    startChunks(run);
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
    if (stopped.prediction != null) {
      resultsListener.accept(stopped.results());
    }
    DatasetResults shown = shownResults.get();
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

  /** Stops the run for good (a new folder or model replaces it) and forgets its outcome. */
  void stop() {
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
    progress.set(0);
    statusText.set("");
  }

  /** Shows how far {@code value} is, and the time left while running. */
  void showProgress(DatasetResults value) {
    progress.set(value.total() == 0 ? 1 : (double) value.processed() / value.total());
    if (running.get() && run != null) {
      progressText.set(describeProgress(value, run));
    }
  }

  private void startChunks(Run target) {
    DatasetResults shown = shownResults.get();
    target.pace = new RemainingTime();
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
    resultsListener.accept(outcome.results());
    if (!outcome.results().complete() && (outcome.progressed() || outcome.steppedAside())) {
      // The chunk stepped aside for other model work, which is queued now: continue behind it.
      submitChunk(target);
      return;
    }
    activeChunk = -1;
    running.set(false);
    progressText.set("");
    if (!outcome.results().complete()) {
      // Stopped without a reason this class knows of; never loop on a chunk that does nothing.
      resumable.set(true);
      statusText.set("Stopped after " + Formats.count(outcome.results().processed()) + " of "
          + Formats.count(outcome.results().total()) + " images");
      return;
    }
    double seconds = (nanoClock.getAsLong() - target.startedNanos) / 1e9;
    AnalysisSnapshot snapshot = outcome.results().snapshot();
    int unreadableCount = snapshot.unreadable().size();
    LOG.debug("predicted {} images in {} s", snapshot.predictedCount(), String.format(Locale.ROOT, "%.2f", seconds));
    target.pace.estimateVersusActual(nanoClock.getAsLong()).ifPresent(line -> LOG.debug("time left: {}", line));
    statusText.set("Predicted " + Formats.count(snapshot.predictedCount()) + " images in "
        + Formats.duration(seconds)
        + (unreadableCount == 0 ? "" : " · " + Formats.count(unreadableCount) + " unreadable"));
  }

  /** Runs on the model worker: predicts from the first unpredicted image until done, cancelled or asked to yield. */
  private ChunkOutcome predictChunk(Run target, TaskContext context, int chunk) {
    if (target.prediction == null) {
      target.prepare();
      DatasetResults labelsOnly = target.results();
      context.publish(() -> {
        if (chunk == activeChunk) {
          resultsListener.accept(labelsOnly);
          showMismatch(target);
        }
      });
    }
    ResumablePrediction prediction = target.prediction;
    int start = prediction.next();
    boolean[] steppedAside = {false};
    long[] lastPublished = {nanoClock.getAsLong() - PUBLISH_INTERVAL_NANOS};
    // A chunk may step aside before its first batch (a click while its first images decode), but not
    // twice in a row without progress: whatever the executor says, the run always gets further.
    boolean mayYieldAtOnce = !target.lastChunkIdle;
    CancellationToken token = () -> {
      if (target.cancelled || context.isCancelled()) {
        return true;
      }
      if ((prediction.next() > start || mayYieldAtOnce) && modelExecutor.hasWaitingWork()) {
        steppedAside[0] = true;
        return true;
      }
      return false;
    };
    try {
      prediction.predictRest(target.session.explainer(), (done, total) -> {
        long now = nanoClock.getAsLong();
        if (done < total && now - lastPublished[0] >= PUBLISH_INTERVAL_NANOS) {
          lastPublished[0] = now;
          DatasetResults partial = target.results();
          context.publish(() -> {
            if (chunk == activeChunk) {
              resultsListener.accept(partial);
            }
          });
        }
      }, token);
    } catch (CancelledException e) {
      // Cancelled, or stepping aside for queued model work: what was predicted stays either way.
    }
    boolean progressed = prediction.next() > start;
    target.lastChunkIdle = !progressed;
    return new ChunkOutcome(target.results(), progressed, steppedAside[0] && !target.cancelled);
  }

  private void showMismatch(Run target) {
    String mismatch = target.prediction.matched().mismatch().orElse(null);
    if (mismatch != null && !target.mismatchShown) {
      target.mismatchShown = true;
      mismatchListener.accept(mismatch);
    }
  }

  private String describeProgress(DatasetResults value, Run current) {
    StringBuilder text = new StringBuilder()
        .append(Formats.count(value.processed())).append(" / ").append(Formats.count(value.total())).append(" images");
    double fraction = value.total() == 0 ? 1 : (double) value.processed() / value.total();
    current.pace.secondsLeft(fraction, nanoClock.getAsLong())
        .ifPresent(left -> text.append(" · ").append(Formats.duration(left)).append(" left"));
    return text.toString();
  }

  /**
   * One model's predictions over one dataset. Survives a cancel, so it can resume. {@link #prediction}
   * is set on the model worker and read on the UI thread, hence volatile.
   */
  private static final class Run {
    final Dataset raw;
    final ModelSession session;
    final long startedNanos;
    volatile ResumablePrediction prediction;
    volatile boolean cancelled;
    /** Whether the last chunk stepped aside before predicting anything; model worker only. */
    boolean lastChunkIdle;
    // UI thread only:
    boolean mismatchShown;
    RemainingTime pace = new RemainingTime();

    Run(Dataset raw, ModelSession session, long startedNanos) {
      this.raw = raw;
      this.session = session;
      this.startedNanos = startedNanos;
    }

    /** On the worker: matches the labels to the model's classes and indexes the images. */
    void prepare() {
      MatchedDataset matched = MatchedDataset.match(raw, session.explainer().classNames());
      prediction = new ResumablePrediction(matched, session.explainer().scoreKind());
    }

    /** The results so far, fully derived; any thread. */
    DatasetResults results() {
      MatchedDataset matched = prediction.matched();
      return DatasetResults.of(prediction.snapshot(), raw.root(), raw.size(), matched.labelled(), matched.labels(),
          matched.nameRank());
    }
  }
}
