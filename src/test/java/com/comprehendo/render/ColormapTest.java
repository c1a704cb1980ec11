package com.comprehendo.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.NpyArray;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColormapTest {

  /** The {@code colormaps} of the reference set's cases.json: 256×4 RGBA float tables. */
  @ParameterizedTest
  @ValueSource(strings = {"Greens", "Reds", "Blues", "RdWhGn", "viridis", "custom_blue"})
  void tablesMatchMatplotlib(String name) {
    NpyArray expected = CaptumRef.load("lut_" + name + ".npy");
    Colormap colormap = Colormap.named(name);

    assertArrayEquals(new int[] {256, 4}, expected.shape());
    double maxError = 0;
    for (int i = 0; i < Colormap.SIZE; i++) {
      double[] rgba = colormap.rgba(i);
      for (int c = 0; c < 4; c++) {
        maxError = Math.max(maxError, Math.abs(rgba[c] - expected.data()[4 * i + c]));
      }
    }
    assertTrue(maxError <= 1.0 / 255, name + " max error " + maxError);
    // The reference is stored as float32; our doubles agree to its precision.
    assertTrue(maxError <= 1e-7, name + " max error " + maxError);
  }

  @Test
  void valuesMapToEntriesLikeColormapCall() {
    // x = (v - vmin) / (vmax - vmin); index floor(256 x), x == 1 -> 255, out of range clamped.
    assertEquals(0, Colormap.index(0f, 0f, 1f));
    assertEquals(0, Colormap.index(0.0039f, 0f, 1f)); // 0.998 * 1/256
    assertEquals(1, Colormap.index(1f / 256, 0f, 1f));
    assertEquals(128, Colormap.index(0.5f, 0f, 1f));
    assertEquals(255, Colormap.index(0.999f, 0f, 1f));
    assertEquals(255, Colormap.index(1f, 0f, 1f));
    assertEquals(0, Colormap.index(-0.5f, 0f, 1f));
    assertEquals(255, Colormap.index(7f, 0f, 1f));
    // Sign all: -1..1, so 0 sits at x = 0.5.
    assertEquals(0, Colormap.index(-1f, -1f, 1f));
    assertEquals(128, Colormap.index(0f, -1f, 1f));
    assertEquals(255, Colormap.index(1f, -1f, 1f));
    assertEquals(64, Colormap.index(-0.5f, -1f, 1f));
    // Normalize maps everything to 0 when vmin == vmax; NaN is "bad".
    assertEquals(0, Colormap.index(3f, 2f, 2f));
    assertEquals(-1, Colormap.index(Float.NaN, 0f, 1f));
    assertEquals(Colormap.BAD_ARGB, Colormap.named("Blues").map(Float.NaN, 0f, 1f));
  }

  @Test
  void bytesAreTruncatedLikeMatplotlib() {
    Colormap gray = Colormap.named("gray");
    assertEquals(0xFF000000, gray.argb(0));
    assertEquals(0xFF808080, gray.argb(128));
    assertEquals(0xFFFFFFFF, gray.argb(255));
    // Quirk: lut[33] is 32.99999999999999 / 255, which (lut * 255).astype(uint8) makes 32.
    assertEquals(0xFF202020, gray.argb(33));

    Colormap redWhiteGreen = Colormap.named("RdWhGn");
    assertEquals(0xFFFF0000, redWhiteGreen.argb(0));
    assertEquals(0xFFFFFEFE, redWhiteGreen.argb(127));
    assertEquals(0xFFFEFEFE, redWhiteGreen.argb(128)); // the middle is not pure white
    assertEquals(0xFF008000, redWhiteGreen.argb(255)); // matplotlib's "green" is #008000

    Colormap blues = Colormap.named("Blues");
    assertEquals(0xFFF7FBFF, blues.argb(0));
    assertEquals(0xFF6AADD5, blues.argb(128));
    assertEquals(0xFF08306B, blues.argb(255));
    assertEquals(blues.argb(128), blues.map(0.5f, 0f, 1f));
  }

  @Test
  void defaultsFollowCaptum() {
    assertEquals("RdWhGn", Colormap.defaultFor(Sign.ALL).name());
    assertEquals("Greens", Colormap.defaultFor(Sign.POSITIVE).name());
    assertEquals("Reds", Colormap.defaultFor(Sign.NEGATIVE).name());
    assertEquals("Blues", Colormap.defaultFor(Sign.ABSOLUTE_VALUE).name());
  }

  @Test
  void namesResolveExactlyThenIgnoringCase() {
    assertSame(Colormap.named("Blues"), Colormap.named("blues"));
    assertEquals("viridis", Colormap.named("VIRIDIS").name());
    assertTrue(
        Colormap.names()
            .containsAll(
                List.of("Greens", "Reds", "Blues", "RdWhGn", "viridis", "custom_blue", "gray")));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Colormap.named("jet"));
    assertTrue(e.getMessage().contains("'jet'"), e.getMessage());
    assertTrue(e.getMessage().contains("Blues, Greens"), e.getMessage());
  }

  @Test
  void fromListOfBlackAndWhiteEqualsGray() {
    Colormap blackToWhite =
        Colormap.fromList("bw", null, new double[] {0, 0, 0}, new double[] {1, 1, 1});
    Colormap gray = Colormap.named("gray");

    for (int i = 0; i < Colormap.SIZE; i++) {
      assertArrayEquals(gray.rgba(i), blackToWhite.rgba(i), "entry " + i);
    }
  }

  @Test
  void customBlueIsWhiteToBlackInTheFirstQuarter() {
    Colormap customBlue = Colormap.named("custom_blue");

    assertEquals(0xFFFFFFFF, customBlue.argb(0));
    assertEquals(0xFF000000, customBlue.argb(64)); // 0.25 * 255 = 63.75, black from there on
    assertEquals(0xFF000000, customBlue.argb(255));
  }
}
