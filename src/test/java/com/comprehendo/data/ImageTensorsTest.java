package com.comprehendo.data;

import static com.comprehendo.data.Fixtures.image;
import static com.comprehendo.data.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTensorsTest {

  private static final float[] MEAN = Preprocessing.IMAGENET_MEAN;
  private static final float[] STD = Preprocessing.IMAGENET_STD;

  /**
   * Each case was produced by Pillow's BILINEAR resize with fastai's crop/pad box (see the fixture
   * script).
   */
  @ParameterizedTest
  @CsvSource({
    "squish, 10, 7", "squish, 50, 40", "squish, 41, 12",
    "crop, 10, 10", "crop, 12, 4", "crop, 64, 64",
    "pad, 10, 10", "pad, 6, 12", "pad, 64, 48"
  })
  void resizeMatchesPillowBitForBit(String method, int width, int height) throws Exception {
    BufferedImage noise = ImageDecoder.createDefault().decode(image("noise.png"));
    Preprocessing pre = new Preprocessing(height, width, ResizeMethod.parse(method), MEAN, STD);

    BufferedImage resized = ImageTensors.resize(noise, pre);

    assertPixelsEqual(reference("noise_" + method + "_" + width + "x" + height + ".png"), resized);
  }

  @Test
  void thumbnailFitsTheBoxKeepsTheAspectAndUsesPillowsResize() throws Exception {
    BufferedImage noise = ImageDecoder.createDefault().decode(image("noise.png")); // 41 × 29
    BufferedImage small = ImageTensors.thumbnail(noise, 10);
    assertEquals(10, small.getWidth());
    assertEquals(7, small.getHeight(), "29 · 10 / 41 = 7.07");
    assertPixelsEqual(reference("noise_squish_10x7.png"), small);
    BufferedImage tall = ImageTensors.thumbnail(ImageDecoder.createDefault().decode(image("orientation6.jpg")), 8);
    assertEquals(4, tall.getWidth(), "upright 16 × 32 into an 8-pixel box");
    assertEquals(8, tall.getHeight());
  }

  @Test
  void thumbnailNeverEnlarges() throws Exception {
    BufferedImage rgb = ImageDecoder.createDefault().decode(image("rgb.png"));
    BufferedImage same = ImageTensors.thumbnail(rgb, 200);
    assertEquals(32, same.getWidth());
    assertEquals(16, same.getHeight());
    assertPixelsEqual(rgb, same);
    assertThrows(IllegalArgumentException.class, () -> ImageTensors.thumbnail(rgb, 0));
  }

  @ParameterizedTest
  @CsvSource({"squish, 10, 7", "pad, 10, 10"})
  void oneChannelUsesPillowsLuminanceBeforeResizing(String method, int width, int height)
      throws Exception {
    BufferedImage noise = ImageDecoder.createDefault().decode(image("noise.png"));
    Preprocessing pre =
        new Preprocessing(
            height, width, ResizeMethod.parse(method), new float[] {0.5f}, new float[] {0.25f});

    BufferedImage resized = ImageTensors.resize(noise, pre);
    float[] chw = ImageTensors.toChw(noise, pre);

    BufferedImage expected =
        reference("noise_gray_" + method + "_" + width + "x" + height + ".png");
    assertPixelsEqual(expected, resized);
    assertEquals(width * height, chw.length);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int gray = expected.getRaster().getSample(x, y, 0);
        assertEquals((gray / 255f - 0.5f) / 0.25f, chw[y * width + x], 0f);
      }
    }
  }

  @Test
  void uniformColourNormalizesExactly() {
    BufferedImage image = filled(37, 23, new Color(200, 100, 50));

    for (ResizeMethod method : new ResizeMethod[] {ResizeMethod.SQUISH, ResizeMethod.CROP}) {
      float[] chw = ImageTensors.toChw(image, new Preprocessing(5, 4, method, MEAN, STD));

      assertEquals(3 * 5 * 4, chw.length);
      for (int i = 0; i < 20; i++) {
        assertEquals((200 / 255f - MEAN[0]) / STD[0], chw[i], 0f, method + " red");
        assertEquals((100 / 255f - MEAN[1]) / STD[1], chw[20 + i], 0f, method + " green");
        assertEquals((50 / 255f - MEAN[2]) / STD[2], chw[40 + i], 0f, method + " blue");
      }
    }
  }

  @Test
  void oneChannelOfAUniformColourIsItsLuma() {
    BufferedImage image = filled(9, 9, new Color(10, 200, 77));

    float[] chw =
        ImageTensors.toChw(
            image, new Preprocessing(3, 3, ResizeMethod.SQUISH, new float[] {0}, new float[] {1}));

    assertEquals(
        129,
        ImageTensors.luma(
            10, 200, 77)); // PIL: Image.new("RGB", (1, 1), (10, 200, 77)).convert("L")
    for (float v : chw) {
      assertEquals(129 / 255f, v, 0f);
    }
  }

  @Test
  void padCentresTheImageBetweenBlackBars() {
    // A white 20×10 image padded to a square: black above and below, white in the middle.
    BufferedImage image = filled(20, 10, Color.WHITE);

    BufferedImage resized =
        ImageTensors.resize(image, new Preprocessing(10, 10, ResizeMethod.PAD, MEAN, STD));

    for (int x = 0; x < 10; x++) {
      for (int y : new int[] {0, 1, 8, 9}) {
        assertEquals(0x000000, Fixtures.rgb(resized, x, y), "row " + y);
      }
      for (int y = 3; y <= 6; y++) {
        assertEquals(0xFFFFFF, Fixtures.rgb(resized, x, y), "row " + y);
      }
    }
  }

  @Test
  void cropKeepsTheCentreAndNothingOfTheSides() {
    // Red | green | blue thirds of a 30×10 image: the centred 10×10 box is all green.
    BufferedImage image = new BufferedImage(30, 10, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 10, 10);
    g.setColor(Color.GREEN);
    g.fillRect(10, 0, 10, 10);
    g.setColor(Color.BLUE);
    g.fillRect(20, 0, 10, 10);
    g.dispose();

    BufferedImage resized =
        ImageTensors.resize(image, new Preprocessing(4, 4, ResizeMethod.CROP, MEAN, STD));

    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertEquals(0x00FF00, Fixtures.rgb(resized, x, y));
      }
    }
  }

  @Test
  void squishToTheSameSizeIsTheIdentity() throws Exception {
    BufferedImage noise = ImageDecoder.createDefault().decode(image("noise.png"));

    BufferedImage same =
        ImageTensors.resize(noise, new Preprocessing(29, 41, ResizeMethod.SQUISH, MEAN, STD));

    assertPixelsEqual(noise, same);
  }

  @Test
  void tensorIsChannelsFirstRowMajor() {
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0x0A141E); // (10, 20, 30)
    image.setRGB(1, 0, 0x28323C); // (40, 50, 60)
    image.setRGB(0, 1, 0x46505A); // (70, 80, 90)
    image.setRGB(1, 1, 0x646E78); // (100, 110, 120)
    Preprocessing pre =
        new Preprocessing(2, 2, ResizeMethod.SQUISH, new float[] {0, 0, 0}, new float[] {1, 1, 1});

    float[] chw = ImageTensors.toChw(image, pre);

    float[] expected = {10, 40, 70, 100, 20, 50, 80, 110, 30, 60, 90, 120};
    for (int i = 0; i < expected.length; i++) {
      expected[i] /= 255f;
    }
    assertArrayEquals(expected, chw, 0f);
  }

  @Test
  void prepareGivesThePixelsTheTensorWasMadeFrom() throws Exception {
    BufferedImage noise = ImageDecoder.createDefault().decode(image("noise.png"));
    Preprocessing pre = new Preprocessing(8, 12, ResizeMethod.CROP, MEAN, STD);

    ImageTensors.ModelInput input = ImageTensors.prepare(noise, pre);

    assertPixelsEqual(ImageTensors.resize(noise, pre), input.pixels());
    assertArrayEquals(ImageTensors.normalize(input.pixels(), pre), input.chw(), 0f);
    assertArrayEquals(ImageTensors.toChw(noise, pre), input.chw(), 0f);
  }

  @Test
  void acceptsImagesOfAnyTypeAndLeavesThemUntouched() {
    BufferedImage bgr = new BufferedImage(6, 4, BufferedImage.TYPE_3BYTE_BGR);
    bgr.setRGB(0, 0, 0x123456);

    BufferedImage same =
        ImageTensors.resize(bgr, new Preprocessing(4, 6, ResizeMethod.SQUISH, MEAN, STD));

    assertEquals(0x123456, Fixtures.rgb(same, 0, 0));
    assertEquals(0x123456, Fixtures.rgb(bgr, 0, 0));
  }

  @Test
  void normalizeRefusesAnImageOfTheWrongSize() {
    BufferedImage image = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ImageTensors.normalize(
                    image, new Preprocessing(4, 4, ResizeMethod.SQUISH, MEAN, STD)));
    assertEquals("image is 3×3, the model expects 4×4", e.getMessage());
  }

  @Test
  void extremeAspectRatiosStillGiveAnImage() {
    BufferedImage sliver = filled(1, 300, Color.GRAY);

    for (ResizeMethod method : ResizeMethod.values()) {
      BufferedImage resized =
          ImageTensors.resize(sliver, new Preprocessing(7, 7, method, MEAN, STD));
      assertEquals(7, resized.getWidth());
      assertEquals(7, resized.getHeight());
    }
  }

  private static BufferedImage filled(int width, int height, Color colour) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  /** Compares 8-bit pixels; a gray expected image is compared against each channel. */
  private static void assertPixelsEqual(BufferedImage expected, BufferedImage actual) {
    assertEquals(expected.getWidth(), actual.getWidth(), "width");
    assertEquals(expected.getHeight(), actual.getHeight(), "height");
    boolean gray = expected.getRaster().getNumBands() == 1;
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        int want;
        if (gray) {
          int g = expected.getRaster().getSample(x, y, 0);
          want = (g << 16) | (g << 8) | g;
        } else {
          int[] p = expected.getRaster().getPixel(x, y, (int[]) null);
          want = (p[0] << 16) | (p[1] << 8) | p[2];
        }
        int got = Fixtures.rgb(actual, x, y);
        int px = x;
        int py = y;
        assertEquals(
            want,
            got,
            () ->
                "pixel ("
                    + px
                    + ", "
                    + py
                    + "): "
                    + Fixtures.hex(want)
                    + " vs "
                    + Fixtures.hex(got));
      }
    }
  }
}
