package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast paths (direct reads of the backing arrays, cached kernels, table normalization) against
 * {@link ReferenceImageTensors}, the straightforward implementation they replaced: every pixel and
 * every float must be the same, bit for bit.
 */
class ImageTensorsFastPathTest {

  private static final int[][] SOURCE_SIZES = {{1, 1}, {7, 5}, {5, 9}, {53, 37}, {120, 90}};
  private static final int[][] TARGET_SIZES = {{1, 1}, {3, 1}, {10, 7}, {16, 16}, {64, 48}};

  /** A named way to make a random test image of a given size. */
  private record ImageKind(String name, ImageMaker maker) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  private interface ImageMaker {
    BufferedImage make(int width, int height, Random random);
  }

  static List<ImageKind> imageKinds() {
    List<ImageKind> kinds = new ArrayList<>();
    kinds.add(standard("3BYTE_BGR", BufferedImage.TYPE_3BYTE_BGR));
    kinds.add(standard("INT_RGB", BufferedImage.TYPE_INT_RGB));
    kinds.add(standard("INT_ARGB", BufferedImage.TYPE_INT_ARGB));
    kinds.add(standard("INT_ARGB_PRE", BufferedImage.TYPE_INT_ARGB_PRE));
    kinds.add(standard("INT_BGR", BufferedImage.TYPE_INT_BGR));
    kinds.add(standard("BYTE_GRAY", BufferedImage.TYPE_BYTE_GRAY));
    kinds.add(standard("USHORT_GRAY", BufferedImage.TYPE_USHORT_GRAY));
    kinds.add(standard("4BYTE_ABGR", BufferedImage.TYPE_4BYTE_ABGR));
    kinds.add(standard("BYTE_INDEXED", BufferedImage.TYPE_BYTE_INDEXED));
    kinds.add(standard("USHORT_565_RGB", BufferedImage.TYPE_USHORT_565_RGB));
    kinds.add(new ImageKind("custom palette", (w, h, random) -> randomSamples(palette(random, w, h), random)));
    kinds.add(new ImageKind("byte RGB (PNG reader)", component(ColorSpace.CS_sRGB, false)));
    kinds.add(new ImageKind("byte RGBA (PNG reader)", component(ColorSpace.CS_sRGB, true)));
    kinds.add(new ImageKind("byte gray + alpha (PNG reader)", component(ColorSpace.CS_GRAY, true)));
    kinds.add(
        new ImageKind(
            "white 3BYTE_BGR",
            (w, h, random) -> {
              BufferedImage white = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
              Arrays.fill(((DataBufferByte) white.getRaster().getDataBuffer()).getData(), (byte) 0xFF);
              return white;
            }));
    kinds.add(
        new ImageKind(
            "3BYTE_BGR subimage",
            (w, h, random) ->
                randomSamples(new BufferedImage(w + 5, h + 3, BufferedImage.TYPE_3BYTE_BGR), random)
                    .getSubimage(3, 2, w, h)));
    kinds.add(
        new ImageKind(
            "INT_RGB subimage",
            (w, h, random) ->
                randomSamples(new BufferedImage(w + 4, h + 4, BufferedImage.TYPE_INT_RGB), random)
                    .getSubimage(1, 3, w, h)));
    return kinds;
  }

