package com.comprehendo.ui;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.Explainer;
import com.comprehendo.analysis.Prediction;
import com.comprehendo.data.LabelSource;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Provenance;
import com.comprehendo.model.DeviceChoice;
import com.comprehendo.render.PngWriter;
import com.comprehendo.ui.comparison.ComparisonPanel;
import com.comprehendo.ui.comparison.ComparisonViewModel;
import com.comprehendo.ui.dataset.DatasetViewModel;
import com.comprehendo.ui.explain.AttributionViewModel;
import com.comprehendo.ui.explain.TargetOption;
import com.comprehendo.ui.heatmap.HeatmapPainter;
import com.comprehendo.ui.heatmap.HeatmapSettings;
import com.comprehendo.ui.heatmap.HeatmapViewModel;
import com.comprehendo.ui.heatmap.RenderedImage;
import com.comprehendo.ui.images.ImageListViewModel;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.service.ExportProvenance;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.DatasetLookup;
import com.comprehendo.ui.support.FigureComposer;
import com.comprehendo.ui.support.ImageEntry;
import com.comprehendo.ui.support.ImageFolder;
import com.comprehendo.ui.support.ImageInput;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.support.OneDecode;
import com.comprehendo.ui.support.PreparedImage;
import com.comprehendo.ui.support.RecentFiles;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskHandle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explorer's state and the actions of its menus: the open model, the open folder, the current
 * image and its prediction, the tab shown, and the feature view-models that hang off them. It wires
 * the features together (a new selection cancels running work, then decodes the image on the file
 * worker and predicts on the model worker; an opened folder is also predicted as a whole by the
 * dataset browser, whose labels give the true class of the image explained) and never touches a
 * control.
 */
public final class MainViewModel {

