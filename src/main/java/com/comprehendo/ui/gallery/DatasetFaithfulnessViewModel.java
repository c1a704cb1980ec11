package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.analysis.metrics.FaithfulnessMeter;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.CancelledException;
import com.comprehendo.ui.faithfulness.FaithfulnessMeasurement;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskContext;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Faithfulness over the dataset, on request: for the gallery's method or a few chosen ones, the mean
 * deletion and insertion AUC (Petsiuk, Das and Saenko, "RISE", BMVC 2018) over the images the grid
 * shows when asked (its current filter, e.g. the mispredicted ones), each image's map explaining its
 * predicted class, measured with the explorer's settings ({@link FaithfulnessMeasurement#curve}) by the
 * meter that Explain and {@code evaluate} use ({@link FaithfulnessMeter}). A map comes from the
 * gallery when it shows it, else from the disk cache, else from the model (and is kept there for the
 * gallery). The lowest mean deletion and the highest mean insertion are marked best once two methods
 * have them.
 *
 * <p>Runs on the model worker as background work in chunks, as the gallery does: it steps aside as
 * soon as a click queues interactive work and goes on behind it; Stop keeps the means of the images
 * done. UI thread only, apart from the chunks.
 */
public final class DatasetFaithfulnessViewModel {

  /** The means reach the UI at most this often while measuring. */
  private static final long PUBLISH_INTERVAL_NANOS = 250_000_000L;

  /**
   * One method's line of the table.
   *
   * @param images how many images the means are over (the unreadable ones and those still to do left out)
   * @param meanDeletionAuc NaN before the first image
   */
  public record Row(String method, String displayName, int images, double meanDeletionAuc, double meanInsertionAuc,
      boolean bestDeletion, boolean bestInsertion) {}

  private final TaskExecutor modelExecutor;
  private final Notices notices;
  private final GalleryViewModel gallery;
  private final LongSupplier nanoClock;
  private final ObservableList<String> chosen = FXCollections.observableArrayList();
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
  private final StringProperty status = new SimpleStringProperty(this, "status", "");
  private final StringProperty scope = new SimpleStringProperty(this, "scope", "");

  private volatile DatasetFaithfulnessJob job;
  private volatile boolean cancelled;
  /** Which job the chunks work for: a chunk of an older one publishes nothing. */
  private volatile int generation;
  private TaskHandle chunkHandle = TaskHandle.NONE;
  private long startedNanos;

  DatasetFaithfulnessViewModel(TaskExecutor modelExecutor, Notices notices, GalleryViewModel gallery,
      LongSupplier nanoClock) {
    this.modelExecutor = modelExecutor;
    this.notices = notices;
    this.gallery = gallery;
    this.nanoClock = nanoClock;
    gallery.sessionProperty().addListener((obs, old, value) -> clear());
    gallery.datasetProperty().addListener((obs, old, value) -> clear());
  }

  /** The methods chosen to measure; empty: the gallery's method. */
  public ObservableList<String> chosenMethods() {
    return chosen;
  }

  /** What {@link #measureShown()} measures: the chosen methods, or the gallery's method when none is chosen. */
  public List<String> methodsToMeasure() {
    if (!chosen.isEmpty()) {
      return List.copyOf(new LinkedHashSet<>(chosen));
    }
    String method = gallery.methodProperty().get();
    return method == null ? List.of() : List.of(method);
  }

  /** Adds or removes {@code method} from the methods to measure (the gallery's stays when it is the last). */
  public void choose(String method, boolean measured) {
    Set<String> methods = new LinkedHashSet<>(methodsToMeasure());
    if (measured) {
      methods.add(method);
    } else {
      methods.remove(method);
    }
    chosen.setAll(methods);
  }

  /** The table: one row per method measured, in the order asked. */
  public ObservableList<Row> rows() {
    return rows;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running;
  }

  /** Maps measured of all asked, 0 to 1. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress;
  }

  /** E.g. "12 / 40 maps" while measuring, "40 maps in 9 s" after, "Stopped · 12 / 40 maps". */
  public ReadOnlyStringProperty statusProperty() {
    return status;
  }

  /** Which images the means are over, e.g. "Over the 12 images shown (mispredicted first)". */
  public ReadOnlyStringProperty scopeProperty() {
    return scope;
  }

  /** Measures the chosen methods over the images the grid shows now. */
  public void measureShown() {
    measure(List.copyOf(gallery.grid()), methodsToMeasure());
  }

