package com.comprehendo.ui.heatmap;

import com.comprehendo.render.Colormap;
import com.comprehendo.render.Sign;
import com.comprehendo.render.VisualizationMethod;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.collections.FXCollections;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The "Display" section: Captum's visualization method, sign, colormap, overlay alpha and outlier
 * percentage. Every control edits {@link HeatmapSettings}; the views re-render from cached
 * attributions (the colour bar with its values sits under the image, in {@link HeatmapView}). Binds
 * only.
 */
public final class HeatmapControls extends VBox {

  public HeatmapControls(HeatmapSettings settings, HeatmapViewModel heatmap) {
    getStyleClass().add(UiStyles.SECTION);
    Label title = new Label("DISPLAY");
    title.getStyleClass().add(UiStyles.SECTION_TITLE);

    ComboBox<VisualizationMethod> method = new ComboBox<>(FXCollections.observableArrayList(VisualizationMethod.values()));
    method.setId(NodeIds.VISUALIZATION_CHOICE);
    method.valueProperty().bindBidirectional(settings.methodProperty());
    method.setConverter(converter(VisualizationMethod::cliName));
    method.setTooltip(new Tooltip("Captum's visualize_image_attr method"));

    ComboBox<Sign> sign = new ComboBox<>(FXCollections.observableArrayList(Sign.values()));
    sign.setId(NodeIds.SIGN_CHOICE);
    sign.valueProperty().bindBidirectional(settings.signProperty());
    sign.setConverter(converter(Sign::cliName));
    sign.setTooltip(new Tooltip("Which attributions to show: both signs, positive, negative or magnitudes"));

    ComboBox<String> colormap = new ComboBox<>(settings.colormapNames());
    colormap.setId(NodeIds.COLORMAP_CHOICE);
    colormap.valueProperty().bindBidirectional(settings.colormapProperty());
    colormap.setCellFactory(list -> new ColormapCell(settings));
    ColormapCell buttonCell = new ColormapCell(settings);
    colormap.setButtonCell(buttonCell);
    // "auto" names the sign's default colormap, so the closed box must follow the sign.
    settings.signProperty().addListener(obs -> buttonCell.refresh());
    colormap.disableProperty().bind(Bindings.createBooleanBinding(
        () -> !settings.method().usesColormap(), settings.methodProperty()));
    colormap.setVisibleRowCount(10);

    Slider alpha = slider(settings.alphaProperty(), 0, 1, NodeIds.ALPHA_SLIDER);
    alpha.disableProperty().bind(settings.methodProperty().isNotEqualTo(VisualizationMethod.BLENDED_HEAT_MAP));
    Label alphaValue = valueLabel(settings.alphaProperty(), "%.2f");
    Slider outlier = slider(settings.outlierPercentProperty(), 0, 20, NodeIds.OUTLIER_SLIDER);
    outlier.setTooltip(new Tooltip("outlier_perc: the top share of attribution mass drawn at full colour"));
    Label outlierValue = new Label();
    outlierValue.getStyleClass().add(UiStyles.MONOSPACE);
    outlierValue.setMinWidth(44);
    outlierValue.textProperty().bind(Bindings.createStringBinding(
        () -> HeatmapSettings.formatOutlierPercent(settings.outlierPercent()), settings.outlierPercentProperty()));
    Label adjustment = new Label();
    adjustment.setWrapText(true);
    adjustment.getStyleClass().add(UiStyles.HINT);
    adjustment.textProperty().bind(settings.adjustmentNoteProperty());
    adjustment.visibleProperty().bind(settings.adjustmentNoteProperty().isNotEmpty());
    adjustment.managedProperty().bind(adjustment.visibleProperty());

    GridPane grid = new GridPane();
    grid.setHgap(10);
    grid.setVgap(8);
    ColumnConstraints labels = new ColumnConstraints();
    labels.setMinWidth(72);
    labels.setHalignment(HPos.LEFT);
    ColumnConstraints controls = new ColumnConstraints();
    controls.setHgrow(Priority.ALWAYS);
    controls.setFillWidth(true);
    grid.getColumnConstraints().addAll(labels, controls);
    int row = 0;
    grid.addRow(row++, fieldLabel("Method"), grow(method));
    grid.addRow(row++, fieldLabel("Sign"), grow(sign));
    grid.addRow(row++, fieldLabel("Colormap"), grow(colormap));
    grid.addRow(row++, fieldLabel("Alpha"), withValue(alpha, alphaValue));
    grid.addRow(row++, fieldLabel("Outliers"), withValue(outlier, outlierValue));
    grid.add(adjustment, 0, row++, 2, 1);

    getChildren().addAll(title, grid);
  }

  private static Label fieldLabel(String text) {
    Label label = new Label(text);
    label.getStyleClass().add(UiStyles.FIELD_LABEL);
    return label;
  }

  private static <T extends javafx.scene.layout.Region> T grow(T control) {
    control.setMaxWidth(Double.MAX_VALUE);
    GridPane.setHgrow(control, Priority.ALWAYS);
    return control;
  }

  private static Slider slider(DoubleProperty property, double min, double max, String id) {
    Slider slider = new Slider(min, max, property.get());
    slider.setId(id);
    slider.valueProperty().bindBidirectional(property);
    slider.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(slider, Priority.ALWAYS);
    return slider;
  }

  private static Label valueLabel(DoubleProperty property, String format) {
    Label label = new Label();
    label.getStyleClass().add(UiStyles.MONOSPACE);
    label.setMinWidth(44);
    label.textProperty().bind(Bindings.createStringBinding(
        () -> String.format(Locale.ROOT, format, property.get()), property));
    return label;
  }

  private static Node withValue(Slider slider, Label value) {
    HBox box = new HBox(8, slider, value);
    box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    GridPane.setHgrow(box, Priority.ALWAYS);
    return box;
  }

  private static <T> StringConverter<T> converter(java.util.function.Function<T, String> toText) {
    return new StringConverter<>() {
      @Override
      public String toString(T value) {
        return value == null ? "" : toText.apply(value);
      }

      @Override
      public T fromString(String text) {
        throw new UnsupportedOperationException();
      }
    };
  }

  /** A colormap entry with a small gradient swatch; "auto" shows the sign's default. */
  private static final class ColormapCell extends ListCell<String> {
    private final HeatmapSettings settings;
    private final ImageView swatch = new ImageView();

    ColormapCell(HeatmapSettings settings) {
      this.settings = settings;
      swatch.setFitWidth(48);
      swatch.setFitHeight(10);
      swatch.setPreserveRatio(false);
    }

    void refresh() {
      updateItem(getItem(), isEmpty());
    }

    @Override
    protected void updateItem(String name, boolean empty) {
      super.updateItem(name, empty);
      if (empty || name == null) {
        setText(null);
        setGraphic(null);
        return;
      }
      Colormap colormap = name.equals(HeatmapSettings.AUTO_COLORMAP)
          ? Colormap.defaultFor(settings.sign()) : Colormap.named(name);
      swatch.setImage(FxImages.toImage(HeatmapPainter.barGradient(colormap, 64)));
      setGraphic(swatch);
      setText(name.equals(HeatmapSettings.AUTO_COLORMAP) ? "auto (" + colormap.name() + ")" : name);
    }
  }
}
