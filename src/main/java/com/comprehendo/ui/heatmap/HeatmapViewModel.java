package com.comprehendo.ui.heatmap;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.LayerGrid;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.render.RgbImage;
import com.comprehendo.render.Sign;
import com.comprehendo.ui.support.Formats;
import java.util.Locale;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The single-image view: the current image with its attribution drawn by the shared {@link
 * HeatmapSettings}, the colour bar's values, and the readout under the mouse. Re-renders on every
 * settings change without touching the model; {@link #renderCountProperty()} counts renders so tests
 * can tell a re-render from a recomputation.
 */
public final class HeatmapViewModel {

  private final HeatmapSettings settings;
  private final ObjectProperty<RgbImage> image = new SimpleObjectProperty<>(this, "image");
  private final ObjectProperty<AttributionResult> result = new SimpleObjectProperty<>(this, "result");
  private final ObjectProperty<RenderedImage> rendered = new SimpleObjectProperty<>(this, "rendered");
  private final ObjectProperty<RenderedImage> colorBar = new SimpleObjectProperty<>(this, "colorBar");
  private final StringProperty barLow = new SimpleStringProperty(this, "barLow", "");
  private final StringProperty barMiddle = new SimpleStringProperty(this, "barMiddle", "");
  private final StringProperty barHigh = new SimpleStringProperty(this, "barHigh", "");
  private final StringProperty barCaption = new SimpleStringProperty(this, "barCaption", "");
  private final BooleanProperty showsAttribution = new SimpleBooleanProperty(this, "showsAttribution");
  private final StringProperty hoverText = new SimpleStringProperty(this, "hoverText", "");
  private final StringProperty renderError = new SimpleStringProperty(this, "renderError", "");
  private final IntegerProperty renderCount = new SimpleIntegerProperty(this, "renderCount");
  private NormalizedMap map;

  public HeatmapViewModel(HeatmapSettings settings) {
    this.settings = settings;
    InvalidationListener rerender = obs -> render();
    image.addListener(rerender);
    result.addListener(rerender);
    for (var observable : settings.observables()) {
      observable.addListener(rerender);
    }
  }

  public HeatmapSettings settings() {
    return settings;
  }

  /** The model-sized image the attribution is drawn over. */
  public ObjectProperty<RgbImage> imageProperty() {
    return image;
  }

  /** The attribution to draw; null shows the image alone. */
  public ObjectProperty<AttributionResult> resultProperty() {
    return result;
  }

  public ReadOnlyObjectProperty<RenderedImage> renderedProperty() {
    return rendered;
  }

  /** The colour bar's gradient (256 wide), for the current colormap. */
  public ReadOnlyObjectProperty<RenderedImage> colorBarProperty() {
    return colorBar;
  }

  public ReadOnlyStringProperty barLowProperty() {
    return barLow;
  }

  public ReadOnlyStringProperty barMiddleProperty() {
    return barMiddle;
  }

  public ReadOnlyStringProperty barHighProperty() {
    return barHigh;
  }

  public ReadOnlyStringProperty barCaptionProperty() {
    return barCaption;
  }

  /** Whether an attribution is drawn (and the colour bar means something). */
  public ReadOnlyBooleanProperty showsAttributionProperty() {
    return showsAttribution;
  }

  /** The values under the mouse, or empty. */
  public ReadOnlyStringProperty hoverTextProperty() {
    return hoverText;
  }

  /** Why the current settings cannot be drawn, or empty. */
  public ReadOnlyStringProperty renderErrorProperty() {
    return renderError;
  }

  /** How many times pixels were produced; grows on every settings change. */
  public ReadOnlyIntegerProperty renderCountProperty() {
    return renderCount;
  }

  /** The rendered pixels, or null. */
  public RenderedImage rendered() {
    return rendered.get();
  }

  private void render() {
    RgbImage currentImage = image.get();
    AttributionResult currentResult = result.get();
    if (currentImage == null) {
      map = null;
      rendered.set(null);
      showsAttribution.set(false);
      updateBar(null, 0);
      return;
    }
    if (currentResult == null
        || currentResult.height() != currentImage.height()
        || currentResult.width() != currentImage.width()) {
      map = null;
      rendered.set(HeatmapPainter.original(currentImage));
      showsAttribution.set(false);
      updateBar(null, 0);
      renderCount.set(renderCount.get() + 1);
      return;
    }
    try {
      HeatmapPainter.Painting painting = HeatmapPainter.paint(currentImage, currentResult, settings, null);
      map = painting.map();
      rendered.set(painting.image());
      showsAttribution.set(true);
      renderError.set("");
      updateBar(settings.sign(), painting.threshold());
    } catch (IllegalArgumentException e) {
      renderError.set(e.getMessage());
    }
    renderCount.set(renderCount.get() + 1);
  }

  private void updateBar(Sign sign, float threshold) {
    if (sign == null || !settings.method().usesColormap()) {
      colorBar.set(null);
      barLow.set("");
      barMiddle.set("");
      barHigh.set("");
      barCaption.set(sign == null ? "" : captionFor(sign));
      return;
    }
    colorBar.set(HeatmapPainter.barGradient(settings.resolvedColormap(), 256));
    double[] range = HeatmapPainter.barRange(sign, threshold);
    barLow.set(Formats.value(range[0]));
    barMiddle.set(sign == Sign.ALL ? "0" : "");
    barHigh.set(Formats.value(range[1]));
    barCaption.set(captionFor(sign));
  }

  private String captionFor(Sign sign) {
    String which = switch (sign) {
      case ALL -> "signed attribution";
      case POSITIVE -> "positive attribution";
      case NEGATIVE -> "negative attribution";
      case ABSOLUTE_VALUE -> "|attribution|";
    };
    return which + ", summed over channels · top "
        + HeatmapSettings.formatOutlierPercent(settings.outlierPercent()) + " saturated";
  }

  /**
   * Shows the values at attribution pixel (x, y): per channel, their sum and the normalized value; for
   * a layer method's map, the layer cell under the pixel and its value, the upsampled value and the
   * normalized one. Outside the image the readout is cleared.
   */
  public void hover(int x, int y) {
    RgbImage currentImage = image.get();
    if (currentImage == null || x < 0 || y < 0 || x >= currentImage.width() || y >= currentImage.height()) {
      hoverText.set("");
      return;
    }
    StringBuilder text = new StringBuilder();
    text.append("x ").append(x).append(", y ").append(y);
    AttributionResult currentResult = result.get();
    if (currentResult == null || map == null) {
      int rgb = currentImage.get(y, x);
      text.append(String.format(Locale.ROOT, "   RGB %d, %d, %d", (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF));
      hoverText.set(text.toString());
      return;
    }
    text.append("   ");
    if (currentResult.layerGrid().isPresent()) {
      appendLayerCell(text, currentResult.layerGrid().get(), x, y, currentImage);
      text.append("   upsampled ").append(Formats.signed(currentResult.summed().get(y, x)));
      text.append("   normalized ").append(String.format(Locale.ROOT, "%.2f", map.get(y, x)).replace('-', '−'));
      hoverText.set(text.toString());
      return;
    }
    String[] names = currentResult.channels() == 3 ? new String[] {"R", "G", "B"} : null;
    for (int c = 0; c < currentResult.channels(); c++) {
      text.append(names != null ? names[c] : "C" + c).append(' ')
          .append(Formats.signed(currentResult.value(c, y, x))).append("   ");
    }
    text.append("Σ ").append(Formats.signed(currentResult.summed().get(y, x)));
    text.append("   normalized ").append(String.format(Locale.ROOT, "%.2f", map.get(y, x)).replace('-', '−'));
    hoverText.set(text.toString());
  }

  /**
   * A layer method's map is drawn upsampled from the layer's h×w grid, so the pixel's own value is an
   * interpolation: the readout names the layer cell under the pixel and its value, then the value drawn.
   */
  private static void appendLayerCell(StringBuilder text, LayerGrid grid, int x, int y, RgbImage image) {
    int column = grid.columnOf(x, image.width());
    int row = grid.rowOf(y, image.height());
    text.append(grid.layer()).append(" cell x ").append(column).append(", y ").append(row)
        .append(" of ").append(grid.rows()).append('×').append(grid.columns())
        .append(" · ").append(Formats.signed(grid.value(row, column)));
    if (grid.channelsSummed() > 1) {
      text.append(" (Σ ").append(grid.channelsSummed()).append(" channels)");
    }
  }

  public void clearHover() {
    hoverText.set("");
  }
}
