package com.comprehendo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ColorBarTest {

  @Test
  void gradientRunsThroughTheColormapLeftToRight() {
    Colormap blues = Colormap.named("Blues");

    int[] full = ColorBar.gradient(blues, 256, 2);
    int[] narrow = ColorBar.gradient(blues, 4, 1);

    for (int x = 0; x < 256; x++) {
      assertEquals(blues.argb(x), full[x], "column " + x);
      assertEquals(blues.argb(x), full[256 + x], "second row, column " + x);
    }
    // Four columns show the entries at fractions 1/8, 3/8, 5/8, 7/8: 32, 96, 160, 224.
    assertEquals(blues.argb(32), narrow[0]);
    assertEquals(blues.argb(96), narrow[1]);
    assertEquals(blues.argb(160), narrow[2]);
    assertEquals(blues.argb(224), narrow[3]);
  }

  @Test
  void renderedBarHasTheGradientOnTopAndLabelsBelow() {
    Colormap redWhiteGreen = Colormap.defaultFor(Sign.ALL);

    BufferedImage bar = ColorBar.render(redWhiteGreen, -1, 1, 200, 12);

    assertEquals(200, bar.getWidth());
    assertTrue(bar.getHeight() > 12);
    assertEquals(redWhiteGreen.argb(0), bar.getRGB(0, 0));
    assertEquals(redWhiteGreen.argb(255), bar.getRGB(199, 11));
    boolean hasText = false;
    for (int y = 12; y < bar.getHeight(); y++) {
      for (int x = 0; x < 200; x++) {
        hasText |= bar.getRGB(x, y) != 0xFFFFFFFF;
      }
    }
    assertTrue(hasText, "labels drawn below the bar");
  }

  @Test
  void labelsAreCompact() {
    assertEquals("-1", ColorBar.format(-1));
    assertEquals("0", ColorBar.format(0));
    assertEquals("0.5", ColorBar.format(0.5));
    assertEquals("0.000243", ColorBar.format(0.00024310882));
    assertEquals("1.23e+06", ColorBar.format(1234567.8));
  }
}