  /**
   * Measures {@code methods} over {@code images}, in the background; replaces the table.
   *
   * @param images the images, each explained for its predicted class
   */
  public void measure(List<ImagePrediction> images, List<String> methods) {
    ModelSession session = gallery.sessionProperty().get();
    Dataset folder = gallery.datasetProperty().get();
    Optional<FaithfulnessMeter> meter = session == null ? Optional.empty() : session.faithfulness();
    if (session == null || folder == null || gallery.source() == null) {
      notices.warning("Nothing to measure", "Open a model and a folder of images first.");
      return;
    }
    if (meter.isEmpty()) {
      notices.warning("Cannot measure faithfulness", "This model offers no deletion and insertion curves.");
      return;
    }
    if (images.isEmpty() || methods.isEmpty()) {
      notices.warning("Nothing to measure", images.isEmpty() ? "No image is shown." : "Choose a method.");
      return;
    }
    List<MethodRecipe> recipes = new ArrayList<>();
    for (String method : methods) {
      try {
        recipes.add(GalleryMethods.recipe(method, session.facts()));
      } catch (IllegalArgumentException e) {
        notices.warning("Cannot measure " + method, e.getMessage());
        return;
      }
    }
    cancel();
    List<DatasetFaithfulnessJob.Image> order = new ArrayList<>(images.size());
    for (ImagePrediction image : images) {
      order.add(new DatasetFaithfulnessJob.Image(image.path(), folder.relativePath(image.path()), image.actual(), image.predicted()));
    }
    Map<Path, GalleryMap> shown = gallery.methodProperty().get() == null ? Map.of() : new HashMap<>(gallery.maps());
    job = new DatasetFaithfulnessJob(gallery.source(), meter.get(), session, recipes, order, gallery.methodProperty().get(), shown);
    generation++;
    cancelled = false;
    startedNanos = nanoClock.getAsLong();
    scope.set("Over the " + Formats.count(images.size()) + (images.size() == 1 ? " image" : " images")
        + " shown, each for its predicted class");
    rows.setAll(job.rows());
    progress.set(0);
    status.set("0 / " + Formats.count(job.total()) + " maps");
    running.set(true);
    submitChunk();
  }

  /** Stops measuring; the means of the images done stay. */
  public void cancel() {
    cancelled = true;
    chunkHandle.cancel();
    chunkHandle = TaskHandle.NONE;
    if (running.get()) {
      running.set(false);
      DatasetFaithfulnessJob current = job;
      status.set(current == null ? "" : "Stopped · " + current.describeCount());
    }
  }

  /** Forgets the table (another model or folder). */
  private void clear() {
    cancel();
    generation++;
    job = null;
    rows.clear();
    status.set("");
    scope.set("");
    progress.set(0);
  }

  private void submitChunk() {
    int forJob = generation;
    chunkHandle = modelExecutor.executeInBackground(BackgroundTask.of("Faithfulness over the dataset",
            context -> runChunk(context, forJob))
        .onSuccess(steppedAside -> {
          DatasetFaithfulnessJob current = job;
          if (forJob != generation || current == null) {
            return;
          }
          if (cancelled) {
            showRows(current); // the image that was in progress when Stop came may have finished
            status.set("Stopped · " + current.describeCount());
            return;
          }
          if (steppedAside && !current.finished()) {
            submitChunk();
            return;
          }
          showRows(current);
          running.set(false);
          status.set(current.describeDone((nanoClock.getAsLong() - startedNanos) / 1e9));
        })
        .onFailure(error -> {
          if (forJob == generation) {
            running.set(false);
            status.set("Failed");
            notices.error("Faithfulness over the dataset failed", error);
          }
        }));
  }

  /** On the model worker: measures maps until all are done, or it is cancelled or should step aside. */
  private boolean runChunk(TaskContext context, int forJob) throws IOException {
    DatasetFaithfulnessJob current = job;
    boolean[] steppedAside = {false};
    CancellationToken token = () -> {
      if (cancelled || context.isCancelled() || forJob != generation) {
        return true;
      }
      if (modelExecutor.hasWaitingWork()) {
        steppedAside[0] = true;
        return true;
      }
      return false;
    };
    if (current == null) {
      return false;
    }
    ImageDecoder decoder = ImageDecoder.createDefault();
    long lastPublished = nanoClock.getAsLong();
    try {
      while (!current.finished()) {
        token.throwIfCancelled();
        current.measureNext(decoder, token);
        long now = nanoClock.getAsLong();
        if (now - lastPublished >= PUBLISH_INTERVAL_NANOS || current.finished()) {
          lastPublished = now;
          context.publish(() -> {
            if (forJob == generation && running.get()) {
              showRows(current);
            }
          });
        }
      }
    } catch (CancelledException e) {
      // Stepping aside or stopped: the map in progress is measured again later.
    }
    return steppedAside[0];
  }

  private void showRows(DatasetFaithfulnessJob current) {
    rows.setAll(current.rows());
    progress.set(current.total() == 0 ? 1 : (double) current.done() / current.total());
    status.set(current.describeCount());
  }
}
