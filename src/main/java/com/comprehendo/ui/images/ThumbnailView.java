package com.comprehendo.ui.images;

import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * A thumbnail from the {@link ThumbnailCache} as cells show it: the decoded image, or a broken-image
 * mark whose tooltip says why the file could not be decoded. Cells are reused, so they {@link #show}
 * and {@link #clear} rather than build one per item; overlays (a cell's badge) may be added as children.
 */
public final class ThumbnailView extends StackPane {

  private final ImageView image = new ImageView();
  private final FontIcon broken = new FontIcon(Material2AL.BROKEN_IMAGE);
  private final Tooltip reason = new Tooltip();

  /** @param brokenIconSize the mark's size in pixels, or 0 for the theme's */
  public ThumbnailView(int brokenIconSize) {
    super();
    image.setPreserveRatio(true);
    broken.setVisible(false);
    if (brokenIconSize > 0) {
      broken.setIconSize(brokenIconSize);
    }
    Tooltip.install(broken, reason);
    getChildren().addAll(image, broken);
  }

  /** The image node, for sizing (its fit width and height). */
  public ImageView imageView() {
    return image;
  }

  /** Follows {@code thumbnail}: its image once decoded, or the mark if decoding failed. */
  public void show(ThumbnailCache.Thumbnail thumbnail) {
    image.imageProperty().bind(thumbnail.imageProperty());
    broken.visibleProperty().bind(thumbnail.failedProperty());
    reason.textProperty().bind(thumbnail.errorProperty());
  }

  /** Shows nothing, for an empty cell. */
  public void clear() {
    image.imageProperty().unbind();
    image.setImage(null);
    broken.visibleProperty().unbind();
    broken.setVisible(false);
  }
}
