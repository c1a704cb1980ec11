package com.comprehendo.ui.dataset;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.ui.gallery.ClassMapPanel;
import com.comprehendo.ui.gallery.DatasetFaithfulnessPanel;
import com.comprehendo.ui.gallery.GalleryControls;
import com.comprehendo.ui.gallery.TileHeatmaps;
import com.comprehendo.ui.heatmap.HeatmapSettings;
import com.comprehendo.ui.images.ThumbnailCache;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import impl.org.controlsfx.skin.GridViewSkin;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridView;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The "Dataset" view: every image of the folder as a tile in a virtualized grid (ControlsFX {@link
 * GridView}: only the visible rows exist, thumbnails load lazily), with the filters (all, mispredicted
 * or correct; true and predicted class), the order (top losses first by default), and the run's
 * progress with Cancel/Resume. Arrow keys move the selection, Enter or a double-click opens the image
 * in the Explain tab. Binds to {@link DatasetViewModel} only.
 */
public final class DatasetView extends BorderPane {

  /** Tiles are at least this wide; the grid widens them to fill its rows exactly. */
  private static final double MIN_TILE_WIDTH = 150;
  /** The tile's height beyond its (square) thumbnail: three lines of text and the padding. */
  private static final double TILE_TEXT_HEIGHT = 72;
  private static final double SPACING = 6;
  /** What GridViewSkin keeps free of a row's width (its scroll bar). */
  private static final double ROW_RESERVE = 18;

  private final DatasetViewModel viewModel;
  private final GridView<ImagePrediction> grid;

  /** @param display the live heat-map settings, which the gallery's tiles and class map follow */
  public DatasetView(DatasetViewModel viewModel, HeatmapSettings display) {
    this.viewModel = viewModel;
    setId(NodeIds.DATASET_VIEW);
    ThumbnailCache thumbnails = new ThumbnailCache(PredictionTileCell.THUMBNAIL_DECODE_SIZE, 400);
    TileHeatmaps heatmaps = new TileHeatmaps(viewModel.gallery(), display);

    grid = new GridView<>(viewModel.grid().tiles());
    grid.setId(NodeIds.DATASET_GRID);
    grid.getStyleClass().addAll(UiStyles.DATASET_GRID, UiStyles.CANVAS);
    grid.setHorizontalCellSpacing(SPACING);
    grid.setVerticalCellSpacing(SPACING);
    fitTiles(800);
    grid.widthProperty().addListener((obs, old, width) -> fitTiles(width.doubleValue()));
    grid.setCellFactory(view -> new PredictionTileCell(viewModel, thumbnails, heatmaps, grid.cellWidthProperty()));
    grid.setFocusTraversable(true);
    grid.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);

    Label placeholder = new Label();
    placeholder.setId(NodeIds.DATASET_PLACEHOLDER);
    placeholder.getStyleClass().add(UiStyles.EMPTY_STATE_TEXT);
    placeholder.setWrapText(true);
    placeholder.setMaxWidth(420);
    placeholder.textProperty().bind(viewModel.placeholderTextProperty());
    placeholder.visibleProperty().bind(viewModel.placeholderTextProperty().isNotEmpty());
    placeholder.setMouseTransparent(true);
    StackPane center = new StackPane(grid, placeholder);
    ClassMapPanel classMap = new ClassMapPanel(viewModel.gallery(), display, viewModel.grid().tiles());

