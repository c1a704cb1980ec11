package com.comprehendo.ui.images;

import atlantafx.base.controls.CustomTextField;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.ui.support.DatasetLookup;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.ImageEntry;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.util.Optional;
import java.util.OptionalInt;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The sidebar: a filter box and the images of the opened folder with thumbnails, their file names, and
 * their true class (from the dataset's labels, else the label folder) with the model's prediction once
 * the dataset browser has it: a green mark when right, a red one and the predicted class when wrong.
 * The list is virtualized (only visible cells exist) and thumbnails load in the background on demand,
 * so thousands of images scroll smoothly. Binds to {@link ImageListViewModel}.
 */
public final class ImageListView extends VBox {

  private static final int THUMBNAIL_SIZE = 40;

  private final ListView<ImageEntry> list;

  public ImageListView(ImageListViewModel viewModel) {
    getStyleClass().add(UiStyles.SIDEBAR);
    ThumbnailCache thumbnails = new ThumbnailCache(THUMBNAIL_SIZE, 600);

    CustomTextField filter = new CustomTextField();
    filter.setId(NodeIds.IMAGE_FILTER);
    filter.setPromptText("Filter images");
    filter.setLeft(new FontIcon(Material2MZ.SEARCH));
    filter.textProperty().bindBidirectional(viewModel.filterProperty());
    Label count = new Label();
    count.setId(NodeIds.IMAGE_COUNT);
    count.getStyleClass().add(UiStyles.HINT);
    count.textProperty().bind(viewModel.summaryProperty());
    count.visibleProperty().bind(viewModel.folderProperty().isNotNull().or(viewModel.scanningProperty()));
    CheckBox follow = new CheckBox("As the Dataset grid");
    follow.setId(NodeIds.IMAGE_LIST_FOLLOWS_GRID);
    follow.selectedProperty().bindBidirectional(viewModel.followsOrderProperty());
    follow.setTooltip(new Tooltip("List the Dataset grid's images in its order (its filters, top losses first, …);"
        + " off: every image of the folder by name"));
    follow.getStyleClass().add(UiStyles.HINT);
    follow.visibleProperty().bind(viewModel.followedOrderProperty().isNotEmpty());
    follow.managedProperty().bind(follow.visibleProperty());
    count.setWrapText(true);
    VBox header = new VBox(filter, count, follow);
    header.getStyleClass().add(UiStyles.SIDEBAR_HEADER);

    list = new ListView<>(viewModel.filteredImages());
    list.setId(NodeIds.IMAGE_LIST);
    list.setFixedCellSize(54);
    list.setCellFactory(view -> new ImageCell(thumbnails, viewModel));
    Label placeholder = new Label("Open a folder of images\n(File ▸ Open images…)");
    placeholder.getStyleClass().add(UiStyles.HINT);
    placeholder.setWrapText(true);
    list.setPlaceholder(placeholder);
    VBox.setVgrow(list, Priority.ALWAYS);

    // Selection flows both ways: a click selects in the view-model; the view-model's choice (first
    // image, or one given on the command line) is selected and scrolled to here.
    list.getSelectionModel().selectedItemProperty().addListener((obs, old, entry) -> {
      if (entry != null) {
        viewModel.selectedProperty().set(entry);
      }
    });
    viewModel.selectedProperty().addListener((obs, old, entry) -> showSelection(entry));
    // A new filter or order re-lists the images, and the list view drops its selection: select again.
    viewModel.filteredImages().addListener((ListChangeListener<ImageEntry>) change ->
        showSelection(viewModel.selectedProperty().get()));
    // As in the Dataset grid: a double-click (or Enter) opens the image in Explain.
    list.setOnMouseClicked(event -> {
      if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2) {
        viewModel.explain(list.getSelectionModel().getSelectedItem());
      }
    });
    list.setOnKeyPressed(event -> {
      if (event.getCode() == KeyCode.ENTER) {
        viewModel.explain(list.getSelectionModel().getSelectedItem());
      }
    });
    getChildren().addAll(header, list);
  }

  private void showSelection(ImageEntry entry) {
    if (entry == null) {
      list.getSelectionModel().clearSelection();
      return;
    }
    if (entry.equals(list.getSelectionModel().getSelectedItem())) {
      return;
    }
    list.getSelectionModel().select(entry);
    int index = list.getSelectionModel().getSelectedIndex();
    if (index >= 0) {
      list.scrollTo(Math.max(0, index - 3));
    }
  }

  /** The list, for keyboard focus. */
  public ListView<ImageEntry> list() {
    return list;
  }

  /** Thumbnail, file name, true class and prediction. */
  private static final class ImageCell extends ListCell<ImageEntry> {
    private final ThumbnailCache thumbnails;
    private final ImageListViewModel viewModel;
    private final FontIcon rightMark = new FontIcon(Material2AL.CHECK_CIRCLE);
    private final FontIcon wrongMark = new FontIcon(Material2AL.CANCEL);
    // Predictions arrive a few times a second while the dataset is predicted: each visible cell updates
    // its own line. Held here, registered weakly, so cells the list drops can go.
    private final ChangeListener<DatasetLookup> lookupChanged;
    private final ThumbnailView frame = new ThumbnailView(0);
    private final Label name = new Label();
    private final Label label = new Label();
    private final Tooltip tooltip = new Tooltip();
    private final HBox content;

    ImageCell(ThumbnailCache thumbnails, ImageListViewModel viewModel) {
      this.thumbnails = thumbnails;
      this.viewModel = viewModel;
      lookupChanged = (obs, old, lookup) -> {
        if (!isEmpty() && getItem() != null) {
          describe(getItem(), lookup);
        }
      };
      viewModel.lookupProperty().addListener(new WeakChangeListener<>(lookupChanged));
      rightMark.getStyleClass().addAll(UiStyles.PREDICTION_MARK, UiStyles.MARK_CORRECT);
      wrongMark.getStyleClass().addAll(UiStyles.PREDICTION_MARK, UiStyles.MARK_WRONG);
      frame.imageView().setFitWidth(THUMBNAIL_SIZE);
      frame.imageView().setFitHeight(THUMBNAIL_SIZE);
      frame.getStyleClass().add(UiStyles.THUMBNAIL_FRAME);
      name.getStyleClass().add(UiStyles.IMAGE_CELL_NAME);
      label.getStyleClass().add(UiStyles.IMAGE_CELL_LABEL);
      // Long class names shorten with an ellipsis instead of scrolling the list sideways.
      name.setMinWidth(0);
      label.setMinWidth(0);
      setPrefWidth(0);
      VBox text = new VBox(2, name, label);
      text.setAlignment(Pos.CENTER_LEFT);
      content = new HBox(frame, text);
      content.getStyleClass().add(UiStyles.IMAGE_CELL);
    }

    @Override
    protected void updateItem(ImageEntry entry, boolean empty) {
      super.updateItem(entry, empty);
      if (empty || entry == null) {
        frame.clear();
        setGraphic(null);
        setTooltip(null);
        return;
      }
      name.setText(entry.fileName());
      describe(entry, viewModel.lookupProperty().get());
      frame.show(thumbnails.get(entry.path()));
      tooltip.setText(entry.relativePath());
      setTooltip(tooltip);
      setGraphic(content);
    }

    /** "cat", "cat · dog 87%" when mispredicted, "dog 87%" when unlabelled; the mark says right or wrong. */
    private void describe(ImageEntry entry, DatasetLookup lookup) {
      OptionalInt trueClass = lookup.trueClass(entry.path());
      String truth = trueClass.isPresent() ? lookup.className(trueClass.getAsInt())
          : lookup.covers(entry.path()) ? "" : entry.label();
      Optional<ImagePrediction> prediction = lookup.prediction(entry.path());
      String text = truth;
      FontIcon mark = null;
      if (prediction.isPresent()) {
        ImagePrediction p = prediction.get();
        String predicted = lookup.className(p.predicted()) + " " + Formats.percent(p.predictedProbability());
        if (p.isCorrect()) {
          text = truth + " · " + Formats.percent(p.predictedProbability());
          mark = rightMark;
        } else if (p.isLabelled()) {
          text = truth + " → " + predicted;
          mark = wrongMark;
        } else {
          text = "predicted " + predicted;
        }
      }
      label.setText(text);
      label.setGraphic(mark);
      label.setVisible(!text.isEmpty());
    }
  }
}
