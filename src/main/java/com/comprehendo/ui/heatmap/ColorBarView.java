package com.comprehendo.ui.heatmap;

import com.comprehendo.ui.support.UiStyles;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** A horizontal colour bar with the attribution values at its ends (and 0 in the middle for "all"). */
public final class ColorBarView extends VBox {

  private final ObjectProperty<RenderedImage> gradient = new SimpleObjectProperty<>(this, "gradient");
  private final ImageView bar = new ImageView();
  private WritableImage buffer;

  /**
   * @param low the value at the left end
   * @param middle the value in the middle, often empty
   * @param high the value at the right end
   */
  public ColorBarView(ObservableStringValue low, ObservableStringValue middle, ObservableStringValue high) {
    setSpacing(3);
    bar.setPreserveRatio(false);
    bar.setSmooth(true);
    bar.setFitHeight(12);
    StackPane frame = new StackPane(bar);
    frame.getStyleClass().add(UiStyles.COLOR_BAR);
    frame.setMinHeight(14);
    frame.setMaxHeight(14);
    bar.fitWidthProperty().bind(frame.widthProperty().subtract(2));
    frame.setMinWidth(0);
    Label lowLabel = label(low);
    Label middleLabel = label(middle);
    Label highLabel = label(high);
    BorderPane labels = new BorderPane();
    labels.setLeft(lowLabel);
    labels.setCenter(middleLabel);
    labels.setRight(highLabel);
    getChildren().addAll(frame, labels);
    gradient.addListener((obs, old, value) -> {
      if (value != null) {
        buffer = FxImages.update(buffer, value);
        bar.setImage(buffer);
      }
    });
    visibleProperty().bind(gradient.isNotNull());
    managedProperty().bind(visibleProperty());
  }

  private static Label label(ObservableStringValue text) {
    Label label = new Label();
    label.textProperty().bind(text);
    label.getStyleClass().add(UiStyles.COLOR_BAR_LABEL);
    return label;
  }

  /** The gradient's pixels; null hides the bar. */
  public ObjectProperty<RenderedImage> gradientProperty() {
    return gradient;
  }
}
