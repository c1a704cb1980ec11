package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The layer cell under an image pixel, for layer maps shown upsampled (bilinear, align_corners false). */
class LayerGridTest {

  @Test
  void aPixelLiesInTheCellWhoseCentreIsNearest() {
    for (int[] sizes : new int[][] {{8, 64}, {7, 224}, {3, 10}, {5, 5}, {1, 9}, {4, 6}}) {
      int cells = sizes[0];
      int pixels = sizes[1];
      LayerGrid grid = new LayerGrid("layer", cells, cells, 1, new float[cells * cells]);
      for (int pixel = 0; pixel < pixels; pixel++) {
        // The bilinear sample nearest the pixel's centre: cell c's centre sits at (c + ½) · W / w (on a tie,
        // halfway between two centres, either will do).
        double centre = pixel + 0.5;
        double nearest = Double.MAX_VALUE;
        for (int c = 0; c < cells; c++) {
          nearest = Math.min(nearest, Math.abs((c + 0.5) * pixels / cells - centre));
        }
        String where = cells + " cells over " + pixels + ", pixel " + pixel;
        assertEquals(nearest, Math.abs((grid.columnOf(pixel, pixels) + 0.5) * pixels / cells - centre), 1e-9, where);
        assertEquals(nearest, Math.abs((grid.rowOf(pixel, pixels) + 0.5) * pixels / cells - centre), 1e-9, where);
      }
    }
  }

  @Test
  void namesTheLayerAndItsResolution() {
    assertEquals("block4 · 8×8", new LayerGrid("block4", 8, 8, 1, new float[64]).describe());
    assertEquals("layer4 · 7×7, 512 channels summed", new LayerGrid("layer4", 7, 7, 512, new float[49]).describe());
  }

  @Test
  void refusesAMisshapenMapAndPixelsOutsideTheImage() {
    assertThrows(IllegalArgumentException.class, () -> new LayerGrid("l", 2, 3, 1, new float[5]));
    LayerGrid grid = new LayerGrid("l", 2, 2, 1, new float[4]);
    assertThrows(IllegalArgumentException.class, () -> grid.columnOf(8, 8));
    assertThrows(IllegalArgumentException.class, () -> grid.rowOf(-1, 8));
  }
}
