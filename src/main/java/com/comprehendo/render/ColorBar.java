package com.comprehendo.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A horizontal colour bar for a colormap, like the one {@code visualize_image_attr(...,
 * show_colorbar=True)} puts under the plot: low values left, high values right.
 */
public final class ColorBar {

  private ColorBar() {}

  /**
   * The bare gradient as ARGB pixels, row-major: column {@code x} shows the entry for the fraction
   * {@code (x + 0.5) / width} of the range, i.e. entry {@code floor((x + 0.5) * 256 / width)}.
   */
  public static int[] gradient(Colormap colormap, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("size must be positive");
    }
    int[] row = new int[width];
    for (int x = 0; x < width; x++) {
      long index = (2L * x + 1) * Colormap.SIZE / (2L * width);
      row[x] = colormap.argb((int) Math.min(Colormap.SIZE - 1, index));
    }
    int[] pixels = new int[width * height];
    for (int y = 0; y < height; y++) {
      System.arraycopy(row, 0, pixels, y * width, width);
    }
    return pixels;
  }

  /**
   * The gradient on a white strip with the range's end values written under its ends, e.g.
   * {@code render(Colormap.defaultFor(sign), sign.vmin(), sign.vmax(), 256, 16)}, or with the
   * attribution values the ends stand for (±threshold) to show a shared scale.
   *
   * @param barHeight the gradient's height; the labels add a line of text below it
   */
  public static BufferedImage render(
      Colormap colormap, double minValue, double maxValue, int width, int barHeight) {
    int[] bar = gradient(colormap, width, barHeight);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, Math.min(14, barHeight)));
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    Graphics2D probeGraphics = probe.createGraphics();
    FontMetrics metrics = probeGraphics.getFontMetrics(font);
    probeGraphics.dispose();
    int labelHeight = metrics.getHeight() + 2;
    BufferedImage image =
        new BufferedImage(width, barHeight + labelHeight, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, barHeight + labelHeight);
      image.setRGB(0, 0, width, barHeight, bar, 0, width);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(font);
      g.setColor(Color.BLACK);
      int baseline = barHeight + 1 + metrics.getAscent();
      String low = format(minValue);
      String high = format(maxValue);
      g.drawString(low, 0, baseline);
      g.drawString(high, Math.max(0, width - metrics.stringWidth(high)), baseline);
    } finally {
      g.dispose();
    }
    return image;
  }

  /**
   * The attribution values a bar's ends stand for: ±threshold for {@link Sign#ALL}, else 0 and the
   * threshold (the magnitude at which the colormap saturates).
   */
  public static double[] valueRange(Sign sign, float threshold) {
    double t = threshold;
    return sign == Sign.ALL ? new double[] {-Math.abs(t), Math.abs(t)} : new double[] {0, t};
  }

  /** A compact label with three significant digits, e.g. {@code -1}, {@code 0.000243}. */
  public static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e6) {
      return Long.toString((long) value);
    }
    String text = String.format(Locale.ROOT, "%.3g", value);
    if (text.contains("e")) {
      return text;
    }
    return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
  }
}
