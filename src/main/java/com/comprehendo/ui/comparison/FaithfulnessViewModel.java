package com.comprehendo.ui.comparison;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.metrics.FaithfulnessMeter;
import com.comprehendo.job.CancelledException;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.faithfulness.FaithfulnessMeasurement;
import com.comprehendo.ui.faithfulness.FaithfulnessScores;
import com.comprehendo.ui.faithfulness.MapFaithfulness;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.ErrorMessages;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;

/**
 * The comparison's "Faithfulness" switch: with it on, every panel whose map is done gets its deletion
 * AUC, insertion AUC and (with {@link #withSensitivityProperty()}) its max-sensitivity, measured in the
 * background after the maps (the jobs queue behind the comparison's on the model worker). The best
 * panel on each metric is marked when the panels explain the same class ({@link
 * ComparisonViewModel.Mode#METHODS}); across classes the numbers are each class's own and are not
 * ranked. Cancelling keeps what finished; measured scores are kept per map, so switching back and
 * forth measures nothing twice.
 */
public final class FaithfulnessViewModel {

  /** Maps whose scores are kept (a few comparisons' worth; each holds two curves of ~100 points). */
  static final int REMEMBERED_MAPS = 64;

  private final TaskExecutor modelExecutor;
  private final Notices notices;
  private final ComparisonViewModel comparison;

  private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled");
  private final BooleanProperty withSensitivity = new SimpleBooleanProperty(this, "withSensitivity");
  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
  private final StringProperty status = new SimpleStringProperty(this, "status", "");
  private final StringProperty note = new SimpleStringProperty(this, "note", "");

