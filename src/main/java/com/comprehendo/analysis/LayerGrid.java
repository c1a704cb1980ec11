package com.comprehendo.analysis;

/**
 * A layer method's map at the layer's own resolution (Grad-CAM's h×w, Selvaraju et al. 2017), summed
 * over the layer's channels: what the explorer shows upsampled over the image, kept so the hover can
 * name the layer cell under the mouse and its value before upsampling.
 */
public final class LayerGrid {

  private final String layer;
  private final int rows;
  private final int columns;
  private final int channelsSummed;
  private final float[] values;

  /**
   * @param layer the layer's name, e.g. "block4"
   * @param rows the layer's height h
   * @param columns the layer's width w
   * @param channelsSummed how many of the layer's channels {@code values} sums (1 for Grad-CAM, which sums them itself)
   * @param values the summed map, row-major h×w
   */
  public LayerGrid(String layer, int rows, int columns, int channelsSummed, float[] values) {
    if (rows < 1 || columns < 1 || channelsSummed < 1 || (long) rows * columns != values.length) {
      throw new IllegalArgumentException("a layer map of " + values.length + " values is not " + rows + "×" + columns);
    }
    this.layer = layer;
    this.rows = rows;
    this.columns = columns;
    this.channelsSummed = channelsSummed;
    this.values = values;
  }

  public String layer() {
    return layer;
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return columns;
  }

  public int channelsSummed() {
    return channelsSummed;
  }

  /** The summed value of cell (row, column). */
  public float value(int row, int column) {
    return values[row * columns + column];
  }

  /** E.g. "block4 · 8×8, 96 channels summed": the layer a map comes from, at its own resolution. */
  public String describe() {
    return layer + " · " + rows + "×" + columns + (channelsSummed > 1 ? ", " + channelsSummed + " channels summed" : "");
  }

  /**
   * The column of the cell that image column {@code x} of an image {@code width} wide lies in: the cell
   * whose footprint holds the pixel's centre, ⌊(x + ½) · w / W⌋. With bilinear upsampling (align_corners
   * false, how the explorer shows a layer map) that cell's centre is the nearest sample to the pixel.
   */
  public int columnOf(int x, int width) {
    return cellOf(x, width, columns);
  }

  /** The row of the cell that image row {@code y} of an image {@code height} high lies in; see {@link #columnOf}. */
  public int rowOf(int y, int height) {
    return cellOf(y, height, rows);
  }

  private static int cellOf(int pixel, int imageSize, int cells) {
    if (pixel < 0 || pixel >= imageSize) {
      throw new IllegalArgumentException("pixel " + pixel + " is outside an image of " + imageSize);
    }
    return (int) Math.min(cells - 1, ((2L * pixel + 1) * cells) / (2L * imageSize));
  }
}
