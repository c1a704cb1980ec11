package com.comprehendo.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RgbImageTest {

  @Test
  void floatImagesUpToOneAreScaledBy255AndTruncated() {
    // Gray (H, W, 1): 0.5 * 255 = 127.5 -> 127.
    RgbImage image = RgbImage.fromChannelsLast(new float[] {0f, 0.5f, 1f}, 1, 3, 1);

    assertArrayEquals(new int[] {0x000000, 0x7F7F7F, 0xFFFFFF}, image.rgb());
  }

  @Test
  void floatImagesAboveOneAreTakenAs0To255AndClipped() {
    RgbImage image = RgbImage.fromChannelsLast(new float[] {-3f, 127.9f, 300f}, 1, 3, 1);

    assertArrayEquals(new int[] {0x000000, 0x7F7F7F, 0xFFFFFF}, image.rgb());
  }

  @Test
  void channelsFirstAndLastAgree() {
    // Two pixels: (1, 0, 0.2) and (0, 1, 0.4).
    float[] hwc = {1f, 0f, 0.2f, 0f, 1f, 0.4f};
    float[] chw = {1f, 0f, 0f, 1f, 0.2f, 0.4f};

    RgbImage last = RgbImage.fromChannelsLast(hwc, 1, 2, 3);
    RgbImage first = RgbImage.fromChannelsFirst(chw, 3, 1, 2);

    // float32 0.2 * 255 = 51.0 and 0.4 * 255 = 102.0.
    assertArrayEquals(new int[] {0xFF0033, 0x00FF66}, last.rgb());
    assertArrayEquals(last.rgb(), first.rgb());
  }

  @Test
  void bufferedImagesDropAlpha() {
    BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x80123456);
    argb.setRGB(1, 0, 0xFFABCDEF);

    RgbImage image = RgbImage.fromBufferedImage(argb);

    assertArrayEquals(new int[] {0x123456, 0xABCDEF}, image.rgb());
  }

  @Test
  void bilinearResizeInterpolatesBetweenPixelCentres() {
    RgbImage image = new RgbImage(1, 2, new int[] {0x000000, 0xC8C8C8}); // 0 and 200

    RgbImage wide = image.resizeBilinear(1, 4);

    // Centres of 4 columns sit at source x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    assertArrayEquals(new int[] {0x000000, 0x323232, 0x969696, 0xC8C8C8}, wide.rgb());
    assertSame(image, image.resizeBilinear(1, 2));
    RgbImage halved = new RgbImage(2, 2, new int[] {0, 0, 0x646464, 0x646464}).resizeBilinear(1, 1);
    assertArrayEquals(new int[] {0x323232}, halved.rgb());
  }

  @Test
  void rejectsMismatchedData() {
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new int[3]));
    assertThrows(
        IllegalArgumentException.class, () -> RgbImage.fromChannelsLast(new float[4], 1, 2, 2));
    assertThrows(
        IllegalArgumentException.class, () -> RgbImage.fromChannelsFirst(new float[5], 3, 1, 2));
  }
}
