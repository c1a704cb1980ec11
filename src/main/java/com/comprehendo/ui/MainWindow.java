package com.comprehendo.ui;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.model.DeviceChoice;
import com.comprehendo.ui.comparison.ComparisonView;
import com.comprehendo.ui.dataset.DatasetSummaryPanel;
import com.comprehendo.ui.dataset.DatasetView;
import com.comprehendo.ui.explain.AttributionPanel;
import com.comprehendo.ui.heatmap.HeatmapControls;
import com.comprehendo.ui.heatmap.HeatmapView;
import com.comprehendo.ui.help.DemoGuide;
import com.comprehendo.ui.help.HelpDialogs;
import com.comprehendo.ui.help.ShortcutSheet;
import com.comprehendo.ui.images.ImageListView;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.DatasetLookup;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.support.UiStyles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The explorer window's content: the File/View/Run menus, the image sidebar, the Dataset, Explain and
 * Compare tabs, the panel on the right (the dataset's summary beside the Dataset tab, the prediction and
 * attribution settings beside the others), a status bar with the hover readout, banners for notices, an
 * empty state that guides the first steps, and drag-and-drop of models, folders and images. Binds to
 * {@link MainViewModel}; owns only what is purely visual (file choosers, layout).
 */
public final class MainWindow {

  private final MainViewModel viewModel;
  private final BorderPane root = new BorderPane();
  private final TabPane tabs = new TabPane();
  private final Tab datasetTab = new Tab("Dataset");
  private final Tab explainTab = new Tab("Explain");
  private final Tab compareTab = new Tab("Compare");
  private final HeatmapView heatmapView;

  public MainWindow(MainViewModel viewModel) {
    this.viewModel = viewModel;
    root.getStyleClass().add(UiStyles.ROOT);
    root.getStylesheets().add(MainWindow.class.getResource(UiStyles.STYLESHEET).toExternalForm());

    ImageListView sidebar = new ImageListView(viewModel.images());
    StringBinding imageTitle = Bindings.createStringBinding(() -> viewModel.currentImageProperty().get() == null
        ? "" : viewModel.currentImageProperty().get().entry().relativePath(), viewModel.currentImageProperty());
    StringBinding imageSubtitle = Bindings.createStringBinding(this::describeImage, viewModel.currentImageProperty(),
        viewModel.sessionProperty(), viewModel.dataset().lookupProperty(), viewModel.attribution().previewingProperty(),
        viewModel.attribution().runningProperty());
    heatmapView = new HeatmapView(viewModel.heatmap(), imageTitle, imageSubtitle,
        viewModel.attribution().runningProperty().or(viewModel.imageLoadingProperty()),
        viewModel.attribution().progressProperty());
    ComparisonView comparisonView = new ComparisonView(viewModel.comparison());
    DatasetView datasetView = new DatasetView(viewModel.dataset(), viewModel.display());

    datasetTab.setId(NodeIds.DATASET_TAB);
    datasetTab.setContent(datasetView);
    datasetTab.setGraphic(new FontIcon(Material2AL.APPS));
    explainTab.setId(NodeIds.EXPLAIN_TAB);
    explainTab.setContent(heatmapView);
    explainTab.setGraphic(new FontIcon(Material2AL.IMAGE_SEARCH));
    compareTab.setId(NodeIds.COMPARE_TAB);
    compareTab.setContent(comparisonView);
    compareTab.setGraphic(new FontIcon(Material2MZ.VIEW_MODULE));
    tabs.setId(NodeIds.MAIN_TABS);
    tabs.getTabs().addAll(datasetTab, explainTab, compareTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    // The view-model says which tab is shown (a labelled folder opens on Dataset, a tile opens Explain).
    tabs.getSelectionModel().select(tabFor(viewModel.selectedTabProperty().get()));
    viewModel.selectedTabProperty().addListener((obs, old, tab) -> tabs.getSelectionModel().select(tabFor(tab)));
    tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> {
      MainTab shown = tab == datasetTab ? MainTab.DATASET : tab == compareTab ? MainTab.COMPARE : MainTab.EXPLAIN;
      viewModel.selectedTabProperty().set(shown);
    });

    VBox inspectorContent = new VBox(
        new AttributionPanel(viewModel.attribution(), viewModel.currentImageProperty()),
        new HeatmapControls(viewModel.display(), viewModel.heatmap()));
    DatasetSummaryPanel summary = new DatasetSummaryPanel(viewModel.dataset());
    ScrollPane inspector = new ScrollPane(inspectorContent);
    // Beside the Dataset tab the right panel summarizes the dataset; beside the others it explains.
    Runnable showPanel = () -> inspector.setContent(
        viewModel.selectedTabProperty().get() == MainTab.DATASET ? summary : inspectorContent);
    viewModel.selectedTabProperty().addListener(obs -> showPanel.run());
    showPanel.run();
    inspector.getStyleClass().add(UiStyles.INSPECTOR);
    inspector.setFitToWidth(true);
    inspector.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    inspector.setMinWidth(300);
    inspector.setPrefWidth(350);

    SplitPane split = new SplitPane(sidebar, tabs, inspector);
    split.setDividerPositions(0.19, 0.75);
    SplitPane.setResizableWithParent(sidebar, false);
    SplitPane.setResizableWithParent(inspector, false);

    VBox noticeStack = new VBox();
    noticeStack.setId(NodeIds.NOTICE_STACK);
    noticeStack.getStyleClass().add(UiStyles.NOTICE_STACK);
    noticeStack.setPickOnBounds(false);
    noticeStack.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    noticeStack.setMaxWidth(520);
    viewModel.notices().items().addListener((ListChangeListener<Notices.Notice>) change -> showNotices(noticeStack));

    Node emptyState = emptyState();
    StackPane center = new StackPane(split, emptyState, noticeStack);
    StackPane.setAlignment(noticeStack, Pos.TOP_RIGHT);

    root.setTop(menuBar());
    root.setCenter(center);
    root.setBottom(statusBar());
    installDragAndDrop();
    // Start with the image list focused (arrow keys browse), not the filter box.
    root.sceneProperty().addListener((obs, old, scene) -> {
      if (scene != null) {
        javafx.application.Platform.runLater(() -> sidebar.list().requestFocus());
      }
    });
  }

