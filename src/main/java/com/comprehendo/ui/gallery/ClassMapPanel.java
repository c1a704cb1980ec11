package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.ui.heatmap.FxImages;
import com.comprehendo.ui.heatmap.HeatmapSettings;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.UiStyles;
import java.util.List;
import java.util.Optional;
import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.beans.Observable;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * "Where does the model look for these?": the mean normalized heat map of the tiles the grid shows
 * (a class, a confusion-matrix cell, any filter), next to the grid while the gallery is on. Follows
 * the filter, the maps as they come, and the display settings; computed in the background at most a
 * few times a second.
 */
public final class ClassMapPanel extends VBox {

  private static final double SIDE = 180;

  private final GalleryViewModel gallery;
  private final HeatmapSettings settings;
  private final ObservableList<ImagePrediction> tiles;
  private final ImageView image = new ImageView();
  private final Label title = new Label("Class map");
  private final Label detail = new Label();
  private final PauseTransition coalesce = new PauseTransition(Duration.millis(300));

  public ClassMapPanel(GalleryViewModel gallery, HeatmapSettings settings, ObservableList<ImagePrediction> tiles) {
    super(6);
    this.gallery = gallery;
    this.settings = settings;
    this.tiles = tiles;
    setId(GalleryIds.CLASS_MAP);
    title.setId(GalleryIds.CLASS_MAP_TITLE);
    title.getStyleClass().add(UiStyles.SECTION_TITLE);
    detail.getStyleClass().add(UiStyles.HINT);
    detail.setWrapText(true);
    detail.setMaxWidth(SIDE);
    image.setId(GalleryIds.CLASS_MAP_IMAGE);
    image.setFitWidth(SIDE);
    image.setFitHeight(SIDE);
    image.setPreserveRatio(false);
    image.setSmooth(true);
    getChildren().addAll(title, image, detail);
    getStyleClass().add(UiStyles.SECTION);
    setMinWidth(SIDE + 24);
    setMaxWidth(SIDE + 24);
    visibleProperty().bind(gallery.enabledProperty());
    managedProperty().bind(visibleProperty());
    coalesce.setOnFinished(e -> recompute());
    gallery.versionProperty().addListener(obs -> refreshSoon());
    for (Observable setting : settings.observables()) {
      setting.addListener(obs -> refreshSoon());
    }
  }

  /**
   * Refreshes once the pause is over, with everything that changed meanwhile. Not restarted by a
   * change during the pause: the gallery publishes maps every 250 ms, and a pause started afresh on
   * each would hold the class map back until the last map.
   */
  private void refreshSoon() {
    if (coalesce.getStatus() != Animation.Status.RUNNING) {
      coalesce.playFromStart();
    }
  }

  private void recompute() {
    List<ImagePrediction> shown = List.copyOf(tiles);
    gallery.classMap(shown, settings.sign(), settings.outlierPercent(), (mean, count) -> show(mean, count, shown.size()));
  }

  private void show(Optional<NormalizedMap> mean, int count, int total) {
    image.setImage(mean.map(map -> FxImages.toImage(TileHeatmaps.opaque(map, settings.resolvedColormap())))
        .orElse(null));
    title.setText("Class map");
    detail.setText(mean.isEmpty() ? "No heat maps yet for the images shown."
        : "Mean of the normalized heat maps of " + Formats.count(count) + " of the " + Formats.count(total)
            + " images shown: where the model looks, on average, for what it predicts. Click a cell of the"
            + " confusion matrix to see that cell's.");
  }
}
