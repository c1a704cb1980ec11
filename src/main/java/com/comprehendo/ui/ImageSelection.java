package com.comprehendo.ui;

import com.comprehendo.analysis.Prediction;
import com.comprehendo.ui.comparison.ComparisonViewModel;
import com.comprehendo.ui.dataset.DatasetViewModel;
import com.comprehendo.ui.explain.AttributionViewModel;
import com.comprehendo.ui.explain.TargetOption;
import com.comprehendo.ui.images.ImageListViewModel;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.DatasetLookup;
import com.comprehendo.ui.support.ErrorMessages;
import com.comprehendo.ui.support.ImageEntry;
import com.comprehendo.ui.support.ImageInput;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.support.OneDecode;
import com.comprehendo.ui.support.PreparedImage;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image shown in the Explain tab: a new selection cancels running work, decodes the image on the
 * file worker and predicts it on the model worker (one decode, whichever worker gets to it first), and
 * gives it its true class from the dataset's labels (or, before they arrive, from its folder name).
 * Also opens an image from the dataset browser with a preset target.
 */
final class ImageSelection {

  private static final Logger LOG = LoggerFactory.getLogger(ImageSelection.class);

  private final ExplorerContext context;
  private final Notices notices;
  private final ExplorerState state;
  private final ImageListViewModel images;
  private final AttributionViewModel attribution;
  private final ComparisonViewModel comparison;
  private final DatasetViewModel dataset;

  private TaskHandle imageLoad = TaskHandle.NONE;
  private TaskHandle predictionJob = TaskHandle.NONE;
  /** The target to preset when this image is shown (it was opened from the dataset browser). */
  private PendingTarget pendingTarget;

  private record PendingTarget(Path image, TargetOption target) {}

  /** A prediction with the decoded image it was made for. */
  private record PredictedImage(PreparedImage image, Prediction prediction) {}

  ImageSelection(ExplorerContext context, Notices notices, ExplorerState state, ImageListViewModel images,
      AttributionViewModel attribution, ComparisonViewModel comparison, DatasetViewModel dataset) {
    this.context = context;
    this.notices = notices;
    this.state = state;
    this.images = images;
    this.attribution = attribution;
    this.comparison = comparison;
    this.dataset = dataset;
    images.selectedProperty().addListener((obs, old, entry) -> load(entry));
    dataset.lookupProperty().addListener((obs, old, lookup) -> refreshTrueClass());
  }

  /**
   * Shows an image in the Explain tab: selects it in the image list (clearing the list's filter if it
   * hides the image) and explains {@code target}.
   *
   * @param target a class index, or {@link TargetOption#PREDICTED}
   */
  void explain(Path image, int target) {
    ImageEntry entry = images.images().stream().filter(e -> e.path().equals(image)).findFirst()
        .orElseGet(() -> entryOutsideTheList(image));
    if (!images.filteredImages().contains(entry)) {
      images.filterProperty().set("");
    }
    TargetOption option = attribution.targetOptions().stream()
        .filter(o -> o.index() == target).findFirst().orElse(TargetOption.predicted());
    state.selectedTab.set(MainTab.EXPLAIN);
    if (entry.equals(images.selectedProperty().get()) && state.currentImage.get() != null) {
      attribution.targetProperty().set(option);
      return;
    }
    pendingTarget = new PendingTarget(entry.path(), option);
    images.selectedProperty().set(entry);
  }

  /** An entry for an image the dataset lists but the sidebar does not (it follows other naming rules). */
  private ImageEntry entryOutsideTheList(Path image) {
    Path root = images.folderProperty().get();
    if (root == null || !image.startsWith(root)) {
      return new ImageEntry(image, image.getFileName().toString(), "");
    }
    Path relative = root.relativize(image);
    String label = relative.getNameCount() > 1 ? relative.getName(relative.getNameCount() - 2).toString() : "";
    return new ImageEntry(image, relative.toString().replace('\\', '/'), label);
  }

  /** Decodes and predicts the selected image again (a new model was opened). */
  void reload() {
    load(images.selectedProperty().get());
  }

  /** Stops reading and predicting the shown image. */
  void cancel() {
    imageLoad.cancel();
    predictionJob.cancel();
  }

