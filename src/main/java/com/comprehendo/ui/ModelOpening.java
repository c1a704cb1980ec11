package com.comprehendo.ui;

import com.comprehendo.job.CancelledException;
import com.comprehendo.model.DeviceChoice;
import com.comprehendo.ui.comparison.ComparisonViewModel;
import com.comprehendo.ui.explain.AttributionViewModel;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Opening models and switching devices: a model loads on the model worker while the explorer stays
 * usable; the new session replaces the old one (closed on the model worker, after whatever still uses
 * it), the shown image is decoded again for the new model, and a folder that waited for the model (the
 * demo's images) is opened. A device change loads the open model again on the new device, and goes back
 * to the previous device when the new one cannot be used.
 */
final class ModelOpening {

  private final ExplorerContext context;
  private final Notices notices;
  private final ExplorerState state;
  private final AttributionViewModel attribution;
  private final ComparisonViewModel comparison;
  private final ImageSelection selection;
  private final Consumer<Path> folderOpener;

  private TaskHandle modelLoad = TaskHandle.NONE;
  private Path pendingFolder;

  ModelOpening(ExplorerContext context, Notices notices, ExplorerState state, AttributionViewModel attribution,
      ComparisonViewModel comparison, ImageSelection selection, Consumer<Path> folderOpener) {
    this.context = context;
    this.notices = notices;
    this.state = state;
    this.attribution = attribution;
    this.comparison = comparison;
    this.selection = selection;
    this.folderOpener = folderOpener;
    // Asking libtorch loads its natives (seconds): on the model worker, ahead of the first model.
    context.modelExecutor().execute(BackgroundTask.of("Looking for a GPU", ctx -> DeviceChoice.availableGpus() > 0)
        .onSuccess(state.gpuAvailable::set));
  }

  /** Loads a model in the background; the explorer stays usable meanwhile and if it fails. */
  void openModel(Path file) {
    load(file, () -> {});
  }

  /**
   * Computes on {@code choice} from now on: the open model is loaded again there (its dataset results
   * and cache are rebuilt, as for a newly opened model). If the device cannot be used, the message says
   * why and the model stays where it was.
   */
  void useDevice(DeviceChoice choice) {
    DeviceChoice previous = state.device.get();
    if (choice == previous) {
      return;
    }
    state.device.set(choice);
    Path open = state.modelFile.get();
    if (open != null) {
      load(open, () -> state.device.set(previous));
    }
  }

  /**
   * Opens the demo (a model and its {@code images} folder) if there is one: {@code
   * comprehendo.demo.dir} or {@code assets/demo} in the working directory.
   *
   * @return whether a demo was found
   */
  boolean openDemoIfPresent() {
    Path dir = Path.of(System.getProperty("comprehendo.demo.dir", "assets/demo"));
    Path model = dir.resolve("model.pt");
    if (!Files.isRegularFile(model)) {
      return false;
    }
    Path imagesDir = dir.resolve("images");
    if (Files.isDirectory(imagesDir)) {
      pendingFolder = imagesDir;
    }
    openModel(model);
    return true;
  }

  /** Stops a model load under way. */
  void cancel() {
    modelLoad.cancel();
  }

  private void load(Path file, Runnable onFailure) {
    attribution.cancel();
    comparison.cancel();
    modelLoad.cancel();
    state.modelLoading.set(true);
    state.statusText.set("Loading " + file.getFileName() + "…");
    Path absolute = file.toAbsolutePath().normalize();
    DeviceChoice device = state.device.get();
    // A load cancelled (another model opened meanwhile) must not leave its model's native memory behind:
    // the session made is closed by whichever comes last, the work or the cancellation.
    AtomicReference<ModelSession> unclaimed = new AtomicReference<>();
    modelLoad = context.modelExecutor().execute(
        BackgroundTask.of("Loading " + file.getFileName(), ctx -> {
              ModelSession opened = new ModelSession(context.explainers().open(absolute, device));
              unclaimed.set(opened);
              if (ctx.isCancelled() && unclaimed.compareAndSet(opened, null)) {
                opened.close(); // on the model worker, where nothing else has it yet
                throw new CancelledException();
              }
              return opened;
            })
            // Chained: the new session starts the dataset's predictions (background work) and queues the
            // shown image's prediction, which goes first.
            .then(opened -> {
              if (unclaimed.compareAndSet(opened, null)) {
                useSession(opened);
              }
            })
            .onCancelled(() -> closeLater(unclaimed.getAndSet(null)))
            .onFailure(error -> {
              onFailure.run();
              notices.error("Cannot open " + file.getFileName(), error);
              openPendingFolder();
            })
            .onFinished(() -> {
              state.modelLoading.set(false);
              state.statusText.set("");
            }));
  }

  /** Closes a session no one uses on the model worker, after anything still queued there (null: none). */
  void closeLater(ModelSession unused) {
    if (unused != null) {
      context.modelExecutor().execute(BackgroundTask.of("Closing model", ctx -> {
        unused.close();
        return null;
      }));
    }
  }

  private void useSession(ModelSession opened) {
    ModelSession previous = state.session.get();
    // The shown image was preprocessed for the previous model (its size and normalization); drop it
    // before the new model is visible, then decode it again for the new one.
    state.currentImage.set(null);
    state.prediction.set(null);
    state.session.set(opened);
    state.modelFile.set(opened.explainer().file());
    context.recentFiles().addModel(opened.explainer().file());
    var pre = opened.explainer().preprocessing();
    state.modelSummary.set(opened.explainer().file().getFileName() + " · " + opened.explainer().classNames().size()
        + " classes · " + pre.width() + "×" + pre.height() + " " + pre.resize().cliName() + " · "
        + opened.explainer().device());
    if (!opened.explainer().assumptions().isEmpty()) {
      notices.warning("Assumptions about " + opened.explainer().file().getFileName(),
          String.join("; ", opened.explainer().assumptions()));
    }
    closeLater(previous); // after anything still queued that uses it
    if (!openPendingFolder()) {
      selection.reload();
    }
  }

  /** Opens the folder that waited for the model (the demo's images), if any. */
  private boolean openPendingFolder() {
    if (pendingFolder == null) {
      return false;
    }
    Path folder = pendingFolder;
    pendingFolder = null;
    folderOpener.accept(folder);
    return true;
  }
}