  private final Map<AttributionKey, FaithfulnessScores> remembered = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<AttributionKey, FaithfulnessScores> eldest) {
      return size() > REMEMBERED_MAPS;
    }
  };
  private final List<ComparisonPanel> watched = new ArrayList<>();
  /** Panels whose measurement failed: not retried until the panels are rebuilt. */
  private final Set<ComparisonPanel> failed = new HashSet<>();
  private final InvalidationListener panelChanged = obs -> measureFinished();
  private TaskHandle job = TaskHandle.NONE;
  private Run current;

  FaithfulnessViewModel(TaskExecutor modelExecutor, Notices notices, ComparisonViewModel comparison) {
    this.modelExecutor = modelExecutor;
    this.notices = notices;
    this.comparison = comparison;
    comparison.panels().addListener((ListChangeListener<ComparisonPanel>) change -> watchPanels());
    comparison.sessionProperty().addListener(obs -> remembered.clear());
    enabled.addListener((obs, old, on) -> {
      if (on) {
        measureFinished();
      } else {
        cancel();
      }
      updateNote();
    });
    withSensitivity.addListener(obs -> measureFinished());
    comparison.modeProperty().addListener(obs -> updateNote());
    updateNote();
  }

  /** Whether faithfulness is measured for the panels. */
  public BooleanProperty enabledProperty() {
    return enabled;
  }

  /** Whether the sensitivity is measured too (it re-runs each panel's method {@value FaithfulnessMeasurement#SENSITIVITY_SAMPLES} times). */
  public BooleanProperty withSensitivityProperty() {
    return withSensitivity;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running;
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress;
  }

  /** "Measuring faithfulness: 2 of 5 panels…", "Cancelled", a failure; empty when idle. */
  public ReadOnlyStringProperty statusProperty() {
    return status;
  }

  /** Which direction is better on each metric, and whether the panels are ranked; empty while off. */
  public ReadOnlyStringProperty noteProperty() {
    return note;
  }

  /** Stops measuring; the scores already measured stay. */
  public void cancel() {
    if (current != null) {
      current.cancelled = true;
      job.cancel();
      for (ComparisonPanel panel : current.panels) {
        MapFaithfulness map = panel.faithfulness();
        if (!map.scoresProperty().get().complete(current.withSensitivity)) {
          map.stateProperty().set("Cancelled");
        }
      }
      current = null;
      running.set(false);
      status.set("Faithfulness cancelled");
    }
  }

  private void watchPanels() {
    cancel();
    for (ComparisonPanel panel : watched) {
      panel.resultProperty().removeListener(panelChanged);
      panel.estimateProperty().removeListener(panelChanged);
    }
    watched.clear();
    failed.clear();
    watched.addAll(comparison.panels());
    for (ComparisonPanel panel : watched) {
      panel.resultProperty().addListener(panelChanged);
      panel.estimateProperty().addListener(panelChanged);
      FaithfulnessScores known = remembered.get(panel.key());
      if (known != null) {
        panel.faithfulness().scoresProperty().set(known);
      }
    }
    status.set("");
    markBest();
    measureFinished();
  }

  /**
   * Queues a measurement of every panel whose map is final and whose scores lack something asked for.
   * Panels that finish while a measurement runs are measured by the next one.
   */
  private void measureFinished() {
    if (!enabled.get() || current != null) {
      return;
    }
    ModelSession session = comparison.sessionProperty().get();
    CurrentImage image = comparison.imageProperty().get();
    if (session == null || image == null || image.prepared().tensor() == null) {
      return;
    }
    Optional<FaithfulnessMeter> meter = session.faithfulness();
    if (meter.isEmpty()) {
      status.set("This model cannot be measured here");
      return;
    }
    boolean sensitivity = withSensitivity.get();
    List<ComparisonPanel> due = new ArrayList<>();
    for (ComparisonPanel panel : watched) {
      AttributionResult result = panel.resultProperty().get();
      if (result != null && !panel.estimateProperty().get() && !failed.contains(panel)
          && !panel.faithfulness().scoresProperty().get().complete(sensitivity)) {
        due.add(panel);
      }
    }
    if (due.isEmpty()) {
      return;
    }
    Run run = new Run(due, sensitivity);
    current = run;
    running.set(true);
    progress.set(0);
    status.set("Measuring faithfulness: " + due.size() + (due.size() == 1 ? " panel…" : " panels…"));
    float[] tensor = image.prepared().tensor();
    List<AttributionResult> results = due.stream().map(p -> p.resultProperty().get()).toList();
    List<FaithfulnessScores> known = due.stream().map(p -> p.faithfulness().scoresProperty().get()).toList();
    BackgroundTask<Void> task = BackgroundTask.of("Faithfulness", context -> {
      for (int i = 0; i < due.size() && !run.cancelled && !context.isCancelled(); i++) {
        ComparisonPanel panel = due.get(i);
        int index = i;
        context.publish(() -> show(run, panel, null, "Measuring…"));
        try {
          FaithfulnessMeasurement measurement =
              new FaithfulnessMeasurement(meter.get(), session, tensor, panel.key(), results.get(i));
          measurement.measure(known.get(i), sensitivity,
              scores -> context.publish(() -> show(run, panel, scores, "Measuring…")),
              (done, total) -> context.updateProgress(index * total + done, (long) due.size() * total),
              () -> run.cancelled || context.isCancelled());
          context.publish(() -> show(run, panel, null, ""));
        } catch (IllegalArgumentException e) {
          // This panel's method cannot run again (e.g. its baseline file is gone): the others still go.
          String message = ErrorMessages.describe(e);
          context.publish(() -> {
            failed.add(panel);
            show(run, panel, null, message);
          });
        }
      }
      if (run.cancelled || context.isCancelled()) {
        throw new CancelledException();
      }
      return null;
    });
    task.progressProperty().addListener((obs, old, value) -> {
      if (current == run) {
        progress.set(Math.max(0, value.doubleValue()));
      }
    });
    job = modelExecutor.execute(task
        .onSuccess(ignored -> {
          if (current == run) {
            status.set("");
          }
        })
        .onFailure(error -> {
          if (current == run) {
            status.set("Faithfulness failed");
            notices.error("Measuring faithfulness failed", error);
          }
        })
        .onFinished(() -> {
          if (current == run) {
            current = null;
            running.set(false);
            measureFinished(); // panels that finished meanwhile, or a switch turned on meanwhile
          }
        }));
  }

  /**
   * On the UI thread: a panel's new scores (null: unchanged) and state. Scores that finished just as the
   * run was cancelled are kept too (they are right for their map); the state then stays "Cancelled".
   */
  private void show(Run run, ComparisonPanel panel, FaithfulnessScores scores, String state) {
    MapFaithfulness map = panel.faithfulness();
    if (scores != null) {
      map.scoresProperty().set(scores);
      remembered.put(panel.key(), scores);
      markBest();
    }
    if (!run.cancelled) {
      map.stateProperty().set(state);
    } else if (scores != null && scores.complete(run.withSensitivity)) {
      map.stateProperty().set("");
    }
  }

  private void markBest() {
    List<MapFaithfulness> maps = watched.stream().map(ComparisonPanel::faithfulness).toList();
    if (comparison.modeProperty().get() == ComparisonViewModel.Mode.METHODS) {
      MapFaithfulness.markBest(maps);
    } else {
      maps.forEach(MapFaithfulness::clearBest); // each class's own numbers: nothing ranked across classes
    }
  }

  private void updateNote() {
    if (!enabled.get()) {
      note.set("");
      return;
    }
    String ranking = comparison.modeProperty().get() == ComparisonViewModel.Mode.METHODS
        ? " ★ marks the best panel on each."
        : " The panels explain different classes, so their numbers are not ranked.";
    note.set(FaithfulnessMeasurement.DIRECTIONS + ranking);
  }

  /** One measurement job: its panels, what it measures, and whether it was cancelled. */
  private static final class Run {
    final List<ComparisonPanel> panels;
    final boolean withSensitivity;
    volatile boolean cancelled;

    Run(List<ComparisonPanel> panels, boolean withSensitivity) {
      this.panels = panels;
      this.withSensitivity = withSensitivity;
    }
  }
}
