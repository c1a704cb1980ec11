package com.comprehendo.ui.gallery;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.ui.support.UiStyles;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The gallery's row on the Dataset tab: the switch, the method with its settings (the gear, {@link
 * GallerySettingsPopover}), Stop and Resume, and a boxes file for the localization scores; its progress
 * ({@link #statusLabel}) and its cost for the shown tiles ({@link #costLabel}) are in the strip below.
 * Binds to {@link GalleryViewModel} only.
 */
public final class GalleryControls extends HBox {

  public GalleryControls(GalleryViewModel gallery) {
    super(8);
    ToggleButton toggle = new ToggleButton("Heat maps", new FontIcon(Material2AL.GRID_ON));
    toggle.setId(GalleryIds.TOGGLE);
    toggle.selectedProperty().bindBidirectional(gallery.enabledProperty());
    toggle.setTooltip(new Tooltip("Show every tile as its heat map, computed in the background in the grid's order"));
    toggle.setMinWidth(Region.USE_PREF_SIZE);

    ComboBox<String> method = new ComboBox<>(gallery.methods());
    method.setId(GalleryIds.METHOD_CHOICE);
    method.setValue(gallery.methodProperty().get());
    method.valueProperty().addListener((obs, old, value) -> {
      if (value != null && !value.equals(gallery.methodProperty().get())) {
        gallery.methodProperty().set(value);
      }
    });
    gallery.methodProperty().addListener((obs, old, value) -> method.setValue(value));
    method.setTooltip(new Tooltip("The method of the gallery's heat maps"));
    method.setPrefWidth(170);
    // The status beside it gives way first: a squeezed box shows nothing of the method it holds.
    method.setMinWidth(Region.USE_PREF_SIZE);
    method.setConverter(new StringConverter<>() {
      @Override
      public String toString(String id) {
        return displayName(id);
      }

      @Override
      public String fromString(String text) {
        return text;
      }
    });

    Button settings = GallerySettingsPopover.button(gallery);
    settings.setMinWidth(Region.USE_PREF_SIZE);

    Button stop = new Button("Stop", new FontIcon(Material2MZ.STOP));
    stop.setId(GalleryIds.STOP);
    stop.getStyleClass().add(Styles.SMALL);
    stop.setOnAction(e -> gallery.cancel());
    stop.visibleProperty().bind(gallery.runningProperty());
    stop.managedProperty().bind(stop.visibleProperty());
    Button resume = new Button("Resume", new FontIcon(Material2MZ.PLAY_ARROW));
    resume.setId(GalleryIds.RESUME);
    resume.getStyleClass().add(Styles.SMALL);
    resume.setOnAction(e -> gallery.resume());
    resume.visibleProperty().bind(gallery.enabledProperty().and(gallery.runningProperty().not()));
    resume.disableProperty().bind(gallery.resumableProperty().not()); // a finished gallery has nothing to resume
    resume.managedProperty().bind(resume.visibleProperty());
    stop.setMinWidth(Region.USE_PREF_SIZE);
    resume.setMinWidth(Region.USE_PREF_SIZE);

    Button boxes = new Button("Boxes…", new FontIcon(Material2AL.CROP_FREE));
    boxes.setId(GalleryIds.BOXES);
    boxes.getStyleClass().add(Styles.SMALL);
    boxes.setTooltip(new Tooltip("A CSV with columns file,box (x0 y0 x1 y1 in image pixels): scores each map by the"
        + " share of its evidence inside the box, for \u201clooks outside the object\u201d"));
    boxes.setOnAction(e -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Object boxes (file,box)");
      chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV files (*.csv)", "*.csv"),
          new FileChooser.ExtensionFilter("All files", "*"));
      File file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
      if (file != null) {
        gallery.openBoxes(file.toPath());
      }
    });
    boxes.setMinWidth(Region.USE_PREF_SIZE);

    Region faithfulness = DatasetFaithfulnessPanel.menu(gallery.faithfulness(), gallery.methods());
    faithfulness.setMinWidth(Region.USE_PREF_SIZE);
    getChildren().addAll(toggle, method, settings, new Spacer(), stop, resume, boxes, faithfulness);
    setAlignment(Pos.CENTER_LEFT);
    getStyleClass().add(UiStyles.DATASET_STRIP);
    setMinWidth(0);
  }

  /** E.g. "Integrated Gradients" for {@code ig}. */
  static String displayName(String id) {
    return id == null ? "" : MethodRegistry.builtIn().find(id).map(MethodDescriptor::displayName).orElse(id);
  }

  /**
   * The gallery's progress, e.g. "120 / 320 heat maps" or "320 heat maps in 3 s", for the gallery's line
   * of the strip below the row, before its cost: the row had no room for it at 1024 px and a few
   * characters at 1440.
   */
  public static Label statusLabel(GalleryViewModel gallery) {
    Label status = new Label();
    status.setId(GalleryIds.STATUS);
    status.getStyleClass().add(UiStyles.HINT);
    status.textProperty().bind(gallery.statusProperty());
    status.visibleProperty().bind(gallery.statusProperty().isNotEmpty());
    status.managedProperty().bind(status.visibleProperty());
    status.setMinWidth(Region.USE_PREF_SIZE); // the cost after it gives way first
    Tooltip statusTip = new Tooltip();
    statusTip.textProperty().bind(gallery.statusProperty());
    status.setTooltip(statusTip);
    return status;
  }

  /**
   * The gallery's cost for the shown tiles with the method's settings, e.g. "Heat maps by Integrated
   * Gradients: 16 steps, gausslegendre · 5,120 passes for 320 images · about 32 s" ("· Heat maps by…"
   * after the progress), for the strip below the row: the row itself has no room for it beside the
   * method, its gear and the buttons at 1024 px. It wraps where its line is too narrow.
   */
  public static Label costLabel(GalleryViewModel gallery) {
    Label cost = new Label();
    cost.setId(GalleryIds.COST);
    cost.getStyleClass().add(UiStyles.HINT);
    // Away from the row, it says whose cost it is.
    cost.textProperty().bind(Bindings.createStringBinding(() -> gallery.costTextProperty().get().isEmpty() ? ""
        : (gallery.statusProperty().get().isEmpty() ? "" : "· ") + "Heat maps by "
            + displayName(gallery.methodProperty().get()) + ": " + gallery.costTextProperty().get(),
        gallery.costTextProperty(), gallery.methodProperty(), gallery.statusProperty()));
    cost.setWrapText(true);
    cost.setMinWidth(0);
    // Every parameter the tiles were computed with; the label itself names the ones that tell runs apart.
    Tooltip costTip = new Tooltip();
    costTip.textProperty().bind(Bindings.createStringBinding(() -> gallery.costTextProperty().get()
        + (gallery.settingsEditor().appliedTextProperty().get().isEmpty() ? ""
            : "\nComputed with " + displayName(gallery.methodProperty().get()) + ": "
                + gallery.settingsEditor().appliedTextProperty().get()),
        gallery.costTextProperty(), gallery.settingsEditor().appliedTextProperty(), gallery.methodProperty()));
    cost.setTooltip(costTip);
    return cost;
  }
}
