package com.comprehendo.ui;

import com.comprehendo.render.PngWriter;
import com.comprehendo.render.Sign;
import com.comprehendo.render.VisualizationMethod;
import com.comprehendo.ui.comparison.ComparisonPanel;
import com.comprehendo.ui.comparison.ComparisonViewModel;
import com.comprehendo.ui.gallery.GalleryIds;
import com.comprehendo.ui.support.Notices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.PopupWindow;
import javafx.stage.Window;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the explorer through its main screens and snapshots each ({@code scene.snapshot}) for the
 * documentation, then exits. Enabled by {@code -Dcomprehendo.screenshot=<folder>}; used by {@code
 * tools/screenshots.sh}. Each step waits for a condition (a result, a finished comparison), polled on
 * the UI thread, so nothing blocks.
 *
 * <p>Screens: for a labelled folder {@code dataset.png} (every image predicted, top losses first, the
 * summary with the confusion matrix), {@code dataset-gallery-running.png} (the heat-map gallery on its way, when it
 * lasts long enough to tell the time left), {@code dataset-gallery.png} (the heat-map gallery done, with the
 * class map), {@code dataset-gallery-settings.png} (its method's parameters under the gear) and {@code dataset-confused.png} (the most confused cell picked, its class map, a tile
 * selected); then {@code explorer.png} (first attribution done, hover readout filled), {@code
 * explorer-signed.png} (sign all, heat_map), {@code explorer-faithfulness.png} (the
 * map's deletion and insertion measured), {@code comparison.png} (methods, shared scale), {@code comparison-faithfulness.png} (its
 * deletion and insertion numbers and curves), {@code
 * comparison-classes.png}; without a model {@code empty.png}; with a failed model {@code error.png}.
 */
final class ScreenshotDirector {

  private static final Logger LOG = LoggerFactory.getLogger(ScreenshotDirector.class);
  private static final Duration POLL = Duration.millis(250);
  private static final long TIMEOUT_MILLIS = 240_000;
  /** The gallery's method for the screenshots and their timing (default: the gallery's own choice). */
  static final String GALLERY_METHOD_PROPERTY = "comprehendo.screenshot.gallery-method";

  private record Step(String name, BooleanSupplier ready, Runnable action) {}

  private final MainViewModel viewModel;
  private final MainWindow window;
  private final Scene scene;
  private final Path folder;
  private final Deque<Step> steps = new ArrayDeque<>();
  private final long started = System.currentTimeMillis();
  private long readySince = -1;
  private Timeline timeline;

  ScreenshotDirector(MainViewModel viewModel, MainWindow window, Scene scene, Path folder) {
    this.viewModel = viewModel;
    this.window = window;
    this.scene = scene;
    this.folder = folder;
  }

  void start() {
    long settle = 1500;
    boolean[] decided = {false};
    // The first step decides which run this is: an error, an empty window, or a working explorer.
    steps.add(new Step("decide", () -> hasError() || attributionShown() || emptyAndIdle(settle), () -> {
      decided[0] = true;
      if (hasError()) {
        snapshot("error.png");
        steps.clear();
      } else if (!attributionShown()) {
        snapshot("empty.png");
        steps.clear();
      } else {
        planExplorer();
      }
    }));
    timeline = new Timeline(new KeyFrame(POLL, e -> tick()));
    timeline.setCycleCount(Timeline.INDEFINITE);
    timeline.play();
  }

