package com.comprehendo.ui.comparison;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.Prediction;
import com.comprehendo.ui.explain.AttributionViewModel;
import com.comprehendo.ui.heatmap.HeatmapPainter;
import com.comprehendo.ui.heatmap.HeatmapSettings;
import com.comprehendo.ui.heatmap.RenderedImage;
import com.comprehendo.ui.service.AttributionRun;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.FigureComposer;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Side-by-side panels for one image: several methods for the same class, or the same method for
 * several classes (predicted, true, runners-up). The panels follow the shared {@link HeatmapSettings}
 * live, and with {@link #sharedScaleProperty()} on they are normalized by one threshold over all of
 * them (Captum normalizes each on its own, which makes panels look alike even when one class's
 * attributions are ten times larger). The shared scale is on by default when comparing classes and off
 * when comparing methods, whose attributions come in different units.
 *
 * <p>Panels already in the cache appear at once; the rest are computed one after another in a single
 * background job, each shown as soon as it is ready.
 */
public final class ComparisonViewModel {

  /** What the panels vary. */
  public enum Mode {
    METHODS("By method"),
    CLASSES("By class");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** The methods compared by default: all but GradientSHAP, whose default baselines are a guess. */
  public static final List<String> DEFAULT_METHODS = List.of("ig", "saliency", "input-x-gradient", "noise-tunnel", "occlusion");

  /** Panels in class mode. */
  public static final int MAX_CLASS_PANELS = 4;

  private final TaskExecutor modelExecutor;
  private final Notices notices;
  private final HeatmapSettings settings;
  private final AttributionViewModel attribution;

  private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>(this, "session");
  private final ObjectProperty<CurrentImage> image = new SimpleObjectProperty<>(this, "image");
  private final ObjectProperty<Prediction> prediction = new SimpleObjectProperty<>(this, "prediction");

  private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.METHODS);
  private final BooleanProperty sharedScale = new SimpleBooleanProperty(this, "sharedScale", false);
  private final ObservableList<String> methods = FXCollections.observableArrayList(DEFAULT_METHODS);
  private final ObservableList<String> layers = FXCollections.observableArrayList();
  private final ObservableList<String> layersView = FXCollections.unmodifiableObservableList(layers);
  private final ObjectProperty<String> layer = new SimpleObjectProperty<>(this, "layer");
  private boolean offeringLayers;
  private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
  private final ObservableList<ComparisonPanel> panels = FXCollections.observableArrayList();
  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
  private final StringProperty status = new SimpleStringProperty(this, "status", "");

  private final FaithfulnessViewModel faithfulness;
  private final PanelPainter painter;

  private TaskHandle job = TaskHandle.NONE;
  private int generation;

  public ComparisonViewModel(
      TaskExecutor modelExecutor, Notices notices, HeatmapSettings settings, AttributionViewModel attribution) {
    this.modelExecutor = modelExecutor;
    this.notices = notices;
    this.settings = settings;
    this.attribution = attribution;
    painter = new PanelPainter(panels, image, settings, sharedScale);
    InvalidationListener rerender = obs -> render();
    for (var observable : settings.observables()) {
      observable.addListener(rerender);
    }
    sharedScale.addListener(rerender);
    InvalidationListener reset = obs -> {
      cancel();
      panels.clear();
      status.set("");
      autoRunIfVisible();
    };
    session.addListener(obs -> offerLayers()); // before the reset, which may compute with them
    session.addListener(reset);
    image.addListener(reset);
    prediction.addListener(obs -> autoRunIfVisible());
    active.addListener(obs -> autoRunIfVisible());
    mode.addListener((obs, old, value) -> {
      // Methods differ in units (occlusion: score drops; gradients: per-pixel slopes), so a shared scale
      // mostly shows which method has the largest numbers; classes explained by one method compare well.
      sharedScale.set(value == Mode.CLASSES);
      rerunIfShown();
    });
    methods.addListener((InvalidationListener) obs -> rerunIfShown());
    layer.addListener(obs -> {
      if (!offeringLayers) {
        rerunIfShown();
      }
    });
    faithfulness = new FaithfulnessViewModel(modelExecutor, notices, this);
  }

  // ---- inputs ----

  public ObjectProperty<ModelSession> sessionProperty() {
    return session;
  }

  public ObjectProperty<CurrentImage> imageProperty() {
    return image;
  }

  public ObjectProperty<Prediction> predictionProperty() {
    return prediction;
  }

  /** Whether the comparison is on screen; it computes automatically only then. */
  public BooleanProperty activeProperty() {
    return active;
  }

  // ---- controls ----

  public ObjectProperty<Mode> modeProperty() {
    return mode;
  }

  public BooleanProperty sharedScaleProperty() {
    return sharedScale;
  }

  /** The "Faithfulness" switch and what it measures for the panels. */
  public FaithfulnessViewModel faithfulness() {
    return faithfulness;
  }

  /** The method ids compared in {@link Mode#METHODS}. */
  public ObservableList<String> methods() {
    return methods;
  }

  /** The model's layers, for a model that exports several (features_<name>/head_<name> pairs); else empty. */
  public ObservableList<String> layers() {
    return layersView;
  }

  /** The layer the layer methods' panels explain in {@link Mode#METHODS}; the model's first at first. */
  public ObjectProperty<String> layerProperty() {
    return layer;
  }

  // ---- outputs ----

  public ObservableList<ComparisonPanel> panels() {
    return panels;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running;
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress;
  }

  public ReadOnlyStringProperty statusProperty() {
    return status;
  }

  /** The shared scale's colour bar, or null when each panel has its own scale. */
  public ReadOnlyObjectProperty<RenderedImage> colorBarProperty() {
    return painter.colorBarProperty();
  }

  /**
   * Under the shared scale over methods whose values lie far apart: which reaches how far, so panels
   * that look empty are not taken for zero; empty otherwise (see {@link PanelPainter#UNITS_APART}).
   */
  public ReadOnlyStringProperty scaleWarningProperty() {
    return painter.scaleWarningProperty();
  }

  public ReadOnlyStringProperty barLowProperty() {
    return painter.barLowProperty();
  }

  public ReadOnlyStringProperty barHighProperty() {
    return painter.barHighProperty();
  }

  public ReadOnlyIntegerProperty renderCountProperty() {
    return painter.renderCountProperty();
  }

  /** Builds the panels for the current image and computes those not in the cache. */
  public void run() {
    cancel();
    ModelSession currentSession = session.get();
    CurrentImage current = image.get();
    if (currentSession == null || current == null || current.prepared().tensor() == null) {
      return;
    }
    List<ComparisonPanel> specs = buildPanels(currentSession, current);
    if (specs.isEmpty()) {
      panels.clear();
      status.set(prediction.get() == null ? "Waiting for the prediction…" : "Choose at least one method");
      return;
    }
    List<ComparisonPanel> missing = new ArrayList<>();
    for (ComparisonPanel panel : specs) {
      panel.imageProperty().set(HeatmapPainter.original(current.prepared().pixels()));
      Optional<AttributionResult> cached = currentSession.cached(panel.key());
      if (cached.isPresent()) {
        panel.resultProperty().set(cached.get());
        panel.stateProperty().set("");
      } else {
        missing.add(panel);
      }
    }
    panels.setAll(specs);
    render();
    if (missing.isEmpty()) {
      status.set(specs.size() + " panels, all from the cache");
      return;
    }
    int myGeneration = ++generation;
    running.set(true);
    progress.set(0);
    status.set("Computing " + missing.size() + " of " + specs.size() + " panels…");
    float[] input = current.prepared().tensor();
    BackgroundTask<Void> task = BackgroundTask.of("Comparison", context -> {
      for (int i = 0; i < missing.size(); i++) {
        if (context.isCancelled()) {
          break;
        }
        ComparisonPanel panel = missing.get(i);
        int index = i;
        context.publish(() -> panel.stateProperty().set("Computing…"));
        try {
          // A panel that takes a while shows its estimates on the way (the shared scale follows them).
          AttributionResult result = AttributionRun.of(currentSession, panel.key(), input)
              .optEstimates((estimate, note) -> context.publish(() -> {
                if (myGeneration == generation) {
                  panel.resultProperty().set(estimate);
                  panel.estimateProperty().set(true);
                  panel.stateProperty().set(note);
                  render();
                }
              }))
              .compute((done, total) -> context.updateProgress(index * total + done, (long) missing.size() * total),
                  context::isCancelled);
          context.publish(() -> {
            panel.resultProperty().set(result);
            panel.estimateProperty().set(false);
            panel.stateProperty().set("");
            render();
          });
        } catch (IllegalArgumentException e) {
          // This panel's parameters cannot be used (e.g. an unreadable baseline): the others still run.
          // Memory is bounded by the session's passes, sized to the budget, so no OutOfMemoryError is
          // caught here: one would end the whole comparison with its message (onFailure).
          String message = com.comprehendo.ui.support.ErrorMessages.describe(e);
          context.publish(() -> panel.stateProperty().set(message));
        }
        context.updateProgress(i + 1, missing.size());
      }
      return null;
    });
    task.progressProperty().addListener((obs, old, value) -> {
      if (myGeneration == generation) {
        progress.set(Math.max(0, value.doubleValue())); // a Task starts at -1 (indeterminate, animated)
      }
    });
    job = modelExecutor.execute(task
        .onSuccess(ignored -> {
          if (myGeneration == generation) {
            long failed = panels.stream().filter(p -> p.resultProperty().get() == null).count();
            status.set(failed == 0 ? specs.size() + " panels" : failed + " of " + specs.size() + " panels failed");
          }
        })
        .onFailure(error -> {
          if (myGeneration == generation) {
            status.set("Failed");
            notices.error("Comparison failed", error);
          }
        })
        .onCancelled(() -> markCancelled(myGeneration))
        .onFinished(() -> {
          if (myGeneration == generation) {
            running.set(false);
          }
        }));
  }

  /** Stops computing, the faithfulness too; panels and numbers already done stay. */
  public void cancel() {
    faithfulness.cancel();
    if (running.get()) {
      job.cancel();
      markCancelled(generation);
      generation++;
      running.set(false);
    }
  }

  private void markCancelled(int ofGeneration) {
    if (ofGeneration != generation) {
      return;
    }
    for (ComparisonPanel panel : panels) {
      if (panel.resultProperty().get() == null) {
        panel.stateProperty().set("Cancelled");
      } else if (panel.estimateProperty().get()) {
        panel.stateProperty().set("Cancelled · an estimate");
      }
    }
    status.set("Cancelled");
  }

  private void autoRunIfVisible() {
    if (active.get() && attribution.autoRunProperty().get() && panels.isEmpty() && !running.get()
        && image.get() != null && prediction.get() != null) {
      run();
    }
  }

  private void rerunIfShown() {
    if (!panels.isEmpty() || running.get()) {
      run();
    } else {
      autoRunIfVisible();
    }
  }

  /** A new model's layers on offer where it has several, its first chosen; nothing computes meanwhile. */
  private void offerLayers() {
    List<String> modelLayers = session.get() == null ? List.of() : session.get().facts().layers();
    offeringLayers = true;
    try {
      layers.setAll(modelLayers.size() > 1 ? modelLayers : List.of());
      layer.set(modelLayers.size() > 1 ? modelLayers.get(0) : null);
    } finally {
      offeringLayers = false;
    }
  }

  private List<ComparisonPanel> buildPanels(ModelSession currentSession, CurrentImage current) {
    return mode.get() == Mode.METHODS
        ? PanelPlan.forMethods(currentSession, current, methods, attribution, layer.get())
        : PanelPlan.forClasses(currentSession, current, prediction.get(), attribution);
  }

  /** Re-draws every panel with the current settings; no attribution is recomputed. */
  private void render() {
    painter.render();
  }

  /** The finished panels as figure panels, for the PNG export. */
  public List<FigureComposer.Panel> figurePanels() {
    return painter.figurePanels();
  }

  /** The shared colour bar for the export, or null when panels have their own scales. */
  public FigureComposer.Bar figureBar() {
    return painter.figureBar();
  }
}