  /** The window's root node. */
  public Parent root() {
    return root;
  }

  /** Shows the Compare tab (or the Explain tab). */
  public void showComparison(boolean comparison) {
    viewModel.selectedTabProperty().set(comparison ? MainTab.COMPARE : MainTab.EXPLAIN);
  }

  private Tab tabFor(MainTab tab) {
    return switch (tab) {
      case DATASET -> datasetTab;
      case EXPLAIN -> explainTab;
      case COMPARE -> compareTab;
    };
  }

  private Window window() {
    return root.getScene() == null ? null : root.getScene().getWindow();
  }

  // ---- menus ----

  private MenuBar menuBar() {
    MenuItem openModel = item("Open model…", Material2AL.INSIGHTS, "Ctrl+O", this::chooseModel);
    MenuItem openImages = item("Open images…", Material2AL.FOLDER_OPEN, "Ctrl+Shift+O", this::chooseFolder);
    MenuItem openResults = item("Open results…", null, null, this::chooseResults);
    Menu recent = new Menu("Open recent");
    recent.setOnShowing(e -> fillRecent(recent));
    recent.getItems().add(new MenuItem("(none)"));
    MenuItem export = item("Export view as PNG…", Material2MZ.SAVE_ALT, "Ctrl+E", this::exportPng);
    export.textProperty().bind(Bindings.createStringBinding(() -> switch (ExportKind.forTab(
        viewModel.selectedTabProperty().get())) {
      case PREDICTIONS_CSV -> "Export this tab: predictions as CSV…";
      case COMPARISON_PNG -> "Export this tab: comparison as PNG…";
      case VIEW_PNG -> "Export view as PNG…";
    }, viewModel.selectedTabProperty()));
    MenuItem exportComparison = item("Export comparison as PNG…", null, null, () -> choosePng(true));
    MenuItem exportNpy = item("Export attribution as .npy…", null, "Ctrl+Shift+E", this::chooseNpy);
    MenuItem exportCsv = item("Export predictions as CSV…", Material2AL.GRID_ON, null, this::chooseCsv);
    exportCsv.disableProperty().bind(viewModel.dataset().canExportProperty().not());
    MenuItem quit = item("Quit", null, "Ctrl+Q", () -> {
      Window window = window();
      if (window != null) {
        window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        if (window.isShowing()) {
          ((javafx.stage.Stage) window).close();
        }
      }
    });
    Menu file = new Menu("File", null, openModel, openImages, openResults, recent, new SeparatorMenuItem(), export,
        exportComparison, exportNpy, exportCsv, new SeparatorMenuItem(), quit);

    MenuItem zoomIn = item("Zoom in", Material2MZ.ZOOM_IN, "Shortcut+Equals", () -> heatmapView.canvas().zoomIn());
    MenuItem zoomOut = item("Zoom out", Material2MZ.ZOOM_OUT, "Shortcut+Minus", () -> heatmapView.canvas().zoomOut());
    MenuItem fit = item("Fit to window", Material2MZ.ZOOM_OUT_MAP, "Shortcut+0", () -> heatmapView.canvas().fit());
    MenuItem datasetItem = item("Dataset", null, "Shortcut+1",
        () -> viewModel.selectedTabProperty().set(MainTab.DATASET));
    MenuItem explain = item("Explain", null, "Shortcut+2", () -> showComparison(false));
    MenuItem compare = item("Compare", null, "Shortcut+3", () -> showComparison(true));
    MenuItem mispredicted = item("Show mispredicted images", null, "Shortcut+M", () -> {
      viewModel.selectedTabProperty().set(MainTab.DATASET);
      viewModel.dataset().grid().showMispredicted();
    });
    mispredicted.disableProperty().bind(viewModel.dataset().labelledProperty().not());
    MenuItem next = item("Next image", null, "Alt+Down", () -> viewModel.images().selectNext());
    MenuItem previous = item("Previous image", null, "Alt+Up", () -> viewModel.images().selectPrevious());
    Menu view = new Menu("View", null, datasetItem, explain, compare, new SeparatorMenuItem(), mispredicted,
        new SeparatorMenuItem(), zoomIn, zoomOut, fit, new SeparatorMenuItem(), next, previous);

    MenuItem run = item("Run attribution", Material2MZ.PLAY_ARROW, "F5", () -> viewModel.attribution().run());
    run.disableProperty().bind(viewModel.attribution().canRunProperty().not());
    MenuItem cancel = item("Cancel", Material2MZ.STOP, "Esc", () -> {
      viewModel.attribution().cancel();
      viewModel.comparison().cancel();
    });
    cancel.disableProperty().bind(viewModel.attribution().runningProperty().not()
        .and(viewModel.comparison().runningProperty().not()));
    MenuItem runComparison = item("Run comparison", null, "Shift+F5", () -> {
      showComparison(true);
      viewModel.comparison().run();
    });
    MenuItem stopDataset = item("Stop predicting the dataset", null, null, () -> viewModel.dataset().run().cancel());
    stopDataset.disableProperty().bind(viewModel.dataset().run().runningProperty().not());
    MenuItem resumeDataset = item("Resume predicting the dataset", null, null, () -> viewModel.dataset().run().resume());
    resumeDataset.disableProperty().bind(viewModel.dataset().run().resumableProperty().not()
        .or(viewModel.dataset().run().runningProperty()));
    Menu runMenu = new Menu("Run", null, run, runComparison, cancel, new SeparatorMenuItem(), stopDataset,
        resumeDataset, new SeparatorMenuItem(), deviceMenu());

    Menu help = new Menu("Help");
    MenuBar menuBar = new MenuBar(file, view, runMenu, help);
    MenuItem shortcuts = item("Keyboard shortcuts", Material2AL.KEYBOARD, "F1",
        () -> HelpDialogs.showShortcuts(window(), ShortcutSheet.of(menuBar)));
    MenuItem demoGuide = item("What to look for in the demo", null, null, () -> HelpDialogs.showDemoGuide(window(),
        DemoGuide.points(viewModel.dataset().grid(), () -> viewModel.selectedTabProperty().set(MainTab.DATASET))));
    MenuItem about = item("About Comprehendo", null, null, () -> HelpDialogs.showAbout(window()));
    help.getItems().setAll(shortcuts, demoGuide, new SeparatorMenuItem(), about);
    return menuBar;
  }

