package com.comprehendo.ui.explain;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.Prediction;
import com.comprehendo.ui.parameters.ParameterField;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.service.AttributionRun;
import com.comprehendo.ui.service.MethodChoice;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.support.RemainingTime;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskContext;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right panel's "Explain" part: which class to explain, which method with which Captum-named
 * parameters (validated by the method registry as the user types, without I/O, with a live cost
 * estimate), and the run itself: progress, time left, cancel, and the result with its convergence
 * check.
 *
 * <p>Results are cached per (image, target, method, parameters) in the {@link ModelSession}, so going
 * back to an image or a setting is instant. Only one attribution runs at a time: a new run, or a new
 * image, cancels the one before. With {@link #autoRunProperty()} on, choosing an image or a target
 * computes at once; parameter edits wait for Run so typing never starts a job.
 *
 * <p>Three concerns, three classes: {@link TargetChoice} (the class explained), {@link MethodSettings}
 * (method, parameters, validation, cost) and the run, here, with {@link ShownAttribution} (what is
 * shown of it); the body of a background run is {@link AttributionRun}, shared with the comparison.
 * Longer than 400 lines for one reason: about 130 of them are the one-line accessors through which the
 * panel and the tests see the three parts, kept in one place on purpose.
 */
public final class AttributionViewModel {

  private static final Logger LOG = LoggerFactory.getLogger(AttributionViewModel.class);

  /** How many predicted classes the panel lists. */
  public static final int TOP_K = 5;

  private final TaskExecutor modelExecutor;
  private final Notices notices;
  private final LongSupplier nanoClock;

  private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>(this, "session");
  private final ObjectProperty<CurrentImage> image = new SimpleObjectProperty<>(this, "image");
  private final ObjectProperty<Prediction> prediction = new SimpleObjectProperty<>(this, "prediction");

  private final TargetChoice targets = new TargetChoice(session, image, prediction);
  private final MethodSettings settings = new MethodSettings(session, () -> refresh(false));

  private final BooleanProperty autoRun = new SimpleBooleanProperty(this, "autoRun", true);
  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
  private final StringProperty progressText = new SimpleStringProperty(this, "progressText", "");
  private final StringProperty statusText = new SimpleStringProperty(this, "statusText", "");
  private final ShownAttribution shown = new ShownAttribution();
  /** Rewrites the running job's progress line (with the preview's note once one is shown). */
  private Runnable refreshProgressText = () -> {};
  private final BooleanBinding canRun;

  private TaskHandle job = TaskHandle.NONE;
  private AttributionKey runningKey;
  private int generation;

  /**
   * @param modelExecutor the single worker for model work
   * @param nanoClock the time source for "time left" ({@code System::nanoTime}; tests pass their own)
   */
  public AttributionViewModel(TaskExecutor modelExecutor, Notices notices, LongSupplier nanoClock) {
    this.modelExecutor = modelExecutor;
    this.notices = notices;
    this.nanoClock = nanoClock;
    canRun = Bindings.createBooleanBinding(
        () -> session.get() != null && image.get() != null && image.get().prepared().tensor() != null
            && settings.choice.get() != null && targets.resolve().isPresent(),
        session, image, settings.choice, targets.target, prediction);
    session.addListener((obs, old, value) -> onSessionChanged());
    image.addListener((obs, old, value) -> {
      showResult(null, null);
      statusText.set("");
      refresh(true);
    });
    prediction.addListener((obs, old, value) -> {
      targets.showPrediction(value, TOP_K);
      targets.updateSummary();
      refresh(true);
    });
    targets.target.addListener((obs, old, value) -> {
      targets.updateSummary();
      refresh(true);
    });
    // After the settings' own listener has rebuilt the fields for the new method. Auto computes a newly
    // chosen method at once when it is expected within the preview threshold (a second); a slow one waits
    // for Run, as a parameter being typed does.
    settings.methodId.addListener((obs, old, value) -> refresh(quickToRun()));
  }

  // ---- inputs, bound by the main view-model ----

  public ObjectProperty<ModelSession> sessionProperty() {
    return session;
  }

  public ObjectProperty<CurrentImage> imageProperty() {
    return image;
  }

  public ObjectProperty<Prediction> predictionProperty() {
    return prediction;
  }

  // ---- target ----

  public ObservableList<TargetOption> targetOptions() {
    return targets.options;
  }

  public ObjectProperty<TargetOption> targetProperty() {
    return targets.target;
  }

  /** E.g. "Explaining “dog” (class 1, 87.1%)". */
  public ReadOnlyStringProperty targetSummaryProperty() {
    return targets.summary;
  }

  /** The most probable classes of the current image. */
  public ObservableList<Prediction.RankedClass> topClasses() {
    return targets.topClasses;
  }

  /** The class index the current target choice stands for, once the prediction is known. */
  public Optional<Integer> resolveTarget() {
    return targets.resolve();
  }

  // ---- method and parameters ----

  public ObservableList<String> methodIds() {
    return settings.methodIds;
  }

  public StringProperty methodIdProperty() {
    return settings.methodId;
  }

  /** The editors for the current method's parameters; replaced when the method changes. */
  public ObservableList<ParameterField> parameters() {
    return settings.parameters;
  }

  /** The field called {@code name}, if the current method has it. */
  public Optional<ParameterField> parameter(String name) {
    return settings.parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The valid configured method, or null while the parameters are invalid. */
  public ReadOnlyObjectProperty<MethodChoice> choiceProperty() {
    return settings.choice;
  }

  /**
   * The settings a method last had in this panel while valid (the method shown now: its current
   * settings), empty for a method not set up on this model: Compare runs each method so.
   */
  public Optional<MethodChoice> lastChoice(String methodId) {
    return settings.lastChoice(methodId);
  }

  /** The engine's complaint about the parameters, or empty. */
  public ReadOnlyStringProperty validationMessageProperty() {
    return settings.validationMessage;
  }

  /** E.g. "≈ 52 passes · about 3 s". */
  public ReadOnlyStringProperty costTextProperty() {
    return settings.costText;
  }

  /** Restores the current method's parameters to their defaults. */
  public void resetParameters() {
    settings.resetParameters();
    refresh(false);
  }

  // ---- running ----

  public BooleanProperty autoRunProperty() {
    return autoRun;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running;
  }

  public BooleanBinding canRunProperty() {
    return canRun;
  }

  /** 0..1 while running, -1 while the total is unknown. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress;
  }

  /** E.g. "23 / 52 passes · 4 s left". */
  public ReadOnlyStringProperty progressTextProperty() {
    return progressText;
  }

  /** The outcome of the last run, e.g. "52 passes in 1.3 s" or "Cancelled". */
  public ReadOnlyStringProperty statusTextProperty() {
    return statusText;
  }

  /** The attribution shown, or null. */
  public ReadOnlyObjectProperty<AttributionResult> resultProperty() {
    return shown.result;
  }

  /**
   * Whether the shown attribution is a quick preview (fewer IG steps, coarser occlusion windows) while
   * the requested one is computed, or what is left of a cancelled run.
   */
  public ReadOnlyBooleanProperty previewingProperty() {
    return shown.previewing;
  }

  /** What the shown attribution is of. */
  public ReadOnlyObjectProperty<AttributionKey> resultKeyProperty() {
    return shown.key;
  }

  /** E.g. "δ = 1.2e-4 (0.3% of F(x) − F(b))", or empty when the method has no delta. */
  public ReadOnlyStringProperty convergenceTextProperty() {
    return shown.convergenceText;
  }

  /** Whether |δ| is large relative to F(x) − F(baseline), i.e. the integral needs more steps. */
  public ReadOnlyBooleanProperty convergenceWarningProperty() {
    return shown.convergenceWarning;
  }

  /** The key the current settings describe, if they are complete. */
  public Optional<AttributionKey> currentKey() {
    CurrentImage current = image.get();
    MethodChoice method = settings.choice.get();
    Optional<Integer> targetIndex = targets.resolve();
    if (current == null || method == null || targetIndex.isEmpty() || session.get() == null) {
      return Optional.empty();
    }
    return Optional.of(new AttributionKey(current.entry().path(), targetIndex.get(), method));
  }

  /** Computes (or fetches from the cache) the attribution for the current settings. */
  public void run() {
    Optional<AttributionKey> key = currentKey();
    ModelSession currentSession = session.get();
    CurrentImage current = image.get();
    if (key.isEmpty() || currentSession == null || current.prepared().tensor() == null) {
      return;
    }
    if (running.get() && key.get().equals(runningKey)) {
      return;
    }
    cancel();
    Optional<AttributionResult> cached = currentSession.cached(key.get());
    if (cached.isPresent()) {
      showResult(key.get(), cached.get());
      statusText.set("From cache · " + describeRun(cached.get()));
      return;
    }
    int myGeneration = ++generation;
    runningKey = key.get();
    running.set(true);
    // Never indeterminate (-1): under a software renderer the animated bar took a quarter of a 2-core
    // machine from the attribution it reports on (an 8-step IG preview on ResNet-34: 4.2-4.6 s with it,
    // 1.5 s without; see docs/benchmarks.md).
    progress.set(0);
    progressText.set("Waiting for the model…");
    statusText.set("");
    long started = nanoClock.getAsLong();
    float[] input = current.prepared().tensor();
    AttributionKey runKey = key.get();
    BackgroundTask<AttributionResult> task = BackgroundTask.of(
        "Attribution " + runKey.method().methodId(),
        context -> {
          boolean[] shownAny = {false};
          return AttributionRun.of(currentSession, runKey, input)
              .optClock(nanoClock)
              .optPreview((first, note) -> context.publish(() -> {
                if (myGeneration == generation) {
                  showPreview(first, note);
                  logFirstHeatmap(runKey, "preview", started);
                }
              }))
              .optEstimates((estimate, note) -> context.publish(() -> {
                if (myGeneration == generation) {
                  showPreview(estimate, note);
                  if (!shownAny[0]) {
                    shownAny[0] = true;
                    logFirstHeatmap(runKey, "estimate", started);
                  }
                }
              }))
              .compute((done, total) -> reportPasses(context, done, total), context::isCancelled);
        });
    RemainingTime pace = new RemainingTime();
    javafx.beans.InvalidationListener showProgress = obs -> {
      if (myGeneration == generation) {
        progress.set(Math.max(0, task.progressProperty().get())); // a Task starts at -1
        progressText.set(describeProgress(task.messageProperty().get(), task.progressProperty().get(), pace));
      }
    };
    refreshProgressText = () -> showProgress.invalidated(null);
    // Progress and message arrive as separate coalesced updates; show whichever comes with the other.
    task.progressProperty().addListener(showProgress);
    task.messageProperty().addListener(showProgress);
    job = modelExecutor.execute(task
        .onSuccess(value -> {
          if (myGeneration == generation) {
            if (!shown.previewing.get()) {
              logFirstHeatmap(runKey, "result", started);
            }
            pace.estimateVersusActual(nanoClock.getAsLong()).ifPresent(
                line -> LOG.debug("time left of {}: {}", runKey.method().methodId(), line));
            showResult(key.get(), value);
            statusText.set(describeRun(value));
            settings.validate(); // the cost estimate now knows this model's speed
          }
        })
        .onFailure(error -> {
          if (myGeneration == generation) {
            statusText.set("Failed");
            notices.error("Attribution failed (" + key.get().method().descriptor().displayName() + ")", error);
          }
        })
        .onCancelled(() -> {
          if (myGeneration == generation) {
            statusText.set(shown.previewing.get() ? "Cancelled · showing the preview" : "Cancelled");
          }
        })
        .onFinished(() -> {
          if (myGeneration == generation) {
            running.set(false);
            runningKey = null;
            progressText.set("");
          }
        }));
  }

  /** The "first heatmap" figure, measured from the request to the heatmap handed to the view. */
  private void logFirstHeatmap(AttributionKey key, String what, long started) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("first heatmap ({}) of {} for {}: {} s after the request", what, key.method().methodId(),
          key.image().getFileName(), String.format(Locale.ROOT, "%.2f", (nanoClock.getAsLong() - started) / 1e9));
    }
  }

  /** Stops the running attribution, if any; the panel stays usable at once. */
  public void cancel() {
    if (running.get()) {
      generation++;
      job.cancel();
      running.set(false);
      runningKey = null;
      progressText.set("");
      statusText.set(shown.previewing.get() ? "Cancelled · showing the preview" : "Cancelled");
    }
  }

  private static void reportPasses(TaskContext context, long done, long total) {
    context.updateMessage(Formats.count(done) + " / " + Formats.count(total) + " passes");
    context.updateProgress(done, total);
  }

  /** E.g. "52 passes in 1.3 s", or with IG to a precision "32 steps met the tolerance · 68 passes in 2 s". */
  private static String describeRun(AttributionResult value) {
    String run = Formats.count(value.passes().total()) + " passes in " + Formats.duration(value.seconds());
    return value.stepsUsed().isPresent() ? value.stepsUsed().getAsInt() + " steps used · " + run : run;
  }

  private void showPreview(AttributionResult value, String note) {
    shown.preview(value, note);
    // Say at once that this is an estimate, not at the next progress report (a pass later).
    refreshProgressText.run();
  }

  private String describeProgress(String message, double fraction, RemainingTime pace) {
    List<String> parts = new ArrayList<>();
    if (!shown.previewNote().isEmpty()) {
      parts.add(shown.previewNote());
    }
    if (message != null && !message.isEmpty()) {
      parts.add(message);
    }
    pace.secondsLeft(fraction, nanoClock.getAsLong()).ifPresent(left -> parts.add(Formats.duration(left) + " left"));
    return String.join(" · ", parts);
  }

  // ---- internals ----

  private void onSessionChanged() {
    cancel();
    targets.resetFor(session.get());
    settings.resetForNewModel();
    showResult(null, null);
    statusText.set("");
  }

  /** Whether the chosen method is expected to take no more than a second on this model (known speed only). */
  private boolean quickToRun() {
    ModelSession current = session.get();
    MethodChoice choice = settings.choice.get();
    if (current == null || choice == null) {
      return false;
    }
    try {
      return !current.isSlow(choice.create(current.facts()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void refresh(boolean mayAutoRun) {
    Optional<AttributionKey> key = currentKey();
    if (key.isEmpty()) {
      if (!running.get()) {
        showResult(null, null);
      }
      return;
    }
    if (running.get() && key.get().equals(runningKey)) {
      return;
    }
    if (key.get().equals(shown.key.get())) {
      return;
    }
    Optional<AttributionResult> cached = session.get().cached(key.get());
    if (cached.isPresent()) {
      cancel();
      showResult(key.get(), cached.get());
      statusText.set("From cache · " + describeRun(cached.get()));
    } else if (mayAutoRun && autoRun.get()) {
      run();
    } else {
      cancel();
      showResult(null, null);
      statusText.set(shown.result.get() == null && image.get() != null ? "Press Run to compute" : "");
    }
  }

  private void showResult(AttributionKey key, AttributionResult value) {
    shown.result(key, value);
  }
}
