package com.comprehendo.data;

import com.comprehendo.data.PillowResampler.Window;
import java.util.Locale;
import java.util.Optional;

/**
 * An axis-aligned box in pixel coordinates: {@code x0 ≤ x < x1}, {@code y0 ≤ y < y1} (the right
 * and bottom edges are exclusive, as in the demo's {@code ground-truth.csv} and in NumPy slices).
 * Coordinates are continuous, so a box mapped onto a smaller grid may cover pixels in part.
 *
 * <pre>{@code
 * BoundingBox mark = BoundingBox.parse("106 107 116 117");            // in the 128×128 image
 * Optional<BoundingBox> inInput = mark.toModelInput(128, 128, pre);   // 53 53.5 58 58.5 at 64×64
 * }</pre>
 *
 * @param x0 left edge
 * @param y0 top edge
 * @param x1 right edge (exclusive), greater than {@code x0}
 * @param y1 bottom edge (exclusive), greater than {@code y0}
 */
public record BoundingBox(double x0, double y0, double x1, double y1) {

  public BoundingBox {
    if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1))) {
      throw new IllegalArgumentException("box coordinates must be finite numbers, got " + text(x0, y0, x1, y1));
    }
    if (!(x1 > x0) || !(y1 > y0)) {
      throw new IllegalArgumentException(
          "box " + text(x0, y0, x1, y1) + " is empty: it needs x0 < x1 and y0 < y1 (x1, y1 exclusive)");
    }
  }

  /**
   * Parses {@code "x0 y0 x1 y1"} (spaces, commas or semicolons between the numbers).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static BoundingBox parse(String text) {
    String[] parts = text.strip().split("[\\s,;]+");
    if (parts.length != 4 || parts[0].isEmpty()) {
      throw new IllegalArgumentException("box '" + text + "' needs four numbers: x0 y0 x1 y1");
    }
    double[] values = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        values[i] = Double.parseDouble(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("box '" + text + "': '" + parts[i] + "' is not a number", e);
      }
    }
    return new BoundingBox(values[0], values[1], values[2], values[3]);
  }

  public double width() {
    return x1 - x0;
  }

  public double height() {
    return y1 - y0;
  }

  /**
   * This box, given in the pixels of an image of {@code imageWidth × imageHeight}, in the pixels of
   * the model's input made from that image: the same geometry as {@link ImageTensors} (stretched for
   * squish; the centred crop or the black border of crop and pad, then scaled), clipped to the input.
   *
   * @return the box in input pixels, or empty when no part of it reaches the model's input (cropped
   *     away)
   */
  public Optional<BoundingBox> toModelInput(int imageWidth, int imageHeight, Preprocessing preprocessing) {
    if (imageWidth < 1 || imageHeight < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + imageWidth + "x" + imageHeight);
    }
    Window[] windows = ImageTensors.windows(imageWidth, imageHeight, preprocessing);
    double scaleX = (double) preprocessing.width() / windows[0].length();
    double scaleY = (double) preprocessing.height() / windows[1].length();
    return clipped(
        (x0 - windows[0].start()) * scaleX, (y0 - windows[1].start()) * scaleY,
        (x1 - windows[0].start()) * scaleX, (y1 - windows[1].start()) * scaleY,
        preprocessing.width(), preprocessing.height());
  }

  /**
   * This box, in the pixels of a {@code fromWidth × fromHeight} grid, on a {@code toWidth × toHeight}
   * grid covering the same area (an attribution map coarser than the model's input, say).
   */
  public BoundingBox scaled(int fromWidth, int fromHeight, int toWidth, int toHeight) {
    double sx = (double) toWidth / fromWidth;
    double sy = (double) toHeight / fromHeight;
    return new BoundingBox(x0 * sx, y0 * sy, x1 * sx, y1 * sy);
  }

  /**
   * How much of pixel {@code (x, y)} (the unit square at that corner) the box covers: 0 to 1.
   */
  public double coverage(int x, int y) {
    double across = Math.min(x + 1, x1) - Math.max(x, x0);
    double down = Math.min(y + 1, y1) - Math.max(y, y0);
    return across <= 0 || down <= 0 ? 0 : across * down;
  }

  private static Optional<BoundingBox> clipped(double x0, double y0, double x1, double y1, int width, int height) {
    double left = Math.max(0, x0);
    double top = Math.max(0, y0);
    double right = Math.min(width, x1);
    double bottom = Math.min(height, y1);
    return right > left && bottom > top ? Optional.of(new BoundingBox(left, top, right, bottom)) : Optional.empty();
  }

  /** {@code "x0 y0 x1 y1"}, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return text(x0, y0, x1, y1);
  }

  private static String text(double... values) {
    StringBuilder text = new StringBuilder();
    for (double value : values) {
      text.append(text.length() == 0 ? "" : " ");
      text.append(value == Math.rint(value) && Math.abs(value) < 1e15
          ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value));
    }
    return text.toString();
  }
}
