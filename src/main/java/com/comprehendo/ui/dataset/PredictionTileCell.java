package com.comprehendo.ui.dataset;

import atlantafx.base.controls.Spacer;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.ui.gallery.GalleryOverlay;
import com.comprehendo.ui.gallery.TileHeatmaps;
import com.comprehendo.ui.images.ThumbnailCache;
import com.comprehendo.ui.images.ThumbnailView;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.UiStyles;
import java.util.Objects;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.DoubleExpression;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridCell;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * One tile of the dataset grid: the thumbnail, the predicted class with its probability, the true
 * class and the loss (fastai's top-loss titles: prediction, actual, loss, probability). A misprediction gets a red outline and a red mark, a correct one a small green
 * mark. Click selects, double-click opens the image in the Explain tab, the context menu offers the
 * true class and the tile's confusion cell. Tiles are reused as the grid scrolls, so updates only set
 * texts and styles; thumbnails come from a shared cache, decoded by the data layer in the background,
 * with a broken-image mark (its tooltip says why) for a file that cannot be decoded.
 */
final class PredictionTileCell extends GridCell<ImagePrediction> {

  /** Thumbnails are decoded this large (a tile is rarely wider), then scaled to the tile. */
  static final int THUMBNAIL_DECODE_SIZE = 200;
  /** The tile's horizontal padding and border, which the thumbnail leaves free. */
  static final double TILE_PADDING = 18;

  private static final PseudoClass MISPREDICTED = PseudoClass.getPseudoClass("mispredicted");
  private static final PseudoClass CORRECT = PseudoClass.getPseudoClass("correct");
  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  /** The model's outputs for the image held NaN or ±Infinity: its prediction is not to be trusted. */
  private static final PseudoClass NON_FINITE = PseudoClass.getPseudoClass("non-finite");

  private final DatasetViewModel viewModel;
  private final ThumbnailCache thumbnails;
  private final ThumbnailView thumbnail = new ThumbnailView(36);
  private final FontIcon wrongMark = new FontIcon(Material2AL.CLOSE);
  private final FontIcon rightMark = new FontIcon(Material2AL.CHECK);
  private final StackPane badge = new StackPane();
  private final GalleryOverlay overlay;
  private final Label predicted = new Label();
  private final Label probability = new Label();
  private final Label truth = new Label();
  private final Label loss = new Label();
  private final Tooltip tooltip = new Tooltip();
  private final MenuItem explainPredicted = new MenuItem();
  private final MenuItem explainTrue = new MenuItem();
  private final MenuItem showCell = new MenuItem();
  private final VBox content;
  // Held by the cell: the grid drops cells when it rebuilds, and the weak listener lets them go.
  private final ChangeListener<ImagePrediction> selectionListener = (obs, old, value) -> updateSelected();

  /**
   * @param tileWidth the grid's cell width, which the thumbnail follows
   */
  PredictionTileCell(DatasetViewModel viewModel, ThumbnailCache thumbnails, TileHeatmaps heatmaps,
      DoubleExpression tileWidth) {
    this.viewModel = viewModel;
    this.thumbnails = thumbnails;
    getStyleClass().add(UiStyles.PREDICTION_TILE_CELL);
    DoubleBinding side = tileWidth.subtract(TILE_PADDING);
    thumbnail.imageView().fitWidthProperty().bind(side);
    thumbnail.imageView().fitHeightProperty().bind(side);
    wrongMark.getStyleClass().add(UiStyles.TILE_MARK);
    rightMark.getStyleClass().add(UiStyles.TILE_MARK);
    badge.getStyleClass().add(UiStyles.TILE_BADGE);
    badge.setMaxSize(StackPane.USE_PREF_SIZE, StackPane.USE_PREF_SIZE);
    StackPane frame = thumbnail;
    overlay = new GalleryOverlay(heatmaps, thumbnail.imageView());
    frame.getChildren().addAll(overlay.layer(), badge);
    frame.getStyleClass().add(UiStyles.TILE_THUMBNAIL);
    frame.minHeightProperty().bind(side);
    frame.prefHeightProperty().bind(side);
    frame.maxHeightProperty().bind(side);
    StackPane.setAlignment(badge, Pos.TOP_RIGHT);

    predicted.getStyleClass().add(UiStyles.TILE_PREDICTED);
    probability.getStyleClass().addAll(UiStyles.TILE_DETAIL, UiStyles.MONOSPACE);
    truth.getStyleClass().addAll(UiStyles.TILE_DETAIL, UiStyles.TILE_TRUTH);
    loss.getStyleClass().addAll(UiStyles.TILE_DETAIL, UiStyles.MONOSPACE);
    probability.setMinWidth(Label.USE_PREF_SIZE);
    loss.setMinWidth(Label.USE_PREF_SIZE);
    HBox first = new HBox(4, predicted, new Spacer(), probability);
    first.setAlignment(Pos.CENTER_LEFT);
    truth.setMinWidth(0);
    truth.setMaxWidth(Double.MAX_VALUE);
    content = new VBox(frame, first, truth, loss);
    content.getStyleClass().add(UiStyles.PREDICTION_TILE);

    explainPredicted.setGraphic(new FontIcon(Material2AL.IMAGE_SEARCH));
    explainPredicted.setOnAction(e -> viewModel.grid().openInExplain(getItem()));
    explainTrue.setGraphic(new FontIcon(Material2MZ.SCHOOL));
    explainTrue.setOnAction(e -> viewModel.grid().explainTrueClass(getItem()));
    showCell.setGraphic(new FontIcon(Material2AL.FILTER_LIST));
    showCell.setOnAction(e -> viewModel.grid().filterCell(getItem().actual(), getItem().predicted()));
    ContextMenu menu = new ContextMenu(explainPredicted, explainTrue, new SeparatorMenuItem(), showCell);

    setOnMouseClicked(event -> {
      if (isEmpty() || getItem() == null || event.getButton() != MouseButton.PRIMARY) {
        return;
      }
      viewModel.grid().selectedProperty().set(getItem());
      if (getGridView() != null) {
        getGridView().requestFocus();
      }
      if (event.getClickCount() == 2) {
        viewModel.grid().openInExplain(getItem());
      }
    });
    setOnContextMenuRequested(event -> {
      if (!isEmpty() && getItem() != null) {
        viewModel.grid().selectedProperty().set(getItem());
        menu.show(this, event.getScreenX(), event.getScreenY());
        event.consume();
      }
    });
    viewModel.grid().selectedProperty().addListener(new WeakChangeListener<>(selectionListener));
  }

  @Override
  protected void updateItem(ImagePrediction item, boolean empty) {
    super.updateItem(item, empty);
    if (empty || item == null) {
      thumbnail.clear();
      overlay.show(null);
      setGraphic(null);
      setTooltip(null);
      pseudoClassStateChanged(MISPREDICTED, false);
      pseudoClassStateChanged(CORRECT, false);
      pseudoClassStateChanged(SELECTED, false);
      pseudoClassStateChanged(NON_FINITE, false);
      return;
    }
    thumbnail.show(thumbnails.get(item.path()));
    overlay.show(item.path());

    String predictedName = viewModel.grid().className(item.predicted());
    predicted.setText(predictedName);
    probability.setText(Formats.percent(item.predictedProbability()));
    boolean labelled = item.isLabelled();
    boolean wrong = labelled && !item.isCorrect();
    String trueName = labelled ? viewModel.grid().className(item.actual()) : "";
    truth.setText(labelled ? (wrong ? "true: " + trueName : "correct") : "unlabelled");
    loss.setText(!item.finite() ? "output NaN/∞" : labelled ? "loss " + Formats.value(item.loss()) : " ");
    pseudoClassStateChanged(NON_FINITE, !item.finite());
    pseudoClassStateChanged(MISPREDICTED, wrong);
    pseudoClassStateChanged(CORRECT, labelled && !wrong);
    badge.getChildren().setAll(wrong ? wrongMark : rightMark);
    badge.setVisible(labelled);

    StringBuilder tip = new StringBuilder(viewModel.scan().relativePath(item.path()))
        .append("\nPredicted “").append(predictedName).append("” (").append(Formats.percent(item.predictedProbability()))
        .append(")");
    if (labelled) {
      tip.append("\nTrue class “").append(trueName).append("” (").append(Formats.percent(item.actualProbability()))
          .append(") · loss ").append(Formats.value(item.loss()));
    }
    if (!item.finite()) {
      tip.append("\nThe model's outputs include NaN or infinity: this prediction is not to be trusted");
    }
    tip.append("\nDouble-click or Enter: explain in the Explain tab");
    tooltip.setText(tip.toString());
    setTooltip(tooltip);

    explainPredicted.setText("Explain the prediction “" + predictedName + "”");
    explainTrue.setText(labelled ? "Explain the true class “" + trueName + "”" : "Explain the true class");
    explainTrue.setDisable(!labelled || !wrong);
    showCell.setText(labelled ? "Show all “" + trueName + "” predicted as “" + predictedName + "”" : "Show this cell");
    showCell.setDisable(!labelled);
    updateSelected();
    setGraphic(content);
  }

  private void updateSelected() {
    ImagePrediction item = getItem();
    pseudoClassStateChanged(SELECTED, item != null && !isEmpty() && Objects.equals(item, viewModel.grid().selectedProperty().get()));
  }
}