  private void planExplorer() {
    if (viewModel.selectedTabProperty().get() == MainTab.DATASET) {
      planDataset();
    }
    steps.add(new Step("explain", () -> true, () -> viewModel.selectedTabProperty().set(MainTab.EXPLAIN)));
    steps.add(new Step("explorer", () -> true, () -> {
      var image = viewModel.currentImageProperty().get().prepared().pixels();
      viewModel.heatmap().hover(image.width() / 2, image.height() / 3);
      snapshot("explorer.png");
    }));
    steps.add(new Step("signed", () -> true, () -> {
      viewModel.display().methodProperty().set(VisualizationMethod.HEAT_MAP);
      viewModel.display().signProperty().set(Sign.ALL);
    }));
    steps.add(new Step("explorer-signed", () -> true, () -> snapshot("explorer-signed.png")));
    steps.add(new Step("measure", () -> viewModel.explainFaithfulness().canMeasureProperty().get(),
        () -> viewModel.explainFaithfulness().measure()));
    steps.add(new Step("explorer-faithfulness", () -> !viewModel.explainFaithfulness().runningProperty().get(),
        () -> snapshot("explorer-faithfulness.png")));
    steps.add(new Step("compare", () -> true, () -> {
      viewModel.display().methodProperty().set(VisualizationMethod.BLENDED_HEAT_MAP);
      viewModel.display().signProperty().set(Sign.ABSOLUTE_VALUE);
      viewModel.heatmap().clearHover();
      window.showComparison(true);
      viewModel.comparison().run();
    }));
    steps.add(new Step("comparison", this::comparisonDone, () -> snapshot("comparison.png")));
    steps.add(new Step("faithfulness", () -> true, () -> viewModel.comparison().faithfulness().enabledProperty().set(true)));
    steps.add(new Step("comparison-faithfulness", this::faithfulnessDone, () -> snapshot("comparison-faithfulness.png")));
    steps.add(new Step("classes", () -> true,
        () -> viewModel.comparison().modeProperty().set(ComparisonViewModel.Mode.CLASSES)));
    steps.add(new Step("comparison-classes", this::comparisonDone, () -> snapshot("comparison-classes.png")));
  }

  private void planDataset() {
    steps.add(new Step("dataset", this::datasetDone, () -> {
      snapshot("dataset.png");
      var gallery = viewModel.dataset().gallery();
      String method = System.getProperty(GALLERY_METHOD_PROPERTY);
      if (method != null && !method.isBlank()) {
        gallery.methodProperty().set(method);
      }
      gallery.enabledProperty().set(true);
    }));
    // While it runs, once its status tells the time left; a gallery quicker than its pace skips it.
    steps.add(new Step("dataset-gallery-running",
        () -> galleryDone() || viewModel.dataset().gallery().statusProperty().get().endsWith(" left"), () -> {
          if (!galleryDone()) {
            snapshot("dataset-gallery-running.png");
          }
        }));
    steps.add(new Step("dataset-gallery", this::galleryDone, () -> {
      // The gallery's own figure, from the switch to the last map: docs/benchmarks.md quotes it.
      LOG.info("gallery of {} images, {}: {}", viewModel.dataset().grid().tiles().size(),
          viewModel.dataset().gallery().methodProperty().get(), viewModel.dataset().gallery().statusProperty().get());
      snapshot("dataset-gallery.png");
      if (scene.lookup("#" + GalleryIds.SETTINGS) instanceof Button gear) {
        gear.fire(); // the gallery's method settings, in a popover
      }
    }));
    steps.add(new Step("dataset-gallery-settings", () -> !popups().isEmpty(), () -> {
      snapshot("dataset-gallery-settings.png");
      popups().forEach(Window::hide);
    }));
    steps.add(new Step("confused", () -> true, () -> {
      var dataset = viewModel.dataset();
      if (!dataset.summary().mostConfused().isEmpty()) {
        var pair = dataset.summary().mostConfused().get(0);
        dataset.grid().filterCell(pair.actualIndex(), pair.predictedIndex());
      } else {
        dataset.grid().showMispredicted();
      }
      dataset.grid().moveSelection(0);
    }));
    steps.add(new Step("dataset-confused", () -> true, () -> {
      snapshot("dataset-confused.png");
      viewModel.dataset().grid().clearFilters();
      viewModel.dataset().gallery().enabledProperty().set(false);
    }));
  }

