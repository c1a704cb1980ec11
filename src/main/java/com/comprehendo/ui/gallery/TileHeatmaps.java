package com.comprehendo.ui.gallery;

import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.render.Colormap;
import com.comprehendo.render.HeatmapRenderer;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.render.VisualizationMethod;
import com.comprehendo.ui.heatmap.FxImages;
import com.comprehendo.ui.heatmap.HeatmapSettings;
import com.comprehendo.ui.heatmap.RenderedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.MapChangeListener;
import javafx.scene.image.Image;

/**
 * The tiles' heat-map overlays, drawn from the gallery's maps with the live display settings (sign,
 * colormap, opacity, outlier percentage) and kept for the tiles on screen and a few hundred more;
 * a change of settings or of a map redraws on demand. UI thread only (a 64×64 map draws in well under
 * a millisecond).
 */
public final class TileHeatmaps {

  private static final int KEPT = 600;

  private final GalleryViewModel gallery;
  private final HeatmapSettings settings;
  private final Map<Path, Image> drawn = new LinkedHashMap<>(64, 0.75f, true);
  /** Bumped when every overlay must be drawn again; tiles listen. */
  private final IntegerProperty version = new SimpleIntegerProperty(this, "version");

  public TileHeatmaps(GalleryViewModel gallery, HeatmapSettings settings) {
    this.gallery = gallery;
    this.settings = settings;
    for (Observable setting : settings.observables()) {
      setting.addListener(obs -> invalidateAll());
    }
    gallery.enabledProperty().addListener(obs -> invalidateAll());
    gallery.maps().addListener((MapChangeListener<Path, GalleryMap>) change -> {
      drawn.remove(change.getKey());
      version.set(version.get() + 1);
    });
  }

  /** Bumped when overlays change. */
  public ReadOnlyIntegerProperty versionProperty() {
    return version;
  }

  public GalleryViewModel gallery() {
    return gallery;
  }

  /** The overlay of {@code image}: its heat map with transparency, or empty (gallery off, no map yet). */
  public Optional<Image> overlay(Path image) {
    if (!gallery.enabledProperty().get()) {
      return Optional.empty();
    }
    Image cached = drawn.get(image);
    if (cached != null) {
      return Optional.of(cached);
    }
    GalleryMap map = gallery.maps().get(image);
    if (map == null) {
      return Optional.empty();
    }
    Image rendered;
    try {
      rendered = FxImages.toImage(render(map));
    } catch (IllegalArgumentException e) { // NaN or infinity in the map: nothing to draw
      return Optional.empty();
    }
    drawn.put(image, rendered);
    if (drawn.size() > KEPT) {
      drawn.remove(drawn.keySet().iterator().next());
    }
    return Optional.of(rendered);
  }

  /** The map through the colormap, with the settings' opacity (the image shows through below). */
  RenderedImage render(GalleryMap map) {
    NormalizedMap normalized = AttributionNormalizer.normalize(map.summed(), settings.sign(), settings.outlierPercent());
    return colored(normalized, settings.resolvedColormap(), settings.alpha());
  }

  /**
   * A normalized map as colormap colours, each pixel as opaque as {@code alpha} times its normalized
   * magnitude: on a tile the image shows where there is little attribution, and the evidence stands
   * out in the colormap's colours where there is much (a uniform wash of the colormap's low end would
   * hide the image).
   */
  static RenderedImage colored(NormalizedMap normalized, Colormap colormap, double alpha) {
    int[] argb = HeatmapRenderer.render(normalized, null, VisualizationMethod.HEAT_MAP, colormap, 1);
    double opacity = Math.max(0, Math.min(1, alpha)) * 255;
    float[] values = normalized.values();
    for (int i = 0; i < argb.length; i++) {
      int a = (int) Math.round(opacity * Math.min(1, Math.abs(values[i])));
      argb[i] = a << 24 | (argb[i] & 0xFFFFFF);
    }
    return new RenderedImage(argb, normalized.width(), normalized.height());
  }

  /** A normalized map as opaque colormap colours (the class map, drawn on its own). */
  static RenderedImage opaque(NormalizedMap normalized, Colormap colormap) {
    int[] argb = HeatmapRenderer.render(normalized, null, VisualizationMethod.HEAT_MAP, colormap, 1);
    return new RenderedImage(argb, normalized.width(), normalized.height());
  }

  private void invalidateAll() {
    drawn.clear();
    version.set(version.get() + 1);
  }
}
