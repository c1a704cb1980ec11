package com.comprehendo.ui;

import com.comprehendo.analysis.Prediction;
import com.comprehendo.data.LabelSource;
import com.comprehendo.model.DeviceChoice;
import com.comprehendo.ui.comparison.ComparisonViewModel;
import com.comprehendo.ui.dataset.DatasetViewModel;
import com.comprehendo.ui.dataset.TileGrid;
import com.comprehendo.ui.explain.AttributionViewModel;
import com.comprehendo.ui.explain.ExplainFaithfulness;
import com.comprehendo.ui.explain.TargetOption;
import com.comprehendo.ui.heatmap.HeatmapSettings;
import com.comprehendo.ui.heatmap.HeatmapViewModel;
import com.comprehendo.ui.images.ImageListViewModel;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.ImageFolder;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.support.RecentFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * The explorer's view-model, as the window sees it: the feature view-models (images, heat map,
 * attribution, comparison, dataset), the shared state ({@link ExplorerState}: session, model, current
 * image, prediction, tab, device) and the menus' actions. It only wires the parts together; each concern
 * lives in its own class: {@link ModelOpening} (opening models, switching devices), {@link
 * ImageSelection} (the image shown, decoded and predicted in the background) and {@link ExplorerExports}
 * (PNG and .npy exports with provenance). It never touches a control.
 */
public final class MainViewModel {

  private final ExplorerContext context;
  private final Notices notices = new Notices();
  private final ExplorerState state = new ExplorerState();
  private final ImageListViewModel images;
  private final HeatmapSettings display = new HeatmapSettings();
  private final HeatmapViewModel heatmap = new HeatmapViewModel(display);
  private final AttributionViewModel attribution;
  private final ExplainFaithfulness explainFaithfulness;
  private final ComparisonViewModel comparison;
  private final DatasetViewModel dataset;
  private final ImageSelection selection;
  private final ModelOpening models;
  private final ExplorerExports exports;

  public MainViewModel(ExplorerContext context) {
    this.context = context;
    this.images = new ImageListViewModel(context.ioExecutor(), notices);
    this.attribution = new AttributionViewModel(context.modelExecutor(), notices, System::nanoTime);
    this.explainFaithfulness = new ExplainFaithfulness(context.modelExecutor(), notices, attribution);
    this.comparison = new ComparisonViewModel(context.modelExecutor(), notices, display, attribution);
    this.dataset = new DatasetViewModel(context.modelExecutor(), context.ioExecutor(), notices, this::explain,
        System::nanoTime);
    this.selection = new ImageSelection(context, notices, state, images, attribution, comparison, dataset);
    new SidebarFollowsGrid(images, dataset); // kept alive by its listeners
    images.setOnExplain(entry -> state.selectedTab.set(MainTab.EXPLAIN));
    this.models = new ModelOpening(context, notices, state, attribution, comparison, selection,
        folder -> openFolder(folder, null));
    this.exports = new ExplorerExports(context, notices, state, attribution, comparison, heatmap, display);
    attribution.sessionProperty().bind(state.session);
    attribution.imageProperty().bind(state.currentImage);
    attribution.predictionProperty().bind(state.prediction);
    comparison.sessionProperty().bind(state.session);
    comparison.imageProperty().bind(state.currentImage);
    comparison.predictionProperty().bind(state.prediction);
    heatmap.imageProperty().bind(Bindings.createObjectBinding(
        () -> state.currentImage.get() == null ? null : state.currentImage.get().prepared().pixels(), state.currentImage));
    heatmap.resultProperty().bind(attribution.resultProperty());
    comparison.activeProperty().bind(state.selectedTab.isEqualTo(MainTab.COMPARE));
    dataset.sessionProperty().bind(state.session);
    images.lookupProperty().bind(dataset.lookupProperty());
    // A folder whose images carry labels opens on its overview: accuracy, confusions, top losses.
    dataset.scan().scannedProperty().addListener((obs, old, scanned) -> {
      if (scanned != null && !(scanned.labelSource() instanceof LabelSource.NoLabels)) {
        state.selectedTab.set(MainTab.DATASET);
      }
    });
    state.title.bind(Bindings.createStringBinding(() -> state.describeTitle(images.folderProperty().get()),
        state.modelFile, images.folderProperty()));
  }

  // ---- features ----

  public Notices notices() {
    return notices;
  }

  public ImageListViewModel images() {
    return images;
  }

  /**
   * Alt+↓ ({@code step} 1) and Alt+↑ (−1). With the shown image in the Dataset grid, the next image
   * of the grid's current filter and order (reviewing the top losses one by one), opened in Explain for
   * its predicted class as a double-click opens it; on the Dataset tab the grid's selection moves; an
   * image the grid does not show (or no grid yet) moves along the sidebar's list.
   */
  public void stepImage(int step) {
    TileGrid grid = dataset.grid();
    if (state.selectedTab.get() == MainTab.DATASET && !grid.tiles().isEmpty()) {
      grid.moveSelection(step);
      return;
    }
    CurrentImage current = state.currentImage.get();
    int index = current == null ? -1 : grid.indexOf(current.entry().path());
    if (index >= 0) {
      int next = Math.max(0, Math.min(grid.tiles().size() - 1, index + step));
      if (next != index) {
        grid.openInExplain(grid.tiles().get(next));
      }
      return;
    }
    if (step > 0) {
      images.selectNext();
    } else {
      images.selectPrevious();
    }
  }

  /** Where the shown image stands in the Dataset grid's filter and order ("3 of 28 mispredicted · Top losses"); empty when it is not there. */
  public String gridPosition() {
    CurrentImage current = state.currentImage.get();
    return current == null ? "" : dataset.grid().positionText(current.entry().path());
  }

