package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.LayerGrid;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.render.RgbImage;
import com.comprehendo.render.Sign;
import com.comprehendo.render.VisualizationMethod;
import com.comprehendo.ui.heatmap.HeatmapSettings;
import com.comprehendo.ui.heatmap.HeatmapViewModel;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Live re-rendering from a cached attribution: every control changes the pixels, nothing recomputes. */
class HeatmapViewModelTest {

  private static AttributionResult result() {
    float[] values = new float[3 * 4 * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 5 - 2) * 0.01f * (1 + i / 16);
    }
    return new AttributionResult(values, 3, 4, 4, new float[0], new PassCount(0, 1), 0.1);
  }

  private static RgbImage image() {
    int[] rgb = new int[16];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (i * 16) << 16 | (255 - i * 16) << 8 | 128;
    }
    return new RgbImage(4, 4, rgb);
  }

  @Test
  void theOutlierSliderAndTheLegendSayTheSamePercent() {
    HeatmapSettings settings = new HeatmapSettings();
    HeatmapViewModel vm = new HeatmapViewModel(settings);
    vm.imageProperty().set(image());
    vm.resultProperty().set(result());
    settings.outlierPercentProperty().set(8.46); // where a dragged slider stops
    assertEquals(8.5, settings.outlierPercent(), 0);
    assertEquals("8.5%", HeatmapSettings.formatOutlierPercent(settings.outlierPercent()));
    assertTrue(vm.barCaptionProperty().get().endsWith("top 8.5% saturated"), vm.barCaptionProperty().get());
  }

  @Test
  void maskedImageSaysThatItChangedTheSign() {
    HeatmapSettings settings = new HeatmapSettings();
    settings.signProperty().set(Sign.ALL);
    assertEquals("", settings.adjustmentNoteProperty().get());
    settings.methodProperty().set(VisualizationMethod.MASKED_IMAGE);
    assertEquals(Sign.ABSOLUTE_VALUE, settings.signProperty().get());
    assertEquals("masked_image cannot show signed values: Sign changed from all to absolute_value",
        settings.adjustmentNoteProperty().get());
    settings.alphaProperty().set(0.3);
    settings.colormapProperty().set("viridis");
    assertTrue(settings.adjustmentNoteProperty().get().startsWith("masked_image"), "still said");
    settings.methodProperty().set(VisualizationMethod.BLENDED_HEAT_MAP);
    assertEquals("", settings.adjustmentNoteProperty().get(), "until the next method or sign change");
    settings.methodProperty().set(VisualizationMethod.MASKED_IMAGE);
    settings.signProperty().set(Sign.ALL);
    assertEquals(VisualizationMethod.BLENDED_HEAT_MAP, settings.methodProperty().get());
    assertEquals("masked_image cannot show signed values: Method changed to blended_heat_map for Sign all",
        settings.adjustmentNoteProperty().get());
  }

  @Test
  void everyDisplayControlReRendersDifferentPixels() {
    HeatmapSettings settings = new HeatmapSettings();
    HeatmapViewModel vm = new HeatmapViewModel(settings);
    vm.imageProperty().set(image());
    vm.resultProperty().set(result());
    int[] before = vm.rendered().argb().clone();
    int renders = vm.renderCountProperty().get();

    settings.signProperty().set(Sign.ALL);
    int[] signed = vm.rendered().argb().clone();
    settings.colormapProperty().set("viridis");
    int[] viridis = vm.rendered().argb().clone();
    settings.alphaProperty().set(0.9);
    int[] opaque = vm.rendered().argb().clone();
    settings.outlierPercentProperty().set(60);
    int[] saturated = vm.rendered().argb().clone();

    assertEquals(renders + 4, vm.renderCountProperty().get());
    assertFalse(java.util.Arrays.equals(before, signed));
    assertFalse(java.util.Arrays.equals(signed, viridis));
    assertFalse(java.util.Arrays.equals(viridis, opaque));
    assertFalse(java.util.Arrays.equals(opaque, saturated));
  }

  @Test
  void withoutAnAttributionTheImageIsShownAlone() {
    HeatmapViewModel vm = new HeatmapViewModel(new HeatmapSettings());
    vm.imageProperty().set(image());
    assertFalse(vm.showsAttributionProperty().get());
    assertEquals(0xFF000000 | image().rgb()[5], vm.rendered().argb()[5]);
    assertNull(vm.colorBarProperty().get());
  }

  @Test
  void colorBarShowsTheThresholdValues() {
    HeatmapSettings settings = new HeatmapSettings();
    HeatmapViewModel vm = new HeatmapViewModel(settings);
    vm.imageProperty().set(image());
    vm.resultProperty().set(result());
    assertNotNull(vm.colorBarProperty().get());
    assertEquals("0", vm.barLowProperty().get());

    settings.signProperty().set(Sign.ALL);

    assertTrue(vm.barLowProperty().get().startsWith("−"), vm.barLowProperty().get());
    assertEquals(vm.barLowProperty().get().substring(1), vm.barHighProperty().get());
    assertEquals("0", vm.barMiddleProperty().get());
  }

  @Test
  void maskedImageCannotShowSignAllSoTheSignMoves() {
    HeatmapSettings settings = new HeatmapSettings();
    settings.signProperty().set(Sign.ALL);
    settings.methodProperty().set(VisualizationMethod.MASKED_IMAGE);
    assertEquals(Sign.ABSOLUTE_VALUE, settings.sign());

    settings.signProperty().set(Sign.ALL);
    assertEquals(VisualizationMethod.BLENDED_HEAT_MAP, settings.method());
  }

  @Test
  void hoverReadsChannelsSumAndNormalizedValue() {
    HeatmapViewModel vm = new HeatmapViewModel(new HeatmapSettings());
    vm.imageProperty().set(image());
    AttributionResult result = result();
    vm.resultProperty().set(result);

    vm.hover(1, 2);

    String text = vm.hoverTextProperty().get();
    assertTrue(text.startsWith("x 1, y 2"), text);
    assertTrue(text.contains("R ") && text.contains("G ") && text.contains("B "), text);
    assertTrue(text.contains("Σ "), text);
    assertTrue(text.contains("normalized"), text);
    vm.hover(9, 9);
    assertEquals("", vm.hoverTextProperty().get());
  }

  @Test
  void hoverOverALayerMapNamesTheLayerCellAndItsValue() {
    HeatmapViewModel vm = new HeatmapViewModel(new HeatmapSettings());
    vm.imageProperty().set(image());
    // A 2-row × 4-column layer map (not square, so a swapped row and column shows), shown upsampled to 4×4.
    float[] cells = {0.5f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f, 0.08f};
    float[] upsampled = new float[16];
    for (int i = 0; i < upsampled.length; i++) {
      upsampled[i] = 0.001f * (i + 1);
    }
    vm.resultProperty().set(new AttributionResult(upsampled, 1, 4, 4, new float[0], new PassCount(1, 1), 0.1,
        OptionalInt.empty(), new LayerGrid("block4", 2, 4, 96, cells)));

    vm.hover(2, 3);

    String text = vm.hoverTextProperty().get();
    assertTrue(text.startsWith("x 2, y 3   block4 cell x 2, y 1 of 2×4 · +0.070 (Σ 96 channels)"), text);
    assertTrue(text.contains("upsampled +0.015"), text);
    assertTrue(text.contains("normalized"), text);
    vm.hover(0, 0);
    assertTrue(vm.hoverTextProperty().get().contains("block4 cell x 0, y 0 of 2×4 · +0.500"), vm.hoverTextProperty().get());
  }

  @Test
  void autoColormapFollowsTheSign() {
    HeatmapSettings settings = new HeatmapSettings();
    assertEquals("Blues", settings.resolvedColormap().name());
    settings.signProperty().set(Sign.POSITIVE);
    assertEquals("Greens", settings.resolvedColormap().name());
    settings.colormapProperty().set("viridis");
    assertEquals("viridis", settings.resolvedColormap().name());
    assertArrayEquals(new String[] {"auto"}, settings.colormapNames().subList(0, 1).toArray(new String[0]));
  }
}
