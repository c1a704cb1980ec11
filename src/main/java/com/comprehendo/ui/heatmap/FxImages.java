package com.comprehendo.ui.heatmap;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Copies toolkit-free pixels into JavaFX images. UI thread only. */
public final class FxImages {

  private FxImages() {}

  /** A new image holding {@code pixels}. */
  public static WritableImage toImage(RenderedImage pixels) {
    WritableImage image = new WritableImage(pixels.width(), pixels.height());
    write(image, pixels);
    return image;
  }

  /**
   * Writes {@code pixels} into {@code reuse} when it has the same size (no allocation while a slider
   * moves), else into a new image.
   */
  public static WritableImage update(WritableImage reuse, RenderedImage pixels) {
    if (reuse == null || (int) reuse.getWidth() != pixels.width() || (int) reuse.getHeight() != pixels.height()) {
      return toImage(pixels);
    }
    write(reuse, pixels);
    return reuse;
  }

  private static void write(WritableImage image, RenderedImage pixels) {
    image.getPixelWriter().setPixels(0, 0, pixels.width(), pixels.height(),
        PixelFormat.getIntArgbInstance(), pixels.argb(), 0, pixels.width());
  }
}