  public HeatmapSettings display() {
    return display;
  }

  public HeatmapViewModel heatmap() {
    return heatmap;
  }

  public AttributionViewModel attribution() {
    return attribution;
  }

  /** Explain's faithfulness of the shown map, measured on request. */
  public ExplainFaithfulness explainFaithfulness() {
    return explainFaithfulness;
  }

  public ComparisonViewModel comparison() {
    return comparison;
  }

  public DatasetViewModel dataset() {
    return dataset;
  }

  public RecentFiles recentFiles() {
    return context.recentFiles();
  }

  // ---- state ----

  public ReadOnlyObjectProperty<ModelSession> sessionProperty() {
    return state.session;
  }

  public ReadOnlyObjectProperty<CurrentImage> currentImageProperty() {
    return state.currentImage;
  }

  public ReadOnlyObjectProperty<Prediction> predictionProperty() {
    return state.prediction;
  }

  public ReadOnlyBooleanProperty modelLoadingProperty() {
    return state.modelLoading;
  }

  public ReadOnlyBooleanProperty imageLoadingProperty() {
    return state.imageLoading;
  }

  /** "Comprehendo — model.pt — images". */
  public ReadOnlyStringProperty titleProperty() {
    return state.title;
  }

  /** Where models compute: auto (the GPU when libtorch sees one), CPU or GPU. Change it with {@link #useDevice}. */
  public ReadOnlyObjectProperty<DeviceChoice> deviceProperty() {
    return state.device;
  }

  /**
   * Whether libtorch sees a GPU (never with the bundled CPU build; see docs/gpu.md); false until the
   * model worker has asked.
   */
  public ReadOnlyBooleanProperty gpuAvailableProperty() {
    return state.gpuAvailable;
  }

  /** E.g. "model.pt · 10 classes · 224×224 squish · cpu". */
  public ReadOnlyStringProperty modelSummaryProperty() {
    return state.modelSummary;
  }

  /** The tab shown in the centre; the window keeps it in step with the user's clicks. */
  public ObjectProperty<MainTab> selectedTabProperty() {
    return state.selectedTab;
  }

  /** Whether the image list beside the tabs is shown. */
  public BooleanProperty imageListShownProperty() {
    return state.imageListShown;
  }

  /** Background activity in words, for the status bar. */
  public ReadOnlyStringProperty statusTextProperty() {
    return state.statusText;
  }

  // ---- actions ----

  /**
   * Opens whatever the command line or a drop names: a model file ({@code .pt}/{@code .pth}/{@code
   * .torchscript}), a folder of images, or one image (its folder is opened and it is selected).
   */
  public void open(List<Path> paths) {
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        openFolder(path, null);
      } else if (isModelFile(path)) {
        openModel(path);
      } else if (ImageFolder.isImage(path)) {
        openFolder(path.toAbsolutePath().getParent(), path);
      } else if (Files.isRegularFile(path)) {
        // A model under another extension: the loader's sniffing says whether it is TorchScript.
        openModel(path);
      } else {
        notices.error("Cannot open " + path.getFileName(), "There is no such file or folder: " + path);
      }
    }
  }

  /** Whether a file looks like a model by its extension. */
  public static boolean isModelFile(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".torchscript") || name.endsWith(".ptl");
  }

  /** Loads a model in the background; the explorer stays usable meanwhile and if it fails. */
  public void openModel(Path file) {
    models.openModel(file);
  }

  /** See {@link ModelOpening#useDevice}. */
  public void useDevice(DeviceChoice choice) {
    models.useDevice(choice);
  }

  /** See {@link ModelOpening#openDemoIfPresent}. */
  public boolean openDemoIfPresent() {
    return models.openDemoIfPresent();
  }

  /**
   * Lists a folder's images (recursively) and selects {@code toSelect} or the first; reads the folder's
   * labels and predicts all of its images in the background.
   */
  public void openFolder(Path folder, Path toSelect) {
    context.recentFiles().addFolder(folder);
    images.open(folder, toSelect);
    dataset.open(folder);
  }

  /**
   * Shows an image in the Explain tab with {@code target} explained (a class index, or {@link
   * TargetOption#PREDICTED}); see {@link ImageSelection#explain}.
   */
  public void explain(Path image, int target) {
    selection.explain(image, target);
  }

  // ---- export ----

  /** A file name for exports of the current view, e.g. "cat_001_ig_dog". */
  public String suggestedExportName() {
    return exports.suggestedName();
  }

  /** Whether there is an attribution to export: a finished one, not a preview or an estimate. */
  public boolean canExportAttribution() {
    return exports.canExportAttribution();
  }

  /** Writes the current view (the heat map with its title and colour bar) as a PNG, in the background. */
  public void exportViewPng(Path file) {
    exports.viewPng(file);
  }

  /** Writes the comparison grid as a PNG, in the background. */
  public void exportComparisonPng(Path file) {
    exports.comparisonPng(file);
  }

  /** Writes the raw attribution (1, C, H, W) as a NumPy .npy file, in the background. */
  public void exportNpy(Path file) {
    exports.npy(file);
  }

  /**
   * Cancels running work and frees the model on the model worker, after the cancelled job has let go
   * of it; call when the window closes, before closing the executors.
   */
  public void shutdown() {
    dataset.shutdown();
    attribution.cancel();
    comparison.cancel();
    models.cancel();
    selection.cancel();
    ModelSession current = state.session.get();
    state.session.set(null);
    models.closeLater(current);
  }
}
