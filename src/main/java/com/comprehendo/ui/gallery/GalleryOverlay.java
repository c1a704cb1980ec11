package com.comprehendo.ui.gallery;

import java.nio.file.Path;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.scene.effect.ColorAdjust;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;

/**
 * A tile's heat map over its thumbnail: an image view stacked on the thumbnail, showing the gallery's
 * overlay of the tile's image and following the live display settings. Tiles are reused as the grid
 * scrolls: {@link #show} sets the image it stands for.
 *
 * <p>Under a heat map the thumbnail is drawn in grey, as Captum's {@code blended_heat_map} and the
 * Explain view draw the image: a colormap over a colourful picture (the demo's purple and blue
 * backgrounds under Blues) is otherwise hard to tell from the picture itself.
 */
public final class GalleryOverlay extends ImageView {

  /** Saturation −1: the thumbnail's luminance only. */
  private static final ColorAdjust GREY = new ColorAdjust(0, -1, 0, 0);

  private final TileHeatmaps heatmaps;
  private final ImageView thumbnail;
  private Path image;
  // Held by the overlay so the weak listener lives as long as the tile.
  private final InvalidationListener redraw = obs -> redraw();

  /**
   * @param thumbnail the thumbnail's image view, whose drawn size the overlay takes (the model saw the
   *     whole image, stretched, for squish preprocessing; crop and pad are drawn stretched too)
   */
  public GalleryOverlay(TileHeatmaps heatmaps, ImageView thumbnail) {
    this.heatmaps = heatmaps;
    this.thumbnail = thumbnail;
    setId(GalleryIds.TILE_OVERLAY);
    setPreserveRatio(false);
    setSmooth(true);
    setMouseTransparent(true);
    // The thumbnail keeps its aspect ratio within its fit box: cover exactly the part it draws.
    fitWidthProperty().bind(Bindings.createDoubleBinding(() -> drawn(thumbnail)[0],
        thumbnail.imageProperty(), thumbnail.fitWidthProperty(), thumbnail.fitHeightProperty()));
    fitHeightProperty().bind(Bindings.createDoubleBinding(() -> drawn(thumbnail)[1],
        thumbnail.imageProperty(), thumbnail.fitWidthProperty(), thumbnail.fitHeightProperty()));
    heatmaps.versionProperty().addListener(new WeakInvalidationListener(redraw));
  }

  /** The width and height at which a ratio-keeping image view draws its image. */
  private static double[] drawn(ImageView view) {
    Image shown = view.getImage();
    double boxWidth = view.getFitWidth();
    double boxHeight = view.getFitHeight();
    if (shown == null || shown.getWidth() <= 0 || shown.getHeight() <= 0) {
      return new double[] {boxWidth, boxHeight};
    }
    double scale = Math.min(boxWidth / shown.getWidth(), boxHeight / shown.getHeight());
    return new double[] {shown.getWidth() * scale, shown.getHeight() * scale};
  }

  /** The overlay in a layer of its own, to stack on the thumbnail (centred over it, never taking clicks). */
  public StackPane layer() {
    if (layer == null) {
      layer = new StackPane(this);
      layer.setMouseTransparent(true);
      layer.setPickOnBounds(false);
    }
    return layer;
  }

  private StackPane layer;

  /** Shows the overlay of {@code path} (null: none). */
  public void show(Path path) {
    image = path;
    redraw();
  }

  private void redraw() {
    setImage(image == null ? null : heatmaps.overlay(image).orElse(null));
    setVisible(getImage() != null);
    thumbnail.setEffect(getImage() != null ? GREY : null);
  }

  /** Whether the thumbnail below is drawn in grey (it is while a heat map covers it). */
  public boolean greysThumbnail() {
    return thumbnail.getEffect() == GREY;
  }
}