  static Stream<Arguments> everyKindMethodAndChannelCount() {
    List<Arguments> cases = new ArrayList<>();
    for (ImageKind kind : imageKinds()) {
      for (ResizeMethod method : ResizeMethod.values()) {
        for (int channels : new int[] {1, 3}) {
          cases.add(Arguments.of(kind, method, channels));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, {1}, {2} channel(s)")
  @MethodSource("everyKindMethodAndChannelCount")
  void resizeAndTensorMatchTheReferenceBitForBit(ImageKind kind, ResizeMethod method, int channels) {
    Random random = new Random(kind.name().hashCode() * 31L + method.ordinal() * 7L + channels);
    for (int[] source : SOURCE_SIZES) {
      BufferedImage image = kind.maker().make(source[0], source[1], random);
      for (int[] target : TARGET_SIZES) {
        assertSameAsReference(image, preprocessing(target[0], target[1], method, channels), kind.name());
      }
    }
  }

  @Test
  void theDatasetCaseMatchesTheReference() {
    Random random = new Random(224);
    for (int channels : new int[] {1, 3}) {
      BufferedImage photo =
          randomSamples(new BufferedImage(500, 375, BufferedImage.TYPE_3BYTE_BGR), random);
      for (ResizeMethod method : ResizeMethod.values()) {
        assertSameAsReference(photo, preprocessing(224, 224, method, channels), "500×375 photo");
      }
    }
  }

  @Test
  void moreDistinctSizesThanTheKernelCacheHoldsStillMatch() {
    Random random = new Random(5);
    BufferedImage image = randomSamples(new BufferedImage(31, 23, BufferedImage.TYPE_INT_RGB), random);
    for (int size = 1; size <= 150; size++) {
      assertSameAsReference(
          image, preprocessing(size, 1 + size % 17, ResizeMethod.SQUISH, 3), "to " + size);
    }
  }

  @Test
  void concurrentCallsGiveTheReferenceResults() throws Exception {
    Random random = new Random(9);
    List<BufferedImage> images = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      images.add(
          randomSamples(
              new BufferedImage(20 + i * 7, 30 + i * 3, BufferedImage.TYPE_3BYTE_BGR), random));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int round = 0; round < 8; round++) {
        for (BufferedImage image : images) {
          Preprocessing pre = preprocessing(17 + round, 13 + round, ResizeMethod.PAD, 3);
          results.add(pool.submit(() -> ImageTensors.toChw(image, pre)));
        }
      }
      int index = 0;
      for (int round = 0; round < 8; round++) {
        for (BufferedImage image : images) {
          Preprocessing pre = preprocessing(17 + round, 13 + round, ResizeMethod.PAD, 3);
          assertBitsEqual(ReferenceImageTensors.toChw(image, pre), results.get(index++).get(), "");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("imageKinds")
  void thumbnailMatchesTheReference(ImageKind kind) {
    Random random = new Random(kind.name().hashCode());
    for (int[] source : SOURCE_SIZES) {
      BufferedImage image = kind.maker().make(source[0], source[1], random);
      for (int maxSide : new int[] {1, 4, 8, 256}) {
        assertPixelsEqual(
            ReferenceImageTensors.thumbnail(image, maxSide),
            ImageTensors.thumbnail(image, maxSide),
            kind + " into " + maxSide);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("imageKinds")
  void rgbConversionMatchesTheReference(ImageKind kind) {
    Random random = new Random(kind.name().hashCode() + 1);
    for (int[] source : SOURCE_SIZES) {
      BufferedImage image = kind.maker().make(source[0], source[1], random);
      assertPixelsEqual(
          ReferenceImageTensors.toRgb(image), RgbConversion.toRgb(image), kind.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("imageKinds")
  void normalizeMatchesTheReference(ImageKind kind) {
    Random random = new Random(kind.name().hashCode() + 2);
    BufferedImage image = kind.maker().make(12, 9, random);
    for (int channels : new int[] {1, 3}) {
      Preprocessing pre = preprocessing(12, 9, ResizeMethod.SQUISH, channels);
      assertBitsEqual(
          ReferenceImageTensors.normalize(image, pre),
          ImageTensors.normalize(image, pre),
          kind + ", " + channels + " channel(s)");
    }
  }

  @Test
  void theDecodersLayoutsAreReadInPlaceAndPalettesAreNot() {
    assertNotNull(RawPixels.inPlace(new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR)));
    assertNotNull(RawPixels.inPlace(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB)));
    assertNotNull(RawPixels.inPlace(new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY)));
    assertNull(RawPixels.inPlace(new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED)));
    assertNull(RawPixels.inPlace(new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB_PRE)));
    assertNull(RawPixels.inPlace(new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY)));
  }

  @Test
  void grayIsItsOwnLuma() {
    for (int v = 0; v < 256; v++) {
      assertEquals(v, ImageTensors.luma(v, v, v));
    }
  }

  private static void assertSameAsReference(BufferedImage image, Preprocessing pre, String what) {
    String context = what + " " + image.getWidth() + "×" + image.getHeight() + " → " + pre;
    BufferedImage expectedPixels = ReferenceImageTensors.resize(image, pre);
    float[] expectedChw = ReferenceImageTensors.toChw(image, pre);
    assertPixelsEqual(expectedPixels, ImageTensors.resize(image, pre), context);
    assertBitsEqual(expectedChw, ImageTensors.toChw(image, pre), context);
    ImageTensors.ModelInput input = ImageTensors.prepare(image, pre);
    assertPixelsEqual(expectedPixels, input.pixels(), context + " (prepare)");
    assertBitsEqual(expectedChw, input.chw(), context + " (prepare)");
  }

  private static Preprocessing preprocessing(int width, int height, ResizeMethod method, int channels) {
    return channels == 3
        ? new Preprocessing(height, width, method, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD)
        : new Preprocessing(height, width, method, new float[] {0.449f}, new float[] {0.226f});
  }

  private static void assertPixelsEqual(BufferedImage expected, BufferedImage actual, String context) {
    assertEquals(BufferedImage.TYPE_INT_RGB, actual.getType(), context);
    assertEquals(expected.getWidth(), actual.getWidth(), context);
    assertEquals(expected.getHeight(), actual.getHeight(), context);
    assertArrayEquals(packed(expected), packed(actual), context);
  }

  private static int[] packed(BufferedImage intRgb) {
    return ((DataBufferInt) ReferenceImageTensors.toRgb(intRgb).getRaster().getDataBuffer()).getData();
  }

  private static void assertBitsEqual(float[] expected, float[] actual, String context) {
    assertArrayEquals(bits(expected), bits(actual), context);
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  private static ImageKind standard(String name, int type) {
    return new ImageKind(name, (w, h, random) -> randomSamples(new BufferedImage(w, h, type), random));
  }

  /** Interleaved 8-bit bands in R, G, B(, A) order, as the PNG reader makes them. */
  private static ImageMaker component(int colourSpace, boolean alpha) {
    return (w, h, random) -> {
      ColorModel model =
          new ComponentColorModel(
              ColorSpace.getInstance(colourSpace),
              alpha,
              false,
              alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
              DataBuffer.TYPE_BYTE);
      WritableRaster raster = model.createCompatibleWritableRaster(w, h);
      return randomSamples(new BufferedImage(model, raster, false, null), random);
    };
  }

  private static BufferedImage palette(Random random, int w, int h) {
    int size = 37;
    byte[] r = new byte[size];
    byte[] g = new byte[size];
    byte[] b = new byte[size];
    random.nextBytes(r);
    random.nextBytes(g);
    random.nextBytes(b);
    IndexColorModel model = new IndexColorModel(6, size, r, g, b);
    return new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
  }

  /** Every sample of every band set to a random value its size allows. */
  private static BufferedImage randomSamples(BufferedImage image, Random random) {
    WritableRaster raster = image.getRaster();
    IntFunction<Integer> bandLimit =
        band -> {
          int bits = raster.getSampleModel().getSampleSize(band);
          int limit = bits >= 31 ? Integer.MAX_VALUE : (1 << bits);
          if (image.getColorModel() instanceof IndexColorModel palette) {
            limit = Math.min(limit, palette.getMapSize());
          }
          return limit;
        };
    for (int band = 0; band < raster.getNumBands(); band++) {
      int limit = bandLimit.apply(band);
      for (int y = 0; y < raster.getHeight(); y++) {
        for (int x = 0; x < raster.getWidth(); x++) {
          raster.setSample(x, y, band, random.nextInt(limit));
        }
      }
    }
    return image;
  }
}