  private boolean datasetDone() {
    var dataset = viewModel.dataset();
    return !dataset.run().runningProperty().get() && dataset.resultsProperty().get() != null
        && dataset.resultsProperty().get().complete();
  }

  private boolean galleryDone() {
    var gallery = viewModel.dataset().gallery();
    return !gallery.runningProperty().get() && gallery.maps().size() >= viewModel.dataset().grid().tiles().size();
  }

  private void tick() {
    if (System.currentTimeMillis() - started > TIMEOUT_MILLIS) {
      LOG.error("screenshots timed out waiting for step {}", steps.isEmpty() ? "-" : steps.peek().name());
      finish();
      return;
    }
    Step step = steps.peek();
    if (step == null) {
      finish();
      return;
    }
    if (!step.ready().getAsBoolean()) {
      readySince = -1;
      return;
    }
    // Let layout, thumbnails and bindings settle for a moment once the condition holds.
    if (readySince < 0) {
      readySince = System.currentTimeMillis();
      return;
    }
    if (System.currentTimeMillis() - readySince < 700) {
      return;
    }
    readySince = -1;
    steps.poll();
    step.action().run();
  }

  private boolean hasError() {
    return viewModel.notices().items().stream().anyMatch(n -> n.severity() == Notices.Severity.ERROR);
  }

  private boolean attributionShown() {
    return viewModel.attribution().resultProperty().get() != null
        && viewModel.predictionProperty().get() != null
        && !viewModel.attribution().runningProperty().get();
  }

  private boolean emptyAndIdle(long settleMillis) {
    return viewModel.sessionProperty().get() == null && !viewModel.modelLoadingProperty().get()
        && System.currentTimeMillis() - started > settleMillis + 3000;
  }

  private boolean faithfulnessDone() {
    return comparisonDone() && !viewModel.comparison().faithfulness().runningProperty().get();
  }

  private boolean comparisonDone() {
    var panels = viewModel.comparison().panels();
    return !viewModel.comparison().runningProperty().get() && !panels.isEmpty()
        && panels.stream().map(ComparisonPanel::resultProperty).allMatch(p -> p.get() != null);
  }

  /** The popups showing over the window (a popover), which {@code scene.snapshot} leaves out. */
  private List<Window> popups() {
    return Window.getWindows().stream()
        .filter(w -> w instanceof PopupWindow && !(w instanceof Tooltip) && w.isShowing() && w.getScene() != null)
        .toList();
  }

  /** The scene with the popups showing over it, blended in where they are. */
  private WritableImage sceneWithPopups() {
    WritableImage image = scene.snapshot(null);
    Window main = scene.getWindow();
    for (Window popup : popups()) {
      Image part = popup.getScene().snapshot(null);
      int left = (int) Math.round(popup.getX() + popup.getScene().getX() - main.getX() - scene.getX());
      int top = (int) Math.round(popup.getY() + popup.getScene().getY() - main.getY() - scene.getY());
      for (int y = 0; y < part.getHeight(); y++) {
        for (int x = 0; x < part.getWidth(); x++) {
          int px = left + x;
          int py = top + y;
          if (px >= 0 && py >= 0 && px < image.getWidth() && py < image.getHeight()) {
            Color over = part.getPixelReader().getColor(x, y);
            Color under = image.getPixelReader().getColor(px, py);
            image.getPixelWriter().setColor(px, py, under.interpolate(
                Color.color(over.getRed(), over.getGreen(), over.getBlue()), over.getOpacity()));
          }
        }
      }
    }
    return image;
  }

  private void snapshot(String name) {
    try {
      Files.createDirectories(folder);
      Path file = folder.resolve(name);
      PngWriter.write(SwingFXUtils.fromFXImage(sceneWithPopups(), null), file);
      LOG.info("screenshot {}", file);
    } catch (IOException e) {
      LOG.error("cannot write screenshot {}", name, e);
    }
  }

  private void finish() {
    timeline.stop();
    Platform.exit();
  }
}