  /** Run ▸ Compute on: automatic, CPU or GPU; choosing reloads the open model there. */
  private Menu deviceMenu() {
    ReadOnlyBooleanProperty gpu = viewModel.gpuAvailableProperty();
    ToggleGroup group = new ToggleGroup();
    Menu menu = new Menu("Compute on");
    menu.setId(NodeIds.DEVICE_MENU);
    for (DeviceChoice choice : DeviceChoice.values()) {
      RadioMenuItem item = new RadioMenuItem();
      item.textProperty().bind(switch (choice) {
        case AUTO -> Bindings.when(gpu).then("Automatic (the GPU)").otherwise("Automatic (CPU: no GPU found)");
        case CPU -> Bindings.createStringBinding(() -> "CPU");
        case GPU -> Bindings.when(gpu).then("GPU").otherwise("GPU (unavailable: CPU build of libtorch, see docs/gpu.md)");
      });
      item.setToggleGroup(group);
      item.setUserData(choice);
      if (choice == DeviceChoice.GPU) {
        item.disableProperty().bind(gpu.not());
      }
      item.setSelected(viewModel.deviceProperty().get() == choice);
      item.setOnAction(e -> viewModel.useDevice(choice));
      menu.getItems().add(item);
    }
    // A device that failed to load falls back; the radio buttons follow the view-model.
    viewModel.deviceProperty().addListener((obs, old, value) -> group.getToggles().forEach(
        toggle -> toggle.setSelected(toggle.getUserData() == value)));
    return menu;
  }

