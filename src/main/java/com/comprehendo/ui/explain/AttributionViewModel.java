package com.comprehendo.ui.explain;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.Prediction;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.attribution.ParameterSpec;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.ui.CurrentImage;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.service.MethodChoice;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.support.RemainingTime;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskContext;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
import javafx.collections.FXCollections;
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

  private final ObservableList<TargetOption> targetOptions = FXCollections.observableArrayList();
  private final ObjectProperty<TargetOption> target = new SimpleObjectProperty<>(this, "target");
  private final StringProperty targetSummary = new SimpleStringProperty(this, "targetSummary", "");
  private final ObservableList<Prediction.RankedClass> topClasses = FXCollections.observableArrayList();

  private final ObservableList<String> methodIds = FXCollections.observableArrayList(MethodRegistry.builtIn().ids());
  private final StringProperty methodId = new SimpleStringProperty(this, "methodId", "ig");
  private final ObservableList<ParameterField> parameters = FXCollections.observableArrayList();
  private final Map<String, Map<String, String>> editedValues = new HashMap<>();
  private final ObjectProperty<MethodChoice> choice = new SimpleObjectProperty<>(this, "choice");
  private final StringProperty validationMessage = new SimpleStringProperty(this, "validationMessage", "");
  private final StringProperty costText = new SimpleStringProperty(this, "costText", "");

  private final BooleanProperty autoRun = new SimpleBooleanProperty(this, "autoRun", true);
  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
  private final StringProperty progressText = new SimpleStringProperty(this, "progressText", "");
  private final StringProperty statusText = new SimpleStringProperty(this, "statusText", "");
  private final ObjectProperty<AttributionResult> result = new SimpleObjectProperty<>(this, "result");
  private final ObjectProperty<AttributionKey> resultKey = new SimpleObjectProperty<>(this, "resultKey");
  private final StringProperty convergenceText = new SimpleStringProperty(this, "convergenceText", "");
  private final BooleanProperty convergenceWarning = new SimpleBooleanProperty(this, "convergenceWarning");
  private final BooleanProperty previewing = new SimpleBooleanProperty(this, "previewing");
  private String previewNote = "";
  /** Rewrites the running job's progress line (with the preview's note once one is shown). */
  private Runnable refreshProgressText = () -> {};
  private final BooleanBinding canRun;

  private TaskHandle job = TaskHandle.NONE;
  private AttributionKey runningKey;
  private int generation;
  private boolean rebuildingParameters;

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
            && choice.get() != null && resolveTarget().isPresent(),
        session, image, choice, target, prediction);
    session.addListener((obs, old, value) -> onSessionChanged());
    image.addListener((obs, old, value) -> {
      showResult(null, null);
      statusText.set("");
      refresh(true);
    });
    prediction.addListener((obs, old, value) -> {
      topClasses.setAll(value == null ? List.of() : value.top(TOP_K));
      updateTargetSummary();
      refresh(true);
    });
    target.addListener((obs, old, value) -> {
      updateTargetSummary();
      refresh(true);
    });
    methodId.addListener((obs, old, value) -> {
      rememberValues(old);
      rebuildParameters();
      refresh(false);
    });
    rebuildParameters();
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
    return targetOptions;
  }

  public ObjectProperty<TargetOption> targetProperty() {
    return target;
  }

  /** E.g. "Explaining “dog” (class 1, 87.1%)". */
  public ReadOnlyStringProperty targetSummaryProperty() {
    return targetSummary;
  }

  /** The most probable classes of the current image. */
  public ObservableList<Prediction.RankedClass> topClasses() {
    return topClasses;
  }

  /** The class index the current target choice stands for, once the prediction is known. */
  public Optional<Integer> resolveTarget() {
    TargetOption option = target.get();
    if (option == null) {
      return Optional.empty();
    }
    if (!option.isPredicted()) {
      return Optional.of(option.index());
    }
    Prediction current = prediction.get();
    return current == null ? Optional.empty() : Optional.of(current.predictedIndex());
  }

  // ---- method and parameters ----

  public ObservableList<String> methodIds() {
    return methodIds;
  }

  public StringProperty methodIdProperty() {
    return methodId;
  }

  /** The editors for the current method's parameters; replaced when the method changes. */
  public ObservableList<ParameterField> parameters() {
    return parameters;
  }

  /** The field called {@code name}, if the current method has it. */
  public Optional<ParameterField> parameter(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The valid configured method, or null while the parameters are invalid. */
  public ReadOnlyObjectProperty<MethodChoice> choiceProperty() {
    return choice;
  }

  /** The engine's complaint about the parameters, or empty. */
  public ReadOnlyStringProperty validationMessageProperty() {
    return validationMessage;
  }

  /** E.g. "≈ 52 passes · about 3 s". */
  public ReadOnlyStringProperty costTextProperty() {
    return costText;
  }

  /** Restores the current method's parameters to their defaults. */
  public void resetParameters() {
    editedValues.remove(methodId.get());
    rebuildParameters();
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
    return result;
  }

  /**
   * Whether the shown attribution is a quick preview (fewer IG steps, coarser occlusion windows) while
   * the requested one is computed, or what is left of a cancelled run.
   */
  public ReadOnlyBooleanProperty previewingProperty() {
    return previewing;
  }

  /** What the shown attribution is of. */
  public ReadOnlyObjectProperty<AttributionKey> resultKeyProperty() {
    return resultKey;
  }

  /** E.g. "δ = 1.2e-4 (0.3% of F(x) − F(b))", or empty when the method has no delta. */
  public ReadOnlyStringProperty convergenceTextProperty() {
    return convergenceText;
  }

  /** Whether |δ| is large relative to F(x) − F(baseline), i.e. the integral needs more steps. */
  public ReadOnlyBooleanProperty convergenceWarningProperty() {
    return convergenceWarning;
  }

  /** The key the current settings describe, if they are complete. */
  public Optional<AttributionKey> currentKey() {
    CurrentImage current = image.get();
    MethodChoice method = choice.get();
    Optional<Integer> targetIndex = resolveTarget();
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
          AttributionMethod method = runKey.method().create(currentSession.facts());
          Optional<AttributionMethod> preview = currentSession.previewOf(method);
          long previewPasses = 0;
          if (preview.isPresent()) {
            // The preview's passes count towards the progress, so the bar never runs backwards.
            long planned = currentSession.cost(preview.get()).total();
            long full = currentSession.cost(method).total();
            AttributionResult first = currentSession.preview(preview.get(), input, runKey.target(),
                (done, total) -> reportPasses(context, done, planned + full), context::isCancelled);
            previewPasses = first.passes().total();
            String note = describePreview(preview.get());
            context.publish(() -> {
              if (myGeneration == generation) {
                showPreview(first, note);
                logFirstHeatmap(runKey, "preview", started);
              }
            });
          }
          long offset = previewPasses;
          boolean[] shownAny = {false};
          EstimateListener estimates = currentSession.shownEstimates(method, nanoClock,
              (estimate, note) -> context.publish(() -> {
                if (myGeneration == generation) {
                  showPreview(estimate, note);
                  if (!shownAny[0]) {
                    shownAny[0] = true;
                    logFirstHeatmap(runKey, "estimate", started);
                  }
                }
              }));
          return currentSession.compute(runKey, method, input,
              (done, total) -> reportPasses(context, offset + done, offset + total), context::isCancelled, estimates);
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
            if (!previewing.get()) {
              logFirstHeatmap(runKey, "result", started);
            }
            showResult(key.get(), value);
            statusText.set(describeRun(value));
            validate(); // the cost estimate now knows this model's speed
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
            statusText.set(previewing.get() ? "Cancelled · showing the preview" : "Cancelled");
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
      statusText.set(previewing.get() ? "Cancelled · showing the preview" : "Cancelled");
    }
  }

  private static void reportPasses(TaskContext context, long done, long total) {
    context.updateMessage(Formats.count(done) + " / " + Formats.count(total) + " passes");
    context.updateProgress(done, total);
  }

  /** E.g. "Preview: windows [3, 56, 56]". */
  private static String describePreview(AttributionMethod preview) {
    // Only Occlusion has a separate preview; IG and NoiseTunnel show their own estimates instead.
    Object window = preview.parameters().get("sliding_window_shapes");
    return window == null ? "Preview" : "Preview: windows " + window;
  }

  /** E.g. "52 passes in 1.3 s", or with IG to a precision "32 steps met the tolerance · 68 passes in 2 s". */
  private static String describeRun(AttributionResult value) {
    String run = Formats.count(value.passes().total()) + " passes in " + Formats.duration(value.seconds());
    return value.stepsUsed().isPresent() ? value.stepsUsed().getAsInt() + " steps used · " + run : run;
  }

  private void showPreview(AttributionResult value, String note) {
    previewing.set(true);
    previewNote = note;
    result.set(value);
    convergenceText.set("");
    convergenceWarning.set(false);
    // Say at once that this is an estimate, not at the next progress report (a pass later).
    refreshProgressText.run();
  }

  private String describeProgress(String message, double fraction, RemainingTime pace) {
    List<String> parts = new ArrayList<>();
    if (previewing.get() && !previewNote.isEmpty()) {
      parts.add(previewNote);
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
    ModelSession current = session.get();
    List<TargetOption> options = new ArrayList<>();
    options.add(TargetOption.predicted());
    if (current != null) {
      List<String> names = current.explainer().classNames();
      for (int i = 0; i < names.size(); i++) {
        options.add(new TargetOption(i, names.get(i)));
      }
    }
    targetOptions.setAll(options);
    target.set(options.get(0));
    editedValues.clear();
    rebuildParameters();
    showResult(null, null);
    statusText.set("");
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
    if (key.get().equals(resultKey.get())) {
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
      statusText.set(result.get() == null && image.get() != null ? "Press Run to compute" : "");
    }
  }

  private void showResult(AttributionKey key, AttributionResult value) {
    previewing.set(false);
    resultKey.set(value == null ? null : key);
    result.set(value);
    Optional<AttributionResult.Convergence> convergence = value == null ? Optional.empty() : value.convergence();
    if (convergence.isEmpty()) {
      convergenceText.set("");
      convergenceWarning.set(false);
      return;
    }
    AttributionResult.Convergence c = convergence.get();
    if (c.samples() > 1) {
      convergenceText.set("max |δ| = " + Formats.value(c.delta()) + " over " + c.samples() + " noisy samples");
    } else if (Double.isNaN(c.relative())) {
      convergenceText.set("δ = " + Formats.signed(c.delta()));
    } else {
      convergenceText.set("δ = " + Formats.signed(c.delta()) + " · "
          + String.format(Locale.ROOT, "%.1f%%", c.relative() * 100) + " of F(x) − F(baseline)");
    }
    convergenceWarning.set(c.warning());
  }

  private void updateTargetSummary() {
    Optional<Integer> index = resolveTarget();
    ModelSession current = session.get();
    if (index.isEmpty() || current == null) {
      targetSummary.set(target.get() != null && target.get().isPredicted() && image.get() != null
          ? "Waiting for the prediction…" : "");
      return;
    }
    String name = current.explainer().classNames().get(index.get());
    Prediction p = prediction.get();
    String probability = p == null ? "" : ", " + Formats.percent(p.probability(index.get()));
    targetSummary.set("Explaining “" + name + "” (class " + index.get() + probability + ")");
  }

  private void rememberValues(String method) {
    if (method == null || rebuildingParameters) {
      return;
    }
    Map<String, String> values = editedValues.computeIfAbsent(method, k -> new HashMap<>());
    for (ParameterField field : parameters) {
      values.put(field.name(), field.value());
    }
  }

  private void rebuildParameters() {
    rebuildingParameters = true;
    try {
      ModelSession current = session.get();
      String id = methodId.get();
      Map<String, String> remembered = editedValues.getOrDefault(id, Map.of());
      ModelFacts facts = current == null ? ModelFacts.UNKNOWN : current.facts();
      MethodDescriptor descriptor = MethodRegistry.builtIn().get(id);
      // The values that decide which parameters apply (NoiseTunnel's nt_inner): remembered, shown, or suggested.
      Map<String, String> deciding = new HashMap<>(descriptor.suggestedValues(facts));
      for (ParameterField shown : parameters) {
        deciding.put(shown.name(), shown.value());
      }
      deciding.putAll(remembered);
      List<ParameterField> fields = new ArrayList<>();
      for (ParameterSpec spec : descriptor.parametersFor(deciding)) {
        ParameterField field = new ParameterField(spec, facts, remembered.getOrDefault(spec.name(), spec.suggested(facts)));
        field.valueProperty().addListener((obs, old, value) -> onParameterEdited(field));
        fields.add(field);
      }
      parameters.setAll(fields);
    } finally {
      rebuildingParameters = false;
    }
    validate();
  }

  private void onParameterEdited(ParameterField field) {
    if (rebuildingParameters) {
      return;
    }
    if (field.name().equals("nt_inner")) {
      rememberValues(methodId.get());
      rebuildParameters();
    } else {
      validate();
    }
    refresh(false);
  }

  private void validate() {
    Map<String, String> values = new LinkedHashMap<>();
    for (ParameterField field : parameters) {
      if (!field.value().isEmpty()) {
        values.put(field.name(), field.value());
      }
    }
    MethodChoice candidate = MethodChoice.of(methodId.get(), values);
    try {
      ModelSession current = session.get();
      ModelFacts facts = current == null ? ModelFacts.UNKNOWN : current.facts();
      // No I/O: a baseline file is read when the run starts, on the worker.
      PassCount cost = candidate.descriptor().cost(candidate.parameters(), facts, MethodRegistry.builtIn());
      validationMessage.set("");
      if (!Objects.equals(choice.get(), candidate)) {
        choice.set(candidate);
      }
      costText.set(describeCost(cost, current));
    } catch (IllegalArgumentException e) {
      choice.set(null);
      validationMessage.set(e.getMessage());
      costText.set("");
    }
  }

  private static String describeCost(PassCount cost, ModelSession current) {
    long total = cost.total();
    StringBuilder text = new StringBuilder("≈ ").append(Formats.count(total)).append(total == 1 ? " pass" : " passes");
    if (current != null && current.secondsPerPass().isPresent()) {
      text.append(" · about ").append(Formats.duration(total * current.secondsPerPass().getAsDouble()));
    }
    return text.toString();
  }

  /** Re-estimates the cost, e.g. after a run measured the model's speed. */
  public void refreshCost() {
    validate();
  }
}
