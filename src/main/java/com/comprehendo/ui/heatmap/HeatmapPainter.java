package com.comprehendo.ui.heatmap;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.render.Colormap;
import com.comprehendo.render.HeatmapRenderer;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.render.RgbImage;
import com.comprehendo.render.Sign;
import com.comprehendo.render.VisualizationMethod;

/**
 * Draws one attribution with the current {@link HeatmapSettings}: threshold (its own, from the
 * result's cached profile, or a shared one), normalize, render. About a millisecond for 224², so it
 * runs on the UI thread on every control change.
 */
public final class HeatmapPainter {

  private HeatmapPainter() {}

  /**
   * A painted attribution.
   *
   * @param image the pixels
   * @param map the normalized map they were drawn from
   * @param threshold the attribution value that maps to full colour (negative for sign negative)
   */
  public record Painting(RenderedImage image, NormalizedMap map, float threshold) {}

  /**
   * Paints {@code result} over {@code image}.
   *
   * @param sharedThreshold a threshold common to several panels, or null for the result's own
   */
  public static Painting paint(
      RgbImage image, AttributionResult result, HeatmapSettings settings, Float sharedThreshold) {
    Sign sign = settings.sign();
    float threshold = sharedThreshold != null
        ? sharedThreshold
        : result.profile(sign).threshold(settings.outlierPercent());
    NormalizedMap map = AttributionNormalizer.applyThreshold(result.summed(), sign, threshold);
    VisualizationMethod method = settings.method();
    int[] argb = HeatmapRenderer.render(map, image, method, settings.resolvedColormap(), settings.alpha());
    if (method == VisualizationMethod.ALPHA_SCALING) {
      // matplotlib shows alpha_scaling over the white figure; do the same rather than over the panel.
      argb = HeatmapRenderer.flattenOnto(argb, 0xFFFFFF);
    }
    return new Painting(new RenderedImage(argb, map.width(), map.height()), map, threshold);
  }

  /** The image alone, for before anything is computed. */
  public static RenderedImage original(RgbImage image) {
    int[] rgb = image.rgb();
    int[] argb = new int[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      argb[i] = 0xFF000000 | rgb[i];
    }
    return new RenderedImage(argb, image.width(), image.height());
  }

  /**
   * The attribution values at the ends of the colour bar for {@code threshold}: {@code [−t, +t]} for
   * sign all, {@code [0, t]} otherwise (for sign negative, t is negative: the most negative shown).
   */
  public static double[] barRange(Sign sign, float threshold) {
    return com.comprehendo.render.ColorBar.valueRange(sign, threshold);
  }

  /**
   * A colour bar's pixels for a colormap, {@code width × 8}: several rows, because JavaFX's software
   * pipeline mis-samples images one pixel high when it stretches them.
   */
  public static RenderedImage barGradient(Colormap colormap, int width) {
    int rows = 8;
    return new RenderedImage(com.comprehendo.render.ColorBar.gradient(colormap, width, rows), width, rows);
  }
}
