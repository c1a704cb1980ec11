package com.comprehendo.ui.support;

import com.comprehendo.render.ColorBar;
import com.comprehendo.render.Colormap;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Lays rendered heat maps out as one exportable figure: a grid of panels, each scaled up by a whole
 * factor with nearest-neighbour sampling (so attribution pixels stay sharp and exact), titled, with an
 * optional colour bar and caption underneath. Pure AWT, so it runs on a worker thread.
 */
public final class FigureComposer {

  /** Panels are enlarged until their longer side reaches at least this many pixels. */
  private static final int MIN_PANEL_SIDE = 256;

  private static final int GAP = 16;
  private static final int MARGIN = 20;

  private FigureComposer() {}

  /**
   * One panel.
   *
   * @param title the bold line above it
   * @param subtitle a second, grey line; may be empty
   * @param argb the rendered pixels, row-major
   * @param width pixels per row
   * @param height rows
   */
  public record Panel(String title, String subtitle, int[] argb, int width, int height) {}

  /**
   * A colour bar under the figure.
   *
   * @param colormap the colours
   * @param low the value at the left end
   * @param high the value at the right end
   * @param caption what the values are, e.g. "attribution, Σ channels (top 2% clipped)"
   */
  public record Bar(Colormap colormap, double low, double high, String caption) {}

  /**
   * Composes the figure.
   *
   * @param columns panels per row (at least 1)
   * @param bar the colour bar, or null for none
   */
  public static BufferedImage compose(List<Panel> panels, int columns, Bar bar) {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("nothing to export");
    }
    int cols = Math.max(1, Math.min(columns, panels.size()));
    int rows = (panels.size() + cols - 1) / cols;
    int largest = panels.stream().mapToInt(p -> Math.max(p.width(), p.height())).max().orElse(1);
    int factor = Math.max(1, (MIN_PANEL_SIDE + largest - 1) / largest);
    int cellWidth = panels.stream().mapToInt(Panel::width).max().orElse(1) * factor;
    int cellHeight = panels.stream().mapToInt(Panel::height).max().orElse(1) * factor;
    Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    Font smallFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    FontMetrics titleMetrics = pg.getFontMetrics(titleFont);
    FontMetrics smallMetrics = pg.getFontMetrics(smallFont);
    pg.dispose();
    int header = titleMetrics.getHeight() + smallMetrics.getHeight() + 6;
    int barBlock = bar == null ? 0 : 14 + smallMetrics.getHeight() * 2 + 16;
    int width = MARGIN * 2 + cols * cellWidth + (cols - 1) * GAP;
    int height = MARGIN * 2 + rows * (header + cellHeight) + (rows - 1) * GAP + barBlock;
    BufferedImage figure = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = figure.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      for (int i = 0; i < panels.size(); i++) {
        Panel panel = panels.get(i);
        int x = MARGIN + (i % cols) * (cellWidth + GAP);
        int y = MARGIN + (i / cols) * (header + cellHeight + GAP);
        g.setColor(new Color(0x1F2328));
        g.setFont(titleFont);
        g.drawString(clip(panel.title(), titleMetrics, cellWidth), x, y + titleMetrics.getAscent());
        g.setColor(new Color(0x656D76));
        g.setFont(smallFont);
        g.drawString(clip(panel.subtitle(), smallMetrics, cellWidth), x,
            y + titleMetrics.getHeight() + smallMetrics.getAscent());
        BufferedImage pixels = new BufferedImage(panel.width(), panel.height(), BufferedImage.TYPE_INT_ARGB);
        pixels.setRGB(0, 0, panel.width(), panel.height(), panel.argb(), 0, panel.width());
        g.drawImage(pixels, x, y + header, panel.width() * factor, panel.height() * factor, null);
      }
      if (bar != null) {
        int barWidth = Math.min(width - 2 * MARGIN, 360);
        int barX = (width - barWidth) / 2;
        int barY = height - MARGIN - barBlock + 12;
        g.drawImage(ColorBar.render(bar.colormap(), bar.low(), bar.high(), barWidth, 14), barX, barY, null);
        g.setColor(new Color(0x656D76));
        g.setFont(smallFont);
        int captionWidth = smallMetrics.stringWidth(bar.caption());
        g.drawString(bar.caption(), (width - captionWidth) / 2,
            barY + 14 + smallMetrics.getHeight() * 2 + 2);
      }
    } finally {
      g.dispose();
    }
    return figure;
  }

  private static String clip(String text, FontMetrics metrics, int width) {
    if (text == null) {
      return "";
    }
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String clipped = text;
    while (!clipped.isEmpty() && metrics.stringWidth(clipped + "…") > width) {
      clipped = clipped.substring(0, clipped.length() - 1);
    }
    return clipped + "…";
  }
}