    setTop(new VBox(toolbar(), new GalleryControls(viewModel.gallery()), statusStrip()));
    setCenter(center);
    VBox side = new VBox(8, classMap, new DatasetFaithfulnessPanel(viewModel.gallery().faithfulness()));
    side.setFillWidth(false);
    setRight(side);
  }

  /**
   * Sizes the tiles so whole columns fill the row (GridView left-aligns what is left over): as many
   * columns as fit at the minimum width, then each as wide as they can share.
   */
  private void fitTiles(double gridWidth) {
    double row = Math.max(MIN_TILE_WIDTH + 2 * SPACING, gridWidth - ROW_RESERVE);
    int columns = Math.max(1, (int) Math.floor(row / (MIN_TILE_WIDTH + 2 * SPACING)));
    double width = Math.floor(row / columns - 2 * SPACING) - 1;
    grid.setCellWidth(width);
    grid.setCellHeight(width - PredictionTileCell.TILE_PADDING + TILE_TEXT_HEIGHT);
  }

  /** The grid, e.g. for keyboard focus. */
  public GridView<ImagePrediction> grid() {
    return grid;
  }

  private Node toolbar() {
    ToggleGroup scopes = new ToggleGroup();
    ToggleButton all = scopeButton(TileScope.ALL, NodeIds.DATASET_SCOPE_ALL, Styles.LEFT_PILL, scopes);
    ToggleButton wrong =
        scopeButton(TileScope.MISPREDICTED, NodeIds.DATASET_SCOPE_MISPREDICTED, Styles.CENTER_PILL, scopes);
    ToggleButton right = scopeButton(TileScope.CORRECT, NodeIds.DATASET_SCOPE_CORRECT, Styles.RIGHT_PILL, scopes);
    wrong.disableProperty().bind(viewModel.labelledProperty().not());
    right.disableProperty().bind(viewModel.labelledProperty().not());
    wrong.setTooltip(new Tooltip("Only the images the model got wrong (Ctrl+M)"));
    scopes.selectedToggleProperty().addListener((obs, old, toggle) -> {
      if (toggle == null) {
        old.setSelected(true); // a pill group always has one pressed
      } else if (toggle.getUserData() != viewModel.grid().scopeProperty().get()) {
        viewModel.grid().scopeProperty().set((TileScope) toggle.getUserData());
      }
    });
    Runnable showScope = () -> scopes.getToggles().stream()
        .filter(t -> t.getUserData() == viewModel.grid().scopeProperty().get())
        .findFirst().ifPresent(t -> t.setSelected(true));
    viewModel.grid().scopeProperty().addListener(obs -> showScope.run());
    showScope.run();
    HBox pills = new HBox(all, wrong, right);
    pills.setMinWidth(Region.USE_PREF_SIZE);

    ComboBox<ClassChoice> actual = classChooser(NodeIds.DATASET_ACTUAL_CHOICE, "True: ", 150, 140);
    follow(actual, viewModel.grid().actualFilterProperty());
    actual.disableProperty().bind(viewModel.labelledProperty().not());
    actual.setTooltip(new Tooltip("Only images whose true class is this"));
    ComboBox<ClassChoice> predicted = classChooser(NodeIds.DATASET_PREDICTED_CHOICE, "Predicted: ", 154, 140);
    follow(predicted, viewModel.grid().predictedFilterProperty());
    predicted.setTooltip(new Tooltip("Only images the model predicted as this"));

    ComboBox<TileOrder> order = new ComboBox<>(FXCollections.observableArrayList(TileOrder.values()));
    order.setId(NodeIds.DATASET_ORDER_CHOICE);
    follow(order, viewModel.grid().orderProperty());
    order.setTooltip(new Tooltip("Order: top losses (most confidently wrong first), confidence, or file name"));
    order.setPrefWidth(140);
    order.setMinWidth(118);

    HBox toolbar = new HBox(pills, actual, predicted, new Spacer(), order);
    toolbar.getStyleClass().add(UiStyles.VIEW_TOOLBAR);
    toolbar.setSpacing(6);
    toolbar.setMinWidth(0);
    HBox.setMargin(pills, new javafx.geometry.Insets(0, 10, 0, 0));
    return toolbar;
  }

  /**
   * Keeps a chooser and a view-model property in step, both ways, except for the null a combo box sets
   * while its items are replaced (a filter is never "nothing").
   */
  private static <T> void follow(ComboBox<T> chooser, javafx.beans.property.ObjectProperty<T> property) {
    chooser.setValue(property.get());
    chooser.valueProperty().addListener((obs, old, value) -> {
      if (value == null) {
        chooser.setValue(property.get());
      } else if (!value.equals(property.get())) {
        property.set(value);
      }
    });
    property.addListener((obs, old, value) -> chooser.setValue(value));
  }

  private ToggleButton scopeButton(TileScope scope, String id, String pill, ToggleGroup group) {
    ToggleButton button = new ToggleButton(scope.toString());
    button.setId(id);
    button.setUserData(scope);
    button.setToggleGroup(group);
    button.getStyleClass().add(pill);
    button.setMinWidth(Region.USE_PREF_SIZE);
    return button;
  }

  /** A class filter whose closed button says what it filters, e.g. "True: cat" or "Predicted: any". */
  private ComboBox<ClassChoice> classChooser(String id, String prefix, double width, double minWidth) {
    ComboBox<ClassChoice> chooser = new ComboBox<>(viewModel.grid().classChoices());
    chooser.setId(id);
    chooser.setVisibleRowCount(14);
    chooser.setPrefWidth(width);
    chooser.setMinWidth(minWidth);
    chooser.setButtonCell(new ListCell<>() {
      @Override
      protected void updateItem(ClassChoice choice, boolean empty) {
        super.updateItem(choice, empty);
        setText(prefix + (empty || choice == null || choice.isAny() ? "any" : choice.label()));
      }
    });
    return chooser;
  }

  private Node statusStrip() {
    Label count = new Label();
    count.setId(NodeIds.DATASET_TILE_COUNT);
    count.getStyleClass().add(UiStyles.HINT);
    count.textProperty().bind(viewModel.grid().tileCountTextProperty());
    Hyperlink clear = new Hyperlink("Show all");
    clear.setId(NodeIds.DATASET_CLEAR_FILTERS);
    clear.getStyleClass().add(UiStyles.STRIP_LINK);
    clear.setTooltip(new Tooltip("Clear the filters"));
    clear.setOnAction(e -> viewModel.grid().clearFilters());
    clear.visibleProperty().bind(viewModel.grid().scopeProperty().isNotEqualTo(TileScope.ALL)
        .or(viewModel.grid().actualFilterProperty().isNotEqualTo(ClassChoice.ANY))
        .or(viewModel.grid().predictedFilterProperty().isNotEqualTo(ClassChoice.ANY)));
    clear.managedProperty().bind(clear.visibleProperty());
    clear.setMinWidth(Region.USE_PREF_SIZE);

    ProgressBar progress = new ProgressBar();
    progress.setId(NodeIds.DATASET_PROGRESS_BAR);
    progress.progressProperty().bind(viewModel.run().progressProperty());
    progress.setPrefWidth(160);
    progress.getStyleClass().add(Styles.SMALL);
    progress.visibleProperty().bind(viewModel.run().runningProperty());
    progress.managedProperty().bind(progress.visibleProperty());
    Label progressText = new Label();
    progressText.setId(NodeIds.DATASET_PROGRESS_TEXT);
    progressText.getStyleClass().add(UiStyles.HINT);
    progressText.textProperty().bind(Bindings.when(viewModel.run().runningProperty())
        .then(Bindings.concat("Predicting · ", viewModel.run().progressTextProperty()))
        .otherwise(viewModel.run().statusTextProperty()));

    Button cancel = new Button("Stop", new FontIcon(Material2MZ.STOP));
    cancel.setId(NodeIds.DATASET_CANCEL_BUTTON);
    cancel.getStyleClass().add(Styles.SMALL);
    cancel.setTooltip(new Tooltip("Stop predicting; what was predicted stays"));
    cancel.setOnAction(e -> viewModel.run().cancel());
    cancel.visibleProperty().bind(viewModel.run().runningProperty());
    cancel.managedProperty().bind(cancel.visibleProperty());
    Button resume = new Button("Resume", new FontIcon(Material2MZ.PLAY_ARROW));
    resume.setId(NodeIds.DATASET_RESUME_BUTTON);
    resume.getStyleClass().add(Styles.SMALL);
    resume.setTooltip(new Tooltip("Predict the remaining images"));
    resume.setOnAction(e -> viewModel.run().resume());
    resume.visibleProperty().bind(viewModel.run().resumableProperty().and(viewModel.run().runningProperty().not()));
    resume.managedProperty().bind(resume.visibleProperty());

    progressText.setMinWidth(0);
    count.setMinWidth(Region.USE_PREF_SIZE);
    HBox datasetLine = new HBox(10, count, clear, new Spacer(), progressText, progress, cancel, resume);
    datasetLine.setMinWidth(0);
    datasetLine.setAlignment(Pos.CENTER_LEFT);
    // The gallery's progress and cost on a line of their own, the cost wrapping rather than cut: beside the
    // dataset's count and status they were cut short at 1024 px, and the cost of IG even at 1440.
    Label galleryStatus = GalleryControls.statusLabel(viewModel.gallery());
    Label galleryCost = GalleryControls.costLabel(viewModel.gallery());
    HBox galleryLine = new HBox(10, galleryStatus, galleryCost);
    galleryLine.setMinWidth(0);
    galleryLine.setAlignment(Pos.TOP_LEFT);
    galleryLine.visibleProperty().bind(galleryStatus.visibleProperty().or(galleryCost.textProperty().isNotEmpty()));
    galleryLine.managedProperty().bind(galleryLine.visibleProperty());
    VBox strip = new VBox(2, datasetLine, galleryLine);
    strip.setMinWidth(0);
    strip.getStyleClass().add(UiStyles.DATASET_STRIP);
    return strip;
  }

  private void onKey(KeyEvent event) {
    int columns = columns();
    int step = switch (event.getCode()) {
      case LEFT -> -1;
      case RIGHT -> 1;
      case UP -> -columns;
      case DOWN -> columns;
      case PAGE_UP -> -columns * 3;
      case PAGE_DOWN -> columns * 3;
      default -> 0;
    };
    if (step != 0) {
      viewModel.grid().moveSelection(step);
      scrollToSelection(columns);
      event.consume();
    } else if (event.getCode() == KeyCode.ENTER) {
      viewModel.grid().openSelected();
      event.consume();
    }
  }

  private int columns() {
    return grid.getSkin() instanceof GridViewSkin<?> skin ? Math.max(1, skin.computeMaxCellsInRow()) : 1;
  }

  private void scrollToSelection(int columns) {
    int index = viewModel.grid().selectedIndex();
    if (index >= 0 && grid.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
      flow.scrollTo(index / columns);
    }
  }
}
