package com.comprehendo.ui.heatmap;

/**
 * Pixels ready to show: ARGB, row-major. Kept toolkit-free so view-models can be tested without
 * JavaFX running; views copy them into a {@code WritableImage}.
 *
 * @param argb {@code width * height} pixels, {@code 0xAARRGGBB}; do not modify
 * @param width pixels per row
 * @param height rows
 */
public record RenderedImage(int[] argb, int width, int height) {

  public RenderedImage {
    if ((long) width * height != argb.length) {
      throw new IllegalArgumentException(width + "×" + height + " needs " + (long) width * height + " pixels");
    }
  }
}