  private void load(ImageEntry entry) {
    if (pendingTarget != null && (entry == null || !pendingTarget.image().equals(entry.path()))) {
      pendingTarget = null;
    }
    attribution.cancel();
    comparison.cancel();
    cancel();
    if (entry == null) {
      state.currentImage.set(null);
      state.prediction.set(null);
      return;
    }
    ModelSession current = state.session.get();
    LOG.debug("showing {}", entry.fileName()); // with the attribution's log: click to first heatmap
    state.imageLoading.set(true);
    if (current == null) {
      imageLoad = context.ioExecutor().execute(
          BackgroundTask.of("Reading " + entry.fileName(), ctx -> ImageInput.load(entry.path(), null))
              .onSuccess(prepared -> showImage(entry, prepared, null))
              .onFailure(error -> cannotRead(entry, error))
              .onFinished(() -> state.imageLoading.set(false)));
      return;
    }
    // Decoded once, by whichever worker gets to it first: the file worker shows the image at once even
    // while the model worker finishes a pass; the model worker predicts as soon as it is free, without a
    // round trip through the UI thread (busy with first layouts for tenths of a second at start-up) and
    // without waiting behind other file work.
    OneDecode decode = new OneDecode(() -> ImageInput.load(entry.path(), current.explainer().preprocessing()));
    imageLoad = context.ioExecutor().execute(
        BackgroundTask.of("Reading " + entry.fileName(), ctx -> decode.get(ctx::isCancelled))
            .onSuccess(prepared -> showImage(entry, prepared, current))
            .onFailure(error -> cannotRead(entry, error))
            .onFinished(() -> state.imageLoading.set(false)));
    predictionJob = context.modelExecutor().execute(
        BackgroundTask.<PredictedImage>of("Predicting " + entry.fileName(), ctx -> {
              PreparedImage prepared;
              try {
                prepared = decode.get(ctx::isCancelled);
              } catch (Exception e) {
                return null; // the file worker reports it
              }
              // Shown from here too when the file worker is behind; showImage shows it once.
              ctx.publish(() -> showImage(entry, prepared, current));
              if (ctx.isCancelled()) {
                return null;
              }
              return new PredictedImage(prepared, current.predict(prepared.tensor()));
            })
            // Chained: showing the prediction starts its attribution (the attribution view-model listens),
            // queued before the dataset's predictions (background work) take the worker again.
            .then(predicted -> {
              // The same decoded image, even if its true class was refined meanwhile.
              CurrentImage shown = state.currentImage.get();
              if (predicted != null && shown != null && shown.prepared() == predicted.image()) {
                state.prediction.set(predicted.prediction());
              }
            })
            .onFailure(error -> notices.fileProblem("The model failed on", entry.fileName(),
                ErrorMessages.describe(error))));
  }

  private void cannotRead(ImageEntry entry, Throwable error) {
    if (entry.equals(images.selectedProperty().get())) {
      notices.fileProblem("Cannot read", entry.fileName(), ErrorMessages.describe(error));
      if (images.skipUnreadableOpening(entry)) {
        return; // a folder opens on its first readable image
      }
      state.currentImage.set(null);
      state.prediction.set(null);
    }
  }

  /** Shows a decoded image (once: both workers may deliver it) if it is still the one wanted. */
  private void showImage(ImageEntry entry, PreparedImage prepared, ModelSession current) {
    CurrentImage showing = state.currentImage.get();
    if (!entry.equals(images.selectedProperty().get()) || current != state.session.get()
        || (showing != null && showing.prepared() == prepared)) {
      return;
    }
    CurrentImage shown = describe(entry, prepared, current);
    state.prediction.set(null);
    if (pendingTarget != null && pendingTarget.image().equals(entry.path())) {
      // Preset the target while no image is shown, so it starts nothing for the previous image.
      state.currentImage.set(null);
      attribution.targetProperty().set(pendingTarget.target());
      pendingTarget = null;
    }
    state.currentImage.set(shown);
  }

  /**
   * The image with its true class: from the dataset's labels once the folder is scanned (any label
   * rule: folders, file names, a CSV), before that guessed from the folder name.
   */
  private CurrentImage describe(ImageEntry entry, PreparedImage prepared, ModelSession current) {
    if (current == null) {
      return new CurrentImage(entry, prepared);
    }
    DatasetLookup known = dataset.lookupProperty().get();
    if (known.covers(entry.path()) && known.classNames().equals(current.explainer().classNames())) {
      OptionalInt label = known.trueClass(entry.path());
      return new CurrentImage(entry, prepared, label, label.isPresent() ? CurrentImage.FROM_DATASET : "");
    }
    List<String> names = current.explainer().classNames();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(entry.label())) {
        return new CurrentImage(entry, prepared, OptionalInt.of(i), CurrentImage.FROM_FOLDER);
      }
    }
    return new CurrentImage(entry, prepared);
  }

  /** Re-reads the shown image's true class when the dataset's labels arrive after it was shown. */
  private void refreshTrueClass() {
    CurrentImage shown = state.currentImage.get();
    if (shown == null) {
      return;
    }
    CurrentImage updated = describe(shown.entry(), shown.prepared(), state.session.get());
    if (!updated.trueClass().equals(shown.trueClass()) || !updated.trueClassSource().equals(shown.trueClassSource())) {
      state.currentImage.set(updated);
    }
  }
}