  private static MenuItem item(String text, org.kordamp.ikonli.Ikon icon, String accelerator, Runnable action) {
    MenuItem item = new MenuItem(text, icon == null ? null : new FontIcon(icon));
    if (accelerator != null) {
      item.setAccelerator(KeyCombination.keyCombination(accelerator));
    }
    item.setOnAction(e -> action.run());
    return item;
  }

  private void fillRecent(Menu recent) {
    recent.getItems().clear();
    for (Path model : viewModel.recentFiles().models()) {
      recent.getItems().add(item(model.getFileName() + "  —  " + model.getParent(), Material2AL.INSIGHTS, null,
          () -> viewModel.openModel(model)));
    }
    if (!recent.getItems().isEmpty()) {
      recent.getItems().add(new SeparatorMenuItem());
    }
    for (Path folder : viewModel.recentFiles().folders()) {
      recent.getItems().add(item(folder.getFileName() + "  —  " + folder.getParent(), Material2AL.FOLDER, null,
          () -> viewModel.openFolder(folder, null)));
    }
    if (recent.getItems().isEmpty()) {
      MenuItem none = new MenuItem("No recent files");
      none.setDisable(true);
      recent.getItems().add(none);
    } else {
      recent.getItems().add(new SeparatorMenuItem());
      recent.getItems().add(item("Clear recent files", null, null, () -> viewModel.recentFiles().clear()));
    }
  }

  // ---- file choosers ----

