package com.comprehendo.ui.explain;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.metrics.FaithfulnessMeter;
import com.comprehendo.job.CancelledException;
import com.comprehendo.ui.faithfulness.FaithfulnessMeasurement;
import com.comprehendo.ui.faithfulness.FaithfulnessScores;
import com.comprehendo.ui.faithfulness.MapFaithfulness;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.ErrorMessages;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * Explain's faithfulness of the shown map, on request: its deletion and insertion curves (Petsiuk et
 * al., RISE, BMVC 2018) and, when asked, its max-sensitivity (Yeh et al., NeurIPS 2019), measured in the
 * background on the model worker with the same settings as the comparison ({@link
 * FaithfulnessMeasurement}). A new map (another image, target, method or run) clears the numbers and
 * stops a measurement of the old one; Cancel keeps what finished.
 */
public final class ExplainFaithfulness {

  private final TaskExecutor modelExecutor;
  private final Notices notices;
  private final AttributionViewModel attribution;

  private final MapFaithfulness map = new MapFaithfulness();
  private final BooleanProperty withSensitivity = new SimpleBooleanProperty(this, "withSensitivity");
  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
  private final BooleanBinding canMeasure;

  private TaskHandle job = TaskHandle.NONE;
  /** Bumped for each map shown: a measurement's late results for an older map are dropped. */
  private int mapVersion;
  /** The measurement running, or null. */
  private Run current;

  public ExplainFaithfulness(TaskExecutor modelExecutor, Notices notices, AttributionViewModel attribution) {
    this.modelExecutor = modelExecutor;
    this.notices = notices;
    this.attribution = attribution;
    canMeasure = Bindings.createBooleanBinding(
        () -> attribution.resultProperty().get() != null && !attribution.previewingProperty().get()
            && !attribution.runningProperty().get() && !running.get() && attribution.resultKeyProperty().get() != null,
        attribution.resultProperty(), attribution.previewingProperty(), attribution.runningProperty(), running,
        attribution.resultKeyProperty());
    attribution.resultProperty().addListener(obs -> {
      mapVersion++;
      stop();
      map.clear();
    });
  }

  /** The shown map's numbers, curves and state. */
  public MapFaithfulness map() {
    return map;
  }

  /** Whether {@link #measure()} measures the sensitivity too (it re-runs the method {@value FaithfulnessMeasurement#SENSITIVITY_SAMPLES} times). */
  public BooleanProperty withSensitivityProperty() {
    return withSensitivity;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running;
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress;
  }

  /** A final map is shown and nothing is measuring. */
  public BooleanBinding canMeasureProperty() {
    return canMeasure;
  }

  /** Measures what the shown map's scores lack, in the background. */
  public void measure() {
    if (!canMeasure.get()) {
      return;
    }
    ModelSession session = attribution.sessionProperty().get();
    CurrentImage image = attribution.imageProperty().get();
    AttributionKey key = attribution.resultKeyProperty().get();
    AttributionResult result = attribution.resultProperty().get();
    if (session == null || image == null || image.prepared().tensor() == null) {
      return;
    }
    Optional<FaithfulnessMeter> meter = session.faithfulness();
    if (meter.isEmpty()) {
      map.stateProperty().set("This model cannot be measured here");
      return;
    }
    boolean sensitivity = withSensitivity.get();
    FaithfulnessScores known = map.scoresProperty().get();
    if (known.complete(sensitivity)) {
      return;
    }
    Run run = new Run(mapVersion);
    current = run;
    running.set(true);
    progress.set(0);
    map.stateProperty().set("Measuring…");
    float[] tensor = image.prepared().tensor();
    BackgroundTask<FaithfulnessScores> task = BackgroundTask.of("Faithfulness", context -> {
      FaithfulnessMeasurement measurement = new FaithfulnessMeasurement(meter.get(), session, tensor, key, result);
      // Scores that finish are right for their map even when the run is then cancelled: they are kept.
      return measurement.measure(known, sensitivity, scores -> context.publish(() -> keep(run, scores)),
          context::updateProgress, () -> run.cancelled || context.isCancelled());
    });
    task.progressProperty().addListener((obs, old, value) -> {
      if (current == run) {
        progress.set(Math.max(0, value.doubleValue()));
      }
    });
    job = modelExecutor.execute(task
        .onSuccess(scores -> {
          keep(run, scores);
          if (current == run) {
            map.stateProperty().set("");
          }
        })
        .onFailure(error -> {
          if (current == run && !(error instanceof CancelledException)) {
            map.stateProperty().set(ErrorMessages.describe(error));
            notices.error("Measuring faithfulness failed", error);
          }
        })
        .onFinished(() -> {
          if (current == run) {
            current = null;
            running.set(false);
          }
        }));
  }

  private void keep(Run run, FaithfulnessScores scores) {
    if (run.mapVersion == mapVersion) {
      map.scoresProperty().set(scores);
    }
  }

  /** Stops measuring; the numbers already measured stay. */
  public void cancel() {
    if (running.get()) {
      stop();
      map.stateProperty().set("Cancelled");
    }
  }

  private void stop() {
    if (current != null) {
      current.cancelled = true;
      current = null;
    }
    job.cancel();
    job = TaskHandle.NONE;
    running.set(false);
  }

  /** One measurement: the map it is of, and whether it was cancelled. */
  private static final class Run {
    final int mapVersion;
    volatile boolean cancelled;

    Run(int mapVersion) {
      this.mapVersion = mapVersion;
    }
  }
}
