package com.comprehendo.ui;

import atlantafx.base.controls.Spacer;
import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.ui.comparison.ComparisonView;
import com.comprehendo.ui.dataset.DatasetSummaryPanel;
import com.comprehendo.ui.dataset.DatasetView;
import com.comprehendo.ui.explain.AttributionPanel;
import com.comprehendo.ui.explain.FaithfulnessSection;
import com.comprehendo.ui.heatmap.HeatmapControls;
import com.comprehendo.ui.heatmap.HeatmapView;
import com.comprehendo.ui.images.ImageListView;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.DatasetLookup;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.io.File;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The explorer window's content: the File/View/Run menus, the image sidebar, the Dataset, Explain and
 * Compare tabs, the panel on the right (the dataset's summary beside the Dataset tab, the prediction and
 * attribution settings beside the others), a status bar with the hover readout, banners for notices, an
 * empty state that guides the first steps, and drag-and-drop of models, folders and images. Binds to
 * {@link MainViewModel}; owns only what is purely visual (layout). The menus ({@link ExplorerMenus}), the
 * file dialogs ({@link FileDialogs}), the empty state ({@link EmptyState}) and the notices ({@link
 * NoticeStack}) are their own classes.
 */
public final class MainWindow {

  private final MainViewModel viewModel;
  /** Below this width the window starts without the image list. */
  static final double NARROW_WINDOW = 1200;

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
        viewModel.attribution().runningProperty(), viewModel.dataset().grid().tiles(),
        viewModel.dataset().grid().orderProperty(), viewModel.attribution().resultProperty());
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
        new FaithfulnessSection(viewModel.explainFaithfulness()),
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
    sidebar.setId(NodeIds.IMAGE_LIST_PANEL);
    viewModel.imageListShownProperty().addListener((obs, old, shown) -> {
      // The inspector keeps its width; the tabs take what the image list gives up or asks back.
      double width = split.getWidth();
      double inspectorAt = width > 0 ? Math.max(0.5, 1 - inspector.getWidth() / width) : 0.75;
      if (shown && !split.getItems().contains(sidebar)) {
        split.getItems().add(0, sidebar);
        split.setDividerPositions(Math.min(0.19, inspectorAt / 2), inspectorAt);
      } else if (!shown) {
        split.getItems().remove(sidebar);
        split.setDividerPositions(inspectorAt);
      }
    });
    // A window narrower than this starts without the image list, so the tabs keep room for their tool bars
    // (at 1024 px the three columns left the centre about 500 px); View ▸ Image list brings it back.
    root.widthProperty().addListener(new javafx.beans.InvalidationListener() {
      @Override
      public void invalidated(javafx.beans.Observable observable) {
        if (root.getWidth() > 0) {
          root.widthProperty().removeListener(this);
          if (root.getWidth() < NARROW_WINDOW) {
            viewModel.imageListShownProperty().set(false);
          }
        }
      }
    });

    VBox noticeStack = NoticeStack.create(viewModel.notices());
    FileDialogs dialogs = new FileDialogs(viewModel, this::window);
    Node emptyState = EmptyState.create(viewModel, dialogs);
    StackPane center = new StackPane(split, emptyState, noticeStack);
    StackPane.setAlignment(noticeStack, Pos.TOP_RIGHT);

    root.setTop(new ExplorerMenus(viewModel, dialogs, heatmapView, this::window).menuBar());
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

  // ---- status bar ----

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
    AttributionResult shown = viewModel.attribution().resultProperty().get();
    if (shown != null) {
      shown.layerSource().ifPresent(source -> text.append(" · map of ").append(source).append(", upsampled"));
    }
    String position = viewModel.gridPosition();
    if (!position.isEmpty()) {
      text.append(" · ").append(position);
    }
    if (viewModel.attribution().previewingProperty().get()) {
      text.append(viewModel.attribution().runningProperty().get()
          ? " · showing a preview that sharpens as the attribution runs" : " · showing a preview (the full run was cancelled)");
    }
    return text.toString();
  }
}