  private void chooseModel() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open a TorchScript model");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("TorchScript models (*.pt, *.pth, *.torchscript)", "*.pt", "*.pth", "*.torchscript"),
        new FileChooser.ExtensionFilter("All files", "*"));
    viewModel.recentFiles().models().stream().map(Path::getParent).filter(p -> p != null && Files.isDirectory(p))
        .findFirst().ifPresent(dir -> chooser.setInitialDirectory(dir.toFile()));
    File file = chooser.showOpenDialog(window());
    if (file != null) {
      viewModel.openModel(file.toPath());
    }
  }

  private void chooseFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Open a folder of images");
    viewModel.recentFiles().folders().stream().filter(Files::isDirectory).findFirst()
        .ifPresent(dir -> chooser.setInitialDirectory(dir.toFile()));
    File folder = chooser.showDialog(window());
    if (folder != null) {
      viewModel.openFolder(folder.toPath(), null);
    }
  }

  /** A results folder of {@code comprehendo explain}: its maps in the Dataset tab's gallery, not recomputed. */
  private void chooseResults() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Open a results folder of comprehendo explain");
    File folder = chooser.showDialog(window());
    if (folder != null) {
      viewModel.dataset().gallery().openResults(folder.toPath(), root -> viewModel.openFolder(root, null));
      tabs.getSelectionModel().select(datasetTab);
    }
  }

  /** Ctrl+E: the shown tab's export (the Dataset tab's is its predictions, not a sidebar image). */
  private void exportPng() {
    switch (ExportKind.forTab(viewModel.selectedTabProperty().get())) {
      case PREDICTIONS_CSV -> chooseCsv();
      case COMPARISON_PNG -> choosePng(true);
      case VIEW_PNG -> choosePng(false);
    }
  }

  /** Shows a save dialog where the user saved last (at first the home folder) and remembers the folder. */
  private File showSaveDialog(FileChooser chooser) {
    Path start = viewModel.recentFiles().exportFolder();
    if (Files.isDirectory(start)) {
      chooser.setInitialDirectory(start.toFile());
    }
    File file = chooser.showSaveDialog(window());
    if (file != null) {
      viewModel.recentFiles().rememberExport(file.toPath());
    }
    return file;
  }

  private void choosePng(boolean comparison) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(comparison ? "Export the comparison as PNG" : "Export the view as PNG");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG images", "*.png"));
    chooser.setInitialFileName(viewModel.suggestedExportName() + (comparison ? "_comparison" : "") + ".png");
    File file = showSaveDialog(chooser);
    if (file != null) {
      Path path = withExtension(file.toPath(), ".png");
      if (comparison) {
        viewModel.exportComparisonPng(path);
      } else {
        viewModel.exportViewPng(path);
      }
    }
  }

  private void chooseNpy() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export the raw attribution as .npy");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("NumPy arrays", "*.npy"));
    chooser.setInitialFileName(viewModel.suggestedExportName() + ".npy");
    File file = showSaveDialog(chooser);
    if (file != null) {
      viewModel.exportNpy(withExtension(file.toPath(), ".npy"));
    }
  }

  private void chooseCsv() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export the dataset's predictions as CSV");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
    chooser.setInitialFileName(viewModel.dataset().suggestedCsvName());
    File file = showSaveDialog(chooser);
    if (file != null) {
      viewModel.dataset().exportCsv(withExtension(file.toPath(), ".csv"));
    }
  }

  private static Path withExtension(Path file, String extension) {
    String name = file.getFileName().toString();
    return name.toLowerCase(java.util.Locale.ROOT).endsWith(extension) ? file : file.resolveSibling(name + extension);
  }

  // ---- drag and drop ----

  private void installDragAndDrop() {
    root.setOnDragOver(event -> {
      if (event.getDragboard().hasFiles()) {
        event.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
      }
      event.consume();
    });
    root.setOnDragDropped(event -> {
      List<File> files = event.getDragboard().getFiles();
      boolean accepted = files != null && !files.isEmpty();
      if (accepted) {
        viewModel.open(files.stream().map(File::toPath).toList());
      }
      event.setDropCompleted(accepted);
      event.consume();
    });
  }

  // ---- empty state, notices, status bar ----

  private Node emptyState() {
    Label title = new Label("Explain an image classifier");
    title.getStyleClass().add(UiStyles.EMPTY_STATE_TITLE);
    Label text = new Label();
    text.getStyleClass().add(UiStyles.EMPTY_STATE_TEXT);
    text.setWrapText(true);
    text.setMaxWidth(460);
    text.textProperty().bind(Bindings.createStringBinding(() -> {
      if (viewModel.modelLoadingProperty().get()) {
        return "Loading the model…";
      }
      if (viewModel.sessionProperty().get() != null) {
        return "Model ready: " + viewModel.modelSummaryProperty().get() + ".\nNow open a folder of images.";
      }
      return "Open a TorchScript model (.pt) and a folder of images, or drop them onto this window.\n"
          + "Comprehendo shows which pixels drive each prediction.";
    }, viewModel.modelLoadingProperty(), viewModel.sessionProperty(), viewModel.modelSummaryProperty()));

    Button openModel = new Button("Open model…", new FontIcon(Material2AL.INSIGHTS));
    openModel.setId(NodeIds.OPEN_MODEL_BUTTON);
    openModel.setOnAction(e -> chooseModel());
    Button openImages = new Button("Open images…", new FontIcon(Material2AL.FOLDER_OPEN));
    openImages.setId(NodeIds.OPEN_IMAGES_BUTTON);
    openImages.setOnAction(e -> chooseFolder());
    viewModel.sessionProperty().addListener((obs, old, session) -> {
      openModel.getStyleClass().remove(Styles.ACCENT);
      openImages.getStyleClass().remove(Styles.ACCENT);
      (session == null ? openModel : openImages).getStyleClass().add(Styles.ACCENT);
    });
    openModel.getStyleClass().addAll(Styles.LARGE, Styles.ACCENT);
    openImages.getStyleClass().add(Styles.LARGE);
    HBox buttons = new HBox(12, openModel, openImages);
    buttons.setAlignment(Pos.CENTER);

    ProgressIndicator loading = new ProgressIndicator();
    loading.setPrefSize(28, 28);
    loading.visibleProperty().bind(viewModel.modelLoadingProperty());
    loading.managedProperty().bind(loading.visibleProperty());

    VBox recentBox = new VBox(4);
    recentBox.setAlignment(Pos.CENTER);
    Runnable fillRecent = () -> {
      recentBox.getChildren().clear();
      List<Path> models = viewModel.recentFiles().models();
      List<Path> folders = viewModel.recentFiles().folders();
      if (models.isEmpty() && folders.isEmpty()) {
        return;
      }
      Label heading = new Label("RECENT");
      heading.getStyleClass().add(UiStyles.SECTION_TITLE);
      recentBox.getChildren().add(heading);
      models.stream().limit(3).forEach(model -> recentBox.getChildren().add(
          link(model.getFileName().toString(), Material2AL.INSIGHTS, () -> viewModel.openModel(model))));
      folders.stream().limit(3).forEach(folder -> recentBox.getChildren().add(
          link(folder.getFileName() + "/", Material2AL.FOLDER, () -> viewModel.openFolder(folder, null))));
    };
    fillRecent.run();

    FontIcon logo = new FontIcon(Material2AL.IMAGE_SEARCH);
    logo.getStyleClass().add(UiStyles.EMPTY_STATE_ICON);
    VBox box = new VBox(logo, title, text, loading, buttons, recentBox);
    box.setId(NodeIds.EMPTY_STATE);
    box.getStyleClass().add(UiStyles.EMPTY_STATE);
    VBox.setMargin(recentBox, new javafx.geometry.Insets(18, 0, 0, 0));
    BooleanBinding ready = viewModel.sessionProperty().isNotNull().and(viewModel.images().folderProperty().isNotNull());
    box.visibleProperty().bind(ready.not());
    box.visibleProperty().addListener((obs, old, visible) -> {
      if (visible) {
        fillRecent.run();
      }
    });
    return box;
  }

  private static Hyperlink link(String text, org.kordamp.ikonli.Ikon icon, Runnable action) {
    Hyperlink link = new Hyperlink(text, new FontIcon(icon));
    link.setOnAction(e -> action.run());
    return link;
  }

  private void showNotices(VBox stack) {
    stack.getChildren().setAll(viewModel.notices().items().stream().map(this::noticeNode).toList());
  }

  private Node noticeNode(Notices.Notice notice) {
    FontIcon icon = new FontIcon(switch (notice.severity()) {
      case ERROR -> Material2AL.ERROR_OUTLINE;
      case WARNING -> Material2MZ.WARNING;
      case INFO -> Material2AL.INFO;
    });
    Message message = new Message(notice.title(), notice.message(), icon);
    message.setId(NodeIds.NOTICE);
    message.getStyleClass().addAll(switch (notice.severity()) {
      case ERROR -> Styles.DANGER;
      case WARNING -> Styles.WARNING;
      case INFO -> Styles.ACCENT;
    }, Styles.ELEVATED_2);
    message.setOnClose(e -> viewModel.notices().dismiss(notice));
    message.setMaxWidth(520);
    if (notice.severity() == Notices.Severity.INFO) {
      PauseTransition timeout = new PauseTransition(Duration.seconds(6));
      timeout.setOnFinished(e -> viewModel.notices().dismiss(notice));
      timeout.play();
    }
    return message;
  }

  private Node statusBar() {
    Label hover = new Label();
    hover.setId(NodeIds.HOVER_READOUT);
    hover.visibleProperty().bind(viewModel.selectedTabProperty().isEqualTo(MainTab.EXPLAIN));
    hover.getStyleClass().add(UiStyles.MONOSPACE);
    hover.textProperty().bind(Bindings.createStringBinding(() -> {
      String text = viewModel.heatmap().hoverTextProperty().get();
      return text.isEmpty() && viewModel.heatmap().showsAttributionProperty().get()
          ? "Hover over the image to read the attribution of a pixel" : text;
    }, viewModel.heatmap().hoverTextProperty(), viewModel.heatmap().showsAttributionProperty()));
    Label status = new Label();
    status.setId(NodeIds.STATUS_TEXT);
    status.textProperty().bind(Bindings.createStringBinding(() -> {
      if (!viewModel.statusTextProperty().get().isEmpty()) {
        return viewModel.statusTextProperty().get();
      }
      if (viewModel.attribution().runningProperty().get()) {
        return "Computing · " + viewModel.attribution().progressTextProperty().get();
      }
      if (viewModel.dataset().run().runningProperty().get()) {
        return "Predicting the dataset · " + viewModel.dataset().run().progressTextProperty().get();
      }
      return viewModel.modelSummaryProperty().get();
    }, viewModel.statusTextProperty(), viewModel.attribution().runningProperty(),
        viewModel.attribution().progressTextProperty(), viewModel.dataset().run().runningProperty(),
        viewModel.dataset().run().progressTextProperty(), viewModel.modelSummaryProperty()));
    FontIcon modelIcon = new FontIcon(Material2MZ.MEMORY);
    status.setGraphic(modelIcon);
    status.visibleProperty().bind(status.textProperty().isNotEmpty());
    HBox bar = new HBox(hover, new Spacer(), status);
    bar.getStyleClass().add(UiStyles.STATUS_BAR);
    return bar;
  }

  private String describeImage() {
    CurrentImage current = viewModel.currentImageProperty().get();
    if (current == null) {
      return "";
    }
    var prepared = current.prepared();
    StringBuilder text = new StringBuilder();
    text.append(prepared.originalWidth()).append("×").append(prepared.originalHeight());
    if (viewModel.sessionProperty().get() != null) {
      text.append(" → ").append(prepared.pixels().width()).append("×").append(prepared.pixels().height())
          .append(" model input");
    }
    DatasetLookup lookup = viewModel.dataset().lookupProperty().get();
    ImagePrediction predicted = lookup.prediction(current.entry().path()).orElse(null);
    if (current.trueClass().isPresent() && viewModel.sessionProperty().get() != null) {
      text.append(" · true “")
          .append(viewModel.sessionProperty().get().explainer().classNames().get(current.trueClass().getAsInt()))
          .append("”");
    } else if (!current.entry().label().isEmpty()) {
      text.append(" · folder “").append(current.entry().label()).append("”");
    }
    if (predicted != null && predicted.isLabelled() && predicted.actual() == current.trueClass().orElse(-2)) {
      text.append(predicted.isCorrect() ? " · predicted right" : " · mispredicted")
          .append(" · loss ").append(Formats.value(predicted.loss()));
    }
    if (viewModel.attribution().previewingProperty().get()) {
      text.append(viewModel.attribution().runningProperty().get()
          ? " · showing a preview that sharpens as the attribution runs" : " · showing a preview (the full run was cancelled)");
    }
    return text.toString();
  }
}