  private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);

  private final ExplorerContext context;
  private final Notices notices = new Notices();
  private final ImageListViewModel images;
  private final HeatmapSettings display = new HeatmapSettings();
  private final HeatmapViewModel heatmap = new HeatmapViewModel(display);
  private final AttributionViewModel attribution;
  private final ComparisonViewModel comparison;
  private final DatasetViewModel dataset;

  private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>(this, "session");
  private final ObjectProperty<Path> modelFile = new SimpleObjectProperty<>(this, "modelFile");
  private final ObjectProperty<CurrentImage> currentImage = new SimpleObjectProperty<>(this, "currentImage");
  private final ObjectProperty<Prediction> prediction = new SimpleObjectProperty<>(this, "prediction");
  private final BooleanProperty modelLoading = new SimpleBooleanProperty(this, "modelLoading");
  private final BooleanProperty imageLoading = new SimpleBooleanProperty(this, "imageLoading");
  private final BooleanProperty gpuAvailable = new SimpleBooleanProperty(this, "gpuAvailable");
  private final StringProperty title = new SimpleStringProperty(this, "title", "Comprehendo");
  private final StringProperty modelSummary = new SimpleStringProperty(this, "modelSummary", "");
  private final ObjectProperty<DeviceChoice> device = new SimpleObjectProperty<>(this, "device", initialDevice());
  private final StringProperty statusText = new SimpleStringProperty(this, "statusText", "");
  private final ObjectProperty<MainTab> selectedTab = new SimpleObjectProperty<>(this, "selectedTab", MainTab.EXPLAIN);

  private TaskHandle modelLoad = TaskHandle.NONE;
  private TaskHandle imageLoad = TaskHandle.NONE;
  private TaskHandle predictionJob = TaskHandle.NONE;
  private Path pendingFolder;
  /** The target to preset when this image is shown (it was opened from the dataset browser). */
  private PendingTarget pendingTarget;

  private record PendingTarget(Path image, TargetOption target) {}

  public MainViewModel(ExplorerContext context) {
    this.context = context;
    this.images = new ImageListViewModel(context.ioExecutor(), notices);
    this.attribution = new AttributionViewModel(context.modelExecutor(), notices, System::nanoTime);
    this.comparison = new ComparisonViewModel(context.modelExecutor(), notices, display, attribution);
    this.dataset = new DatasetViewModel(context.modelExecutor(), context.ioExecutor(), notices, this::explain,
        System::nanoTime);
    // Asking libtorch loads its natives (seconds): on the model worker, ahead of the first model.
    context.modelExecutor().execute(BackgroundTask.of("Looking for a GPU", ctx -> DeviceChoice.availableGpus() > 0)
        .onSuccess(gpuAvailable::set));
    attribution.sessionProperty().bind(session);
    attribution.imageProperty().bind(currentImage);
    attribution.predictionProperty().bind(prediction);
    comparison.sessionProperty().bind(session);
    comparison.imageProperty().bind(currentImage);
    comparison.predictionProperty().bind(prediction);
    heatmap.imageProperty().bind(Bindings.createObjectBinding(
        () -> currentImage.get() == null ? null : currentImage.get().prepared().pixels(), currentImage));
    heatmap.resultProperty().bind(attribution.resultProperty());
    images.selectedProperty().addListener((obs, old, entry) -> loadImage(entry));
    comparison.activeProperty().bind(selectedTab.isEqualTo(MainTab.COMPARE));
    dataset.sessionProperty().bind(session);
    images.lookupProperty().bind(dataset.lookupProperty());
    dataset.lookupProperty().addListener((obs, old, lookup) -> refreshTrueClass());
    // A folder whose images carry labels opens on its overview: accuracy, confusions, top losses.
    dataset.scan().scannedProperty().addListener((obs, old, scanned) -> {
      if (scanned != null && !(scanned.labelSource() instanceof LabelSource.NoLabels)) {
        selectedTab.set(MainTab.DATASET);
      }
    });
    title.bind(Bindings.createStringBinding(this::describeTitle, modelFile, images.folderProperty()));
  }

  // ---- features ----

  public Notices notices() {
    return notices;
  }

  public ImageListViewModel images() {
    return images;
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
    return session;
  }

  public ReadOnlyObjectProperty<CurrentImage> currentImageProperty() {
    return currentImage;
  }

  public ReadOnlyObjectProperty<Prediction> predictionProperty() {
    return prediction;
  }

  public ReadOnlyBooleanProperty modelLoadingProperty() {
    return modelLoading;
  }

  public ReadOnlyBooleanProperty imageLoadingProperty() {
    return imageLoading;
  }

  /** "Comprehendo — model.pt — images". */
  public ReadOnlyStringProperty titleProperty() {
    return title;
  }

  /** E.g. "model.pt · 10 classes · 224×224". */
  /** Where models compute: auto (the GPU when libtorch sees one), CPU or GPU. Change it with {@link #useDevice}. */
  public ReadOnlyObjectProperty<DeviceChoice> deviceProperty() {
    return device;
  }

  /**
   * Computes on {@code choice} from now on: the open model is loaded again there (its dataset results
   * and cache are rebuilt, as for a newly opened model). If the device cannot be used, the message says
   * why and the model stays where it was.
   */
  public void useDevice(DeviceChoice choice) {
    DeviceChoice previous = device.get();
    if (choice == previous) {
      return;
    }
    device.set(choice);
    Path open = modelFile.get();
    if (open != null) {
      loadModel(open, () -> device.set(previous));
    }
  }

  /**
   * Whether libtorch sees a GPU (never with the bundled CPU build; see docs/gpu.md); false until the
   * model worker has asked.
   */
  public ReadOnlyBooleanProperty gpuAvailableProperty() {
    return gpuAvailable;
  }

  /** The {@code comprehendo.device} system property (auto, cpu, gpu), else auto. */
  private static DeviceChoice initialDevice() {
    try {
      return DeviceChoice.parse(System.getProperty("comprehendo.device", "auto"));
    } catch (IllegalArgumentException e) {
      return DeviceChoice.AUTO;
    }
  }

  public ReadOnlyStringProperty modelSummaryProperty() {
    return modelSummary;
  }

  /** The tab shown in the centre; the window keeps it in step with the user's clicks. */
  public ObjectProperty<MainTab> selectedTabProperty() {
    return selectedTab;
  }

  /** Background activity in words, for the status bar. */
  public ReadOnlyStringProperty statusTextProperty() {
    return statusText;
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
    loadModel(file, () -> {});
  }

  private void loadModel(Path file, Runnable onFailure) {
    attribution.cancel();
    comparison.cancel();
    modelLoad.cancel();
    modelLoading.set(true);
    statusText.set("Loading " + file.getFileName() + "…");
    Path absolute = file.toAbsolutePath().normalize();
    modelLoad = context.modelExecutor().execute(
        BackgroundTask.of("Loading " + file.getFileName(), ctx -> new ModelSession(context.explainers().open(absolute, device.get())))
            .onSuccess(this::useSession)
            .onFailure(error -> {
              onFailure.run();
              notices.error("Cannot open " + file.getFileName(), error);
              openPendingFolder();
            })
            .onFinished(() -> {
              modelLoading.set(false);
              statusText.set("");
            }));
  }

  private void useSession(ModelSession opened) {
    ModelSession previous = session.get();
    // The shown image was preprocessed for the previous model (its size and normalization); drop it
    // before the new model is visible, then decode it again for the new one.
    currentImage.set(null);
    prediction.set(null);
    // The dataset's predictions start when the session is set, the shown image's prediction is queued
    // just after: they make way for it rather than decode a batch first.
    Runnable imageFirst = images.selectedProperty().get() == null ? () -> {} : context.modelExecutor().announceInteractive();
    session.set(opened);
    modelFile.set(opened.explainer().file());
    context.recentFiles().addModel(opened.explainer().file());
    var pre = opened.explainer().preprocessing();
    modelSummary.set(opened.explainer().file().getFileName() + " · " + opened.explainer().classNames().size()
        + " classes · " + pre.width() + "×" + pre.height() + " " + pre.resize().cliName() + " · "
        + opened.explainer().device());
    if (!opened.explainer().assumptions().isEmpty()) {
      notices.warning("Assumptions about " + opened.explainer().file().getFileName(),
          String.join("; ", opened.explainer().assumptions()));
    }
    if (previous != null) {
      // Closed on the model worker, after anything still queued that uses it.
      context.modelExecutor().execute(BackgroundTask.of("Closing model", ctx -> {
        previous.close();
        return null;
      }));
    }
    if (!openPendingFolder()) {
      loadImage(images.selectedProperty().get());
    }
    imageFirst.run();
  }

  /** Opens the folder that waited for the model (the demo's images), if any. */
  private boolean openPendingFolder() {
    if (pendingFolder == null) {
      return false;
    }
    Path folder = pendingFolder;
    pendingFolder = null;
    openFolder(folder, null);
    return true;
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
   * Shows an image in the Explain tab: selects it in the image list (clearing the list's filter if it
   * hides the image) and explains {@code target}.
   *
   * @param target a class index, or {@link TargetOption#PREDICTED}
   */
  public void explain(Path image, int target) {
    ImageEntry entry = images.images().stream().filter(e -> e.path().equals(image)).findFirst()
        .orElseGet(() -> entryOutsideTheList(image));
    if (!images.filteredImages().contains(entry)) {
      images.filterProperty().set("");
    }
    TargetOption option = attribution.targetOptions().stream()
        .filter(o -> o.index() == target).findFirst().orElse(TargetOption.predicted());
    selectedTab.set(MainTab.EXPLAIN);
    if (entry.equals(images.selectedProperty().get()) && currentImage.get() != null) {
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

  /**
   * Opens the demo (a model and its {@code images} folder) if there is one: {@code
   * comprehendo.demo.dir} or {@code assets/demo} in the working directory.
   *
   * @return whether a demo was found
   */
  public boolean openDemoIfPresent() {
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

  private void loadImage(ImageEntry entry) {
    if (pendingTarget != null && (entry == null || !pendingTarget.image().equals(entry.path()))) {
      pendingTarget = null;
    }
    attribution.cancel();
    comparison.cancel();
    imageLoad.cancel();
    predictionJob.cancel();
    if (entry == null) {
      currentImage.set(null);
      prediction.set(null);
      return;
    }
    ModelSession current = session.get();
    LOG.debug("showing {}", entry.fileName()); // with the attribution's log: click to first heatmap
    imageLoading.set(true);
    if (current == null) {
      imageLoad = context.ioExecutor().execute(
          BackgroundTask.of("Reading " + entry.fileName(), ctx -> ImageInput.load(entry.path(), null))
              .onSuccess(prepared -> showImage(entry, prepared, null))
              .onFailure(error -> cannotRead(entry, error))
              .onFinished(() -> imageLoading.set(false)));
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
            .onFinished(() -> imageLoading.set(false)));
    AtomicReference<Runnable> attributionFollows = new AtomicReference<>(() -> {});
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
              Prediction predicted = current.predict(prepared.tensor());
              // Dataset predictions (background work) keep waiting until the attribution that this
              // prediction starts is queued.
              Runnable announcement = context.modelExecutor().announceInteractive();
              attributionFollows.set(announcement);
              if (ctx.isCancelled()) {
                announcement.run(); // its onFinished may have run already
              }
              return new PredictedImage(prepared, predicted);
            })
            .onSuccess(predicted -> {
              // The same decoded image, even if its true class was refined meanwhile.
              CurrentImage shown = currentImage.get();
              if (predicted != null && shown != null && shown.prepared() == predicted.image()) {
                prediction.set(predicted.prediction());
              }
            })
            .onFailure(error -> notices.error("The model failed on " + entry.fileName(), error))
            .onFinished(() -> attributionFollows.get().run()));
  }

  private void cannotRead(ImageEntry entry, Throwable error) {
    if (entry.equals(images.selectedProperty().get())) {
      currentImage.set(null);
      prediction.set(null);
      notices.error("Cannot read " + entry.fileName(), error);
    }
  }

  /** Shows a decoded image (once: both workers may deliver it) if it is still the one wanted. */
  private void showImage(ImageEntry entry, PreparedImage prepared, ModelSession current) {
    CurrentImage showing = currentImage.get();
    if (!entry.equals(images.selectedProperty().get()) || current != session.get()
        || (showing != null && showing.prepared() == prepared)) {
      return;
    }
    CurrentImage shown = describe(entry, prepared, current);
    prediction.set(null);
    if (pendingTarget != null && pendingTarget.image().equals(entry.path())) {
      // Preset the target while no image is shown, so it starts nothing for the previous image.
      currentImage.set(null);
      attribution.targetProperty().set(pendingTarget.target());
      pendingTarget = null;
    }
    currentImage.set(shown);
  }

  /** A prediction with the decoded image it was made for. */
  private record PredictedImage(PreparedImage image, Prediction prediction) {}


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
    CurrentImage shown = currentImage.get();
    if (shown == null) {
      return;
    }
    CurrentImage updated = describe(shown.entry(), shown.prepared(), session.get());
    if (!updated.trueClass().equals(shown.trueClass()) || !updated.trueClassSource().equals(shown.trueClassSource())) {
      currentImage.set(updated);
    }
  }

  // ---- export ----

  /** A file name for exports of the current view, e.g. "cat_001_ig_dog". */
  public String suggestedExportName() {
    AttributionKey key = attribution.resultKeyProperty().get();
    CurrentImage current = currentImage.get();
    if (current == null) {
      return "comprehendo";
    }
    String stem = current.entry().fileName().replaceFirst("\\.[^.]+$", "");
    if (key == null || session.get() == null) {
      return stem;
    }
    return stem + "_" + key.method().methodId() + "_" + session.get().explainer().classNames().get(key.target());
  }

  /** Whether there is an attribution to export: a finished one, not a preview or an estimate. */
  public boolean canExportAttribution() {
    return attribution.resultProperty().get() != null && !attribution.previewingProperty().get();
  }

  /** Says why nothing is exported when only a preview is shown; true when there is a result to export. */
  private boolean exportable() {
    if (attribution.resultProperty().get() == null) {
      notices.warning("Nothing to export", "Compute an attribution first.");
      return false;
    }
    if (attribution.previewingProperty().get()) {
      notices.warning("Only a preview is shown",
          "The heat map shown is a preview or an estimate, not the requested attribution: export once it is computed.");
      return false;
    }
    return true;
  }

  /** Writes the current view (the heat map with its title and colour bar) as a PNG, in the background. */
  public void exportViewPng(Path file) {
    RenderedImage pixels = heatmap.rendered();
    CurrentImage current = currentImage.get();
    if (pixels == null || current == null) {
      notices.warning("Nothing to export", "Open an image first.");
      return;
    }
    if (attribution.resultProperty().get() != null && !exportable()) {
      return;
    }
    AttributionKey key = attribution.resultKeyProperty().get();
    String title = current.entry().fileName();
    String subtitle = key == null || session.get() == null ? ""
        : key.method().descriptor().displayName() + " · “"
            + session.get().explainer().classNames().get(key.target()) + "” · " + key.method().summary();
    FigureComposer.Bar bar = null;
    if (heatmap.showsAttributionProperty().get() && heatmap.colorBarProperty().get() != null) {
      AttributionResult result = attribution.resultProperty().get();
      float threshold = result.profile(display.sign()).threshold(display.outlierPercent());
      double[] range = HeatmapPainter.barRange(display.sign(), threshold);
      bar = new FigureComposer.Bar(display.resolvedColormap(), range[0], range[1], heatmap.barCaptionProperty().get());
    }
    FigureComposer.Bar figureBar = bar;
    List<FigureComposer.Panel> panels = List.of(new FigureComposer.Panel(title, subtitle, pixels.argb(), pixels.width(), pixels.height()));
    Explainer explainer = session.get() == null ? null : session.get().explainer();
    Map<String, Object> settings = heatmap.showsAttributionProperty().get() ? displaySettings() : Map.of();
    Path image = current.entry().path();
    writeFigure(file, () -> FigureComposer.compose(panels, 1, figureBar),
        () -> ExportProvenance.attribution("export the heat map view as PNG", explainer, image, key, settings));
  }

  /** Writes the comparison grid as a PNG, in the background. */
  public void exportComparisonPng(Path file) {
    List<FigureComposer.Panel> panels = comparison.figurePanels();
    if (panels.isEmpty()) {
      notices.warning("Nothing to export", "Run a comparison first.");
      return;
    }
    FigureComposer.Bar bar = comparison.figureBar();
    int columns = panels.size() <= 4 ? panels.size() : (int) Math.ceil(Math.sqrt(panels.size()));
    // The panels figurePanels() draws: the finished ones.
    List<AttributionKey> keys = comparison.panels().stream()
        .filter(panel -> panel.resultProperty().get() != null && panel.imageProperty().get() != null)
        .map(ComparisonPanel::key).toList();
    Explainer explainer = session.get() == null ? null : session.get().explainer();
    Map<String, Object> settings = displaySettings();
    settings.put("shared_scale", comparison.sharedScaleProperty().get());
    writeFigure(file, () -> FigureComposer.compose(panels, columns, bar),
        () -> ExportProvenance.comparison("export the comparison as PNG", explainer, keys, settings));
  }

  /** The heat map's display settings, under the names of {@code comprehendo render}'s options. */
  private Map<String, Object> displaySettings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("method", display.method().cliName());
    settings.put("sign", display.sign().cliName());
    settings.put("cmap", display.resolvedColormap().name());
    settings.put("outlier_perc", display.outlierPercent());
    settings.put("alpha_overlay", display.alpha());
    return settings;
  }

  /** Writes a figure and its provenance sidecar together, in the background (hashing included). */
  private void writeFigure(Path file, Supplier<BufferedImage> figure, Supplier<Provenance> provenance) {
    context.ioExecutor().execute(BackgroundTask.of("Exporting " + file.getFileName(), ctx -> {
      provenance.get().write(file, PngWriter.content(figure.get()));
      return file;
    }).onSuccess(written -> notices.info("Exported", written.toString()))
        .onFailure(error -> notices.error("Cannot write " + file.getFileName(), error)));
  }

  /** Writes the raw attribution (1, C, H, W) as a NumPy .npy file, in the background. */
  public void exportNpy(Path file) {
    if (!exportable()) {
      return;
    }
    AttributionResult result = attribution.resultProperty().get();
    NpyArray array = new NpyArray(result.batchShape(), result.values().clone());
    AttributionKey key = attribution.resultKeyProperty().get();
    Explainer explainer = session.get() == null ? null : session.get().explainer();
    Path image = key != null ? key.image() : currentImage.get() == null ? null : currentImage.get().entry().path();
    context.ioExecutor().execute(BackgroundTask.of("Exporting " + file.getFileName(), ctx -> {
      ExportProvenance.attribution("export the attribution as .npy", explainer, image, key, Map.of())
          .write(file, array::write);
      return file;
    }).onSuccess(written -> notices.info("Exported", written + " · shape "
            + java.util.Arrays.toString(result.batchShape()) + ", float32"))
        .onFailure(error -> notices.error("Cannot write " + file.getFileName(), error)));
  }

  /**
   * Cancels running work and frees the model on the model worker, after the cancelled job has let go
   * of it; call when the window closes, before closing the executors.
   */
  public void shutdown() {
    dataset.shutdown();
    attribution.cancel();
    comparison.cancel();
    modelLoad.cancel();
    imageLoad.cancel();
    predictionJob.cancel();
    ModelSession current = session.get();
    session.set(null);
    if (current != null) {
      context.modelExecutor().execute(BackgroundTask.of("Closing model", ctx -> {
        current.close();
        return null;
      }));
    }
  }

  private String describeTitle() {
    StringBuilder text = new StringBuilder("Comprehendo");
    if (modelFile.get() != null) {
      text.append(" — ").append(modelFile.get().getFileName());
    }
    if (images.folderProperty().get() != null) {
      text.append(" — ").append(images.folderProperty().get().getFileName());
    }
    return text.toString();
  }
}
