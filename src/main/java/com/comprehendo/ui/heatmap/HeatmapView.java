package com.comprehendo.ui.heatmap;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableDoubleValue;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The "Explain" view: the current image with its heat map, zoomable and pannable, under a toolbar with
 * the image's name and the zoom controls. Hovering reports the attribution under the mouse to the
 * view-model. Binds only.
 */
public final class HeatmapView extends BorderPane {

  private final ZoomableImageView canvas = new ZoomableImageView();
  private WritableImage buffer;

  /**
   * @param viewModel what to draw
   * @param title the image's name
   * @param subtitle a line about the image (size, true class)
   * @param busy whether something for this image is being computed (shows a progress ring)
   * @param progress how far that is, 0 to 1
   */
  public HeatmapView(HeatmapViewModel viewModel, ObservableStringValue title, ObservableStringValue subtitle,
      ObservableBooleanValue busy, ObservableDoubleValue progress) {
    setId(NodeIds.HEATMAP_VIEW);
    canvas.setId(NodeIds.HEATMAP_IMAGE);
    canvas.getStyleClass().add(UiStyles.CANVAS);
    viewModel.renderedProperty().addListener((obs, old, pixels) -> {
      if (pixels == null) {
        buffer = null;
        canvas.imageProperty().set(null);
        return;
      }
      WritableImage next = FxImages.update(buffer, pixels);
      if (next != buffer) {
        buffer = next;
        canvas.imageProperty().set(next);
      } else {
        canvas.requestLayout();
      }
    });
    canvas.setOnHover((x, y) -> {
      if (x < 0) {
        viewModel.clearHover();
      } else {
        viewModel.hover(x, y);
      }
    });

    Label titleLabel = new Label();
    titleLabel.textProperty().bind(title);
    titleLabel.getStyleClass().add(UiStyles.VIEW_TITLE);
    Label subtitleLabel = new Label();
    subtitleLabel.textProperty().bind(subtitle);
    subtitleLabel.getStyleClass().addAll(UiStyles.MUTED, Styles.TEXT_SMALL);
    // Wrapped, not cut: at 1024 px the line (size, true class, loss, "194 of 320 images · Top losses")
    // runs past the zoom buttons.
    subtitleLabel.setWrapText(true);
    subtitleLabel.setMinHeight(Region.USE_PREF_SIZE);
    VBox titles = new VBox(1, titleLabel, subtitleLabel);
    titles.setMinWidth(0);

    // Determinate on purpose: an indeterminate indicator animates at every frame, which a software
    // renderer pays for with the CPU the computation it reports on needs.
    ProgressIndicator spinner = new ProgressIndicator(0);
    spinner.progressProperty().bind(Bindings.createDoubleBinding(() -> Math.max(0, progress.get()), progress));
    spinner.setPrefSize(18, 18);
    spinner.setMaxSize(18, 18);
    spinner.visibleProperty().bind(Bindings.createBooleanBinding(busy::get, busy));

    Button zoomOut = iconButton(Material2MZ.ZOOM_OUT, "Zoom out (Ctrl+−)", NodeIds.ZOOM_OUT_BUTTON);
    zoomOut.setOnAction(e -> canvas.zoomOut());
    Button zoomIn = iconButton(Material2MZ.ZOOM_IN, "Zoom in (Ctrl+=)", NodeIds.ZOOM_IN_BUTTON);
    zoomIn.setOnAction(e -> canvas.zoomIn());
    Button fit = iconButton(Material2MZ.ZOOM_OUT_MAP, "Fit to window (Ctrl+0, or double-click)", NodeIds.FIT_BUTTON);
    fit.setOnAction(e -> canvas.fit());
    Label zoom = new Label();
    zoom.setId(NodeIds.ZOOM_LABEL);
    zoom.getStyleClass().add(UiStyles.ZOOM_LABEL);
    zoom.textProperty().bind(Bindings.createStringBinding(
        () -> String.format(Locale.ROOT, "%.0f%%", canvas.scaleProperty().get() * 100), canvas.scaleProperty()));
    HBox toolbar = new HBox(titles, new Spacer(), spinner, zoomOut, zoom, zoomIn, fit);
    toolbar.getStyleClass().add(UiStyles.VIEW_TOOLBAR);
    toolbar.setAlignment(Pos.CENTER_LEFT);

    Label renderError = new Label();
    renderError.textProperty().bind(viewModel.renderErrorProperty());
    renderError.visibleProperty().bind(viewModel.renderErrorProperty().isNotEmpty());
    renderError.getStyleClass().add(UiStyles.PANEL_STATE);
    StackPane center = new StackPane(canvas, renderError);
    StackPane.setAlignment(renderError, Pos.BOTTOM_CENTER);

    // The colour bar under the picture, as Captum's show_colorbar puts it: the values at its ends are
    // the attribution values that get full colour.
    ColorBarView bar = new ColorBarView(viewModel.barLowProperty(), viewModel.barMiddleProperty(),
        viewModel.barHighProperty());
    bar.setId(NodeIds.COLOR_BAR);
    bar.gradientProperty().bind(viewModel.colorBarProperty());
    bar.setPrefWidth(300);
    bar.setMinWidth(200);
    Label caption = new Label();
    caption.textProperty().bind(viewModel.barCaptionProperty());
    caption.getStyleClass().add(UiStyles.HINT);
    HBox legend = new HBox(16, bar, caption);
    legend.getStyleClass().addAll(UiStyles.CANVAS, UiStyles.LEGEND);
    legend.visibleProperty().bind(viewModel.showsAttributionProperty());
    legend.managedProperty().bind(legend.visibleProperty());
    setTop(toolbar);
    setCenter(center);
    setBottom(legend);
  }

  /** The zoomable canvas, for keyboard shortcuts. */
  public ZoomableImageView canvas() {
    return canvas;
  }

  private static Button iconButton(org.kordamp.ikonli.Ikon icon, String tooltip, String id) {
    Button button = new Button(null, new FontIcon(icon));
    button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    button.setTooltip(new Tooltip(tooltip));
    button.setId(id);
    return button;
  }
}
