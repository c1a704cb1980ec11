package com.comprehendo.ui.gallery;

import atlantafx.base.theme.Styles;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.ui.faithfulness.FaithfulnessMeasurement;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.UiStyles;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * Faithfulness over the shown images, next to the grid: the table of {@link
 * DatasetFaithfulnessViewModel} (method, images, mean deletion AUC, mean insertion AUC, the best
 * starred), its progress with Stop; and the menu that starts it ({@link #menu}). Shown once measured.
 */
public final class DatasetFaithfulnessPanel extends VBox {

  private static final double WIDTH = 280;

  private final DatasetFaithfulnessViewModel faithfulness;
  private final GridPane table = new GridPane();

  public DatasetFaithfulnessPanel(DatasetFaithfulnessViewModel faithfulness) {
    super(6);
    this.faithfulness = faithfulness;
    setId(GalleryIds.FAITHFULNESS_PANEL);
    Label title = new Label("Faithfulness");
    title.getStyleClass().add(UiStyles.SECTION_TITLE);
    Label scope = new Label();
    scope.getStyleClass().add(UiStyles.HINT);
    scope.setWrapText(true);
    scope.textProperty().bind(faithfulness.scopeProperty());

    ProgressBar progress = new ProgressBar();
    progress.getStyleClass().add(Styles.SMALL);
    progress.progressProperty().bind(faithfulness.progressProperty());
    progress.setPrefWidth(110);
    progress.visibleProperty().bind(faithfulness.runningProperty());
    progress.managedProperty().bind(progress.visibleProperty());
    Label status = new Label();
    status.setId(GalleryIds.FAITHFULNESS_STATUS);
    status.getStyleClass().add(UiStyles.HINT);
    status.textProperty().bind(faithfulness.statusProperty());
    Button stop = new Button("Stop", new FontIcon(Material2MZ.STOP));
    stop.setId(GalleryIds.FAITHFULNESS_STOP);
    stop.getStyleClass().add(Styles.SMALL);
    stop.setOnAction(e -> faithfulness.cancel());
    stop.visibleProperty().bind(faithfulness.runningProperty());
    stop.managedProperty().bind(stop.visibleProperty());
    HBox state = new HBox(6, progress, stop, status);
    state.setAlignment(Pos.CENTER_LEFT);

    table.setId(GalleryIds.FAITHFULNESS_TABLE);
    table.setHgap(8);
    table.setVgap(2);
    faithfulness.rows().addListener((ListChangeListener<DatasetFaithfulnessViewModel.Row>) change -> fill());
    Label note = new Label("Mean AUC of each image's curves. " + FaithfulnessMeasurement.DIRECTIONS.substring(0,
        FaithfulnessMeasurement.DIRECTIONS.indexOf(" Sensitivity")));
    note.getStyleClass().add(UiStyles.HINT);
    note.setWrapText(true);

    getChildren().addAll(title, scope, state, table, note);
    getStyleClass().add(UiStyles.SECTION);
    setMinWidth(WIDTH);
    setMaxWidth(WIDTH);
    visibleProperty().bind(faithfulness.runningProperty().or(faithfulness.statusProperty().isNotEmpty()));
    managedProperty().bind(visibleProperty());
  }

  private void fill() {
    table.getChildren().clear();
    table.addRow(0, header("Method"), header("Images"), header("Deletion ↓"), header("Insertion ↑"), header("Best"));
    int index = 1;
    for (DatasetFaithfulnessViewModel.Row row : faithfulness.rows()) {
      Label best = new Label(row.bestDeletion() && row.bestInsertion() ? "★ both"
          : row.bestDeletion() ? "★ deletion" : row.bestInsertion() ? "★ insertion" : "");
      best.setId(GalleryIds.FAITHFULNESS_BEST + "-" + row.method());
      Label method = new Label(row.displayName());
      method.setTooltip(new Tooltip(row.displayName() + " with the gallery's settings"));
      method.setMinWidth(Region.USE_PREF_SIZE);
      table.addRow(index++, method, new Label(Formats.count(row.images())), number(row.meanDeletionAuc()),
          number(row.meanInsertionAuc()), best);
    }
  }

  private static Label header(String text) {
    Label label = new Label(text);
    label.getStyleClass().add(UiStyles.HINT);
    return label;
  }

  private static Label number(double value) {
    return new Label(Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value));
  }

  /**
   * The menu that measures: the methods to measure, checked (the gallery's by default), and "Measure
   * over the shown images".
   *
   * @param methods the methods that run on the open model
   */
  public static MenuButton menu(DatasetFaithfulnessViewModel faithfulness, ObservableList<String> methods) {
    MenuButton menu = new MenuButton("Faithfulness", new FontIcon(Material2AL.INSIGHTS));
    menu.setId(GalleryIds.FAITHFULNESS_MENU);
    menu.getStyleClass().add(Styles.SMALL);
    menu.setTooltip(new Tooltip("Mean deletion and insertion AUC of the shown images' heat maps, per method"));
    menu.setMinWidth(Region.USE_PREF_SIZE);
    menu.setOnShowing(e -> {
      MenuItem measure = new MenuItem("Measure over the shown images");
      measure.setId(GalleryIds.FAITHFULNESS_MEASURE);
      measure.setOnAction(a -> faithfulness.measureShown());
      menu.getItems().setAll(measure, new SeparatorMenuItem());
      List<String> measured = faithfulness.methodsToMeasure();
      for (String id : methods) {
        CheckMenuItem item = new CheckMenuItem(
            MethodRegistry.builtIn().find(id).map(MethodDescriptor::displayName).orElse(id));
        item.setId(GalleryIds.FAITHFULNESS_METHOD + "-" + id);
        item.setSelected(measured.contains(id));
        item.selectedProperty().addListener((obs, old, on) -> faithfulness.choose(id, on));
        menu.getItems().add(item);
      }
    });
    // Items exist before the first showing too, for the keyboard and for tests.
    menu.getOnShowing().handle(null);
    return menu;
  }
}
