package com.comprehendo.data;

import static com.comprehendo.data.Fixtures.BLUE;
import static com.comprehendo.data.Fixtures.GREEN;
import static com.comprehendo.data.Fixtures.RED;
import static com.comprehendo.data.Fixtures.WHITE;
import static com.comprehendo.data.Fixtures.corners;
import static com.comprehendo.data.Fixtures.distance;
import static com.comprehendo.data.Fixtures.hex;
import static com.comprehendo.data.Fixtures.image;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.ImageDecodeException.Kind;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

  private static final int[] QUADRANTS = {RED, GREEN, BLUE, WHITE};

  private final ImageDecoder decoder = ImageDecoder.createDefault();

  @ParameterizedTest
  @ValueSource(
      strings = {"rgb.png", "rgb.bmp", "rgb.gif", "lossless.webp", "rgb.tif", "orientation1.png"})
  void losslessFormatsDecodeToExactPixels(String name) throws Exception {
    BufferedImage image = decoder.decode(image(name));

    assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
    assertEquals(32, image.getWidth());
    assertEquals(16, image.getHeight());
    assertQuadrants(QUADRANTS, image, 0, name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rgb.jpg", "lossy.webp", "cmyk.jpg"})
  void lossyFormatsDecodeToNearlyTheSamePixels(String name) throws Exception {
    BufferedImage image = decoder.decode(image(name));

    assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
    assertQuadrants(QUADRANTS, image, name.startsWith("cmyk") ? 24 : 6, name);
  }

  @Test
  void embeddedIccProfileOfAnRgbJpegIsIgnoredLikePil() throws Exception {
    // A JPEG declaring linear-light RGB: the JDK decoder would convert (128, 64, 200) to about
    // (188, 137, 229) in sRGB; PIL keeps the stored values, and so must we.
    BufferedImage colour = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        colour.setRGB(x, y, 0x8040C8);
      }
    }
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(colour, "jpg", jpeg);
    byte[] plain = jpeg.toByteArray();
    byte[] withProfile =
        Fixtures.withIccProfile(plain, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());

    int raw = Fixtures.rgb(decoder.decode(plain), 8, 8);
    int decoded = Fixtures.rgb(decoder.decode(withProfile), 8, 8);

    assertTrue(distance(0x8040C8, raw) <= 4, hex(raw));
    assertEquals(hex(raw), hex(decoded));
  }

  @Test
  void grayIsReplicatedFromRawSamplesWithoutGammaConversion() throws Exception {
    // Java's getRGB would turn gray 10 into 0x38 (it treats the gray as linear light); PIL gives
    // 10.
    BufferedImage image = decoder.decode(image("gray.png"));

    assertArrayEquals(new int[] {0x0A0A0A, 0x646464, 0xC8C8C8, 0xFFFFFF}, corners(image));
  }

  @Test
  void grayWithAlphaKeepsTheGrayValues() throws Exception {
    BufferedImage image = decoder.decode(image("gray_alpha.png"));

    assertArrayEquals(new int[] {0x0A0A0A, 0x646464, 0xC8C8C8, 0xFFFFFF}, corners(image));
  }

  @Test
  void alphaIsDroppedKeepingTheStoredColourLikePil() throws Exception {
    // The red quadrant is fully transparent, the green one half transparent.
    BufferedImage image = decoder.decode(image("rgba.png"));

    assertArrayEquals(QUADRANTS, corners(image));
  }

  @Test
  void paletteColoursAreLookedUpAndTransparencyIgnored() throws Exception {
    // Red is the palette's transparent index.
    BufferedImage image = decoder.decode(image("palette.png"));

    assertArrayEquals(QUADRANTS, corners(image));
  }

  @Test
  void sixteenBitRgbKeepsTheHighByteLikePil() throws Exception {
    // Top-left is (0x80FF, 0x12FF, 0xFFFF): high bytes 128, 18, 255 (scaling would give 129, 19).
    BufferedImage image = decoder.decode(image("rgb16.png"));

    assertArrayEquals(new int[] {0x8012FF, GREEN, BLUE, WHITE}, corners(image));
  }

  @Test
  void sixteenBitGrayKeepsTheHighByte() throws Exception {
    BufferedImage image = decoder.decode(image("gray16.png"));

    assertArrayEquals(new int[] {0x808080, 0x121212, WHITE, WHITE}, corners(image));
  }

  /**
   * Where red, green, blue and white end up after {@code ImageOps.exif_transpose} (checked against
   * Pillow).
   */
  private static final Map<Integer, int[]> UPRIGHT =
      Map.of(
          1, new int[] {RED, GREEN, BLUE, WHITE},
          2, new int[] {GREEN, RED, WHITE, BLUE},
          3, new int[] {WHITE, BLUE, GREEN, RED},
          4, new int[] {BLUE, WHITE, RED, GREEN},
          5, new int[] {RED, BLUE, GREEN, WHITE},
          6, new int[] {BLUE, RED, WHITE, GREEN},
          7, new int[] {WHITE, GREEN, BLUE, RED},
          8, new int[] {GREEN, WHITE, RED, BLUE});

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void everyExifOrientationIsTurnedUprightLikePil(int orientation) throws Exception {
    BufferedImage image = decoder.decode(image("orientation" + orientation + ".png"));

    boolean swapped = orientation >= 5;
    assertEquals(swapped ? 16 : 32, image.getWidth());
    assertEquals(swapped ? 32 : 16, image.getHeight());
    assertQuadrants(UPRIGHT.get(orientation), image, 0, "orientation " + orientation);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 6, 8})
  void jpegExifOrientationIsHonoured(int orientation) throws Exception {
    BufferedImage image = decoder.decode(image("orientation" + orientation + ".jpg"));

    assertEquals(orientation == 3 ? 32 : 16, image.getWidth());
    assertQuadrants(UPRIGHT.get(orientation), image, 6, "orientation " + orientation);
  }

  @ParameterizedTest
  @ValueSource(strings = {"orientation6.tif", "orientation6.webp"})
  void tiffAndWebpExifOrientationIsHonoured(String name) throws Exception {
    BufferedImage image = decoder.decode(image(name));

    assertEquals(16, image.getWidth());
    assertQuadrants(UPRIGHT.get(6), image, 0, name);
  }

  @Test
  void orientationCanBeIgnoredLikeTorchvisionsLoader() throws Exception {
    ImageDecoder ignoring = ImageDecoder.builder().optApplyExifOrientation(false).build();

    BufferedImage image = ignoring.decode(image("orientation6.png"));

    assertEquals(32, image.getWidth());
    assertArrayEquals(QUADRANTS, corners(image));
  }

  @Test
  void orientationIsReadFromEachContainer() throws Exception {
    assertEquals(6, ExifOrientation.read(Files.readAllBytes(image("orientation6.jpg"))));
    assertEquals(8, ExifOrientation.read(Files.readAllBytes(image("orientation8.jpg"))));
    assertEquals(7, ExifOrientation.read(Files.readAllBytes(image("orientation7.png"))));
    assertEquals(6, ExifOrientation.read(Files.readAllBytes(image("orientation6.tif"))));
    assertEquals(6, ExifOrientation.read(Files.readAllBytes(image("orientation6.webp"))));
    assertEquals(1, ExifOrientation.read(Files.readAllBytes(image("rgb.jpg"))));
    assertEquals(1, ExifOrientation.read(Files.readAllBytes(image("rgb.tif"))));
    assertEquals(1, ExifOrientation.read(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
    assertEquals(1, ExifOrientation.read(new byte[0]));
  }

  @Test
  void emptyFileIsReported() {
    ImageDecodeException e =
        assertThrows(ImageDecodeException.class, () -> decoder.decode(image("empty.jpg")));

    assertEquals(Kind.EMPTY_FILE, e.kind());
    assertEquals("empty file (0 bytes)", e.reason());
    assertEquals("empty.jpg: empty file (0 bytes)", e.getMessage());
  }

  @Test
  void textFileNamedJpgIsNotAnImage() {
    ImageDecodeException e =
        assertThrows(ImageDecodeException.class, () -> decoder.decode(image("text.jpg")));

    assertEquals(Kind.NOT_AN_IMAGE, e.kind());
    assertEquals("not an image (unrecognized format)", e.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"truncated.png", "truncated.jpg"})
  void truncatedFilesAreCorrupt(String name) {
    ImageDecodeException e =
        assertThrows(ImageDecodeException.class, () -> decoder.decode(image(name)));

    assertEquals(Kind.CORRUPT, e.kind());
    assertEquals("truncated or corrupt image data", e.reason());
  }

  @Test
  void decompressionBombIsRefusedFromItsHeaderBeforeDecoding() {
    // huge.png declares 50000×50000 but has no pixel data: decoding would fail as corrupt, so
    // "too large" proves the size was checked before any pixel was read.
    ImageDecodeException e =
        assertThrows(ImageDecodeException.class, () -> decoder.decode(image("huge.png")));

    assertEquals(Kind.TOO_LARGE, e.kind());
    assertEquals("image too large (50000×50000 exceeds the limit of 100 megapixels)", e.reason());
    assertEquals(
        "huge.png: image too large (50000×50000 exceeds the limit of 100 megapixels)",
        e.getMessage());
  }

  @Test
  void pixelLimitIsConfigurable() {
    ImageDecoder tiny = ImageDecoder.builder().optMaxMegapixels(0.0005).build();

    ImageDecodeException e =
        assertThrows(ImageDecodeException.class, () -> tiny.decode(image("noise.png")));

    assertEquals("image too large (41×29 exceeds the limit of 0.0005 megapixels)", e.reason());
    assertThrows(IllegalArgumentException.class, () -> ImageDecoder.builder().optMaxMegapixels(0));
  }

  @Test
  void missingFileIsReported(@TempDir Path directory) {
    ImageDecodeException e =
        assertThrows(
            ImageDecodeException.class, () -> decoder.decode(directory.resolve("gone.jpg")));

    assertEquals(Kind.UNREADABLE_FILE, e.kind());
    assertEquals("file not found", e.reason());
  }

  @Test
  void decodesInMemoryBytes() throws Exception {
    BufferedImage image = decoder.decode(Files.readAllBytes(image("rgb.png")));

    assertArrayEquals(QUADRANTS, corners(image));
    ImageDecodeException e =
        assertThrows(ImageDecodeException.class, () -> decoder.decode(new byte[0]));
    assertEquals("empty file (0 bytes)", e.getMessage());
  }

  @Test
  void tryDecodeCollectsFailuresAndGoesOn() {
    List<UnreadableImage> unreadable = new ArrayList<>();
    List<Path> files =
        List.of(image("rgb.png"), image("empty.jpg"), image("text.jpg"), image("gray.png"));

    long decoded =
        files.stream()
            .map(f -> decoder.tryDecode(f, unreadable::add))
            .filter(Optional::isPresent)
            .count();

    assertEquals(2, decoded);
    assertEquals(
        List.of(
            new UnreadableImage(image("empty.jpg"), "empty file (0 bytes)"),
            new UnreadableImage(image("text.jpg"), "not an image (unrecognized format)")),
        unreadable);
  }

  @Test
  void plainRgbImagesAreNotCopiedByTheConversion() {
    BufferedImage rgb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);

    assertSame(rgb, RgbConversion.toRgb(rgb));
  }

  @Test
  void narrowSamplesAreScaledAndWideOnesKeepTheirHighByte() {
    assertEquals(255, RgbConversion.to8Bits(1, 1));
    assertEquals(85, RgbConversion.to8Bits(1, 2));
    assertEquals(0x80, RgbConversion.to8Bits(0x80FF, 16));
    assertEquals(0xAB, RgbConversion.to8Bits(0xABC, 12));
  }

  private static void assertQuadrants(
      int[] expected, BufferedImage image, int tolerance, String what) {
    int[] actual = corners(image);
    for (int i = 0; i < expected.length; i++) {
      int index = i;
      assertTrue(
          distance(expected[i], actual[i]) <= tolerance,
          () ->
              what
                  + ": quadrant "
                  + index
                  + " expected "
                  + hex(expected[index])
                  + " but was "
                  + hex(actual[index])
                  + " (all: "
                  + Arrays.toString(Arrays.stream(actual).mapToObj(Fixtures::hex).toArray())
                  + ")");
    }
  }
}
