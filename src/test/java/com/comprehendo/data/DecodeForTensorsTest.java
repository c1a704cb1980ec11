package com.comprehendo.data;

import static com.comprehendo.data.Fixtures.image;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ImageDecoder#decodeForTensors} must give {@link ImageTensors} what {@code decode} gives. */
class DecodeForTensorsTest {

  private final ImageDecoder decoder = ImageDecoder.createDefault();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rgb.jpg", "cmyk.jpg", "rgb.png", "rgba.png", "rgb16.png", "gray.png", "gray16.png",
        "gray_alpha.png", "palette.png", "noise.png", "rgb.bmp", "rgb.gif", "rgb.tif",
        "lossless.webp", "lossy.webp", "orientation3.jpg", "orientation6.jpg", "orientation8.jpg",
        "orientation6.png", "orientation6.tif", "orientation6.webp"
      })
  void tensorsAreThoseOfThePlainDecode(String name) throws Exception {
    assertSameTensors(image(name), decoder);
    assertSameTensors(image(name), ImageDecoder.builder().optApplyExifOrientation(false).build());
  }

  @Test
  void grayAndProfiledJpegsGiveTheTensorsOfThePlainDecode(@TempDir Path directory)
      throws Exception {
    Random random = new Random(3);
    BufferedImage gray = new BufferedImage(61, 43, BufferedImage.TYPE_BYTE_GRAY);
    random.nextBytes(((DataBufferByte) gray.getRaster().getDataBuffer()).getData());
    Path grayJpeg = directory.resolve("gray.jpg");
    ImageIO.write(gray, "jpg", grayJpeg.toFile());
    assertSameTensors(grayJpeg, decoder);

    BufferedImage colour = new BufferedImage(61, 43, BufferedImage.TYPE_3BYTE_BGR);
    random.nextBytes(((DataBufferByte) colour.getRaster().getDataBuffer()).getData());
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(colour, "jpg", plain);
    Path profiled = directory.resolve("linear.jpg");
    Files.write(
        profiled,
        Fixtures.withIccProfile(
            plain.toByteArray(), ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData()));
    assertSameTensors(profiled, decoder);
  }

  @Test
  void anUprightJpegIsNotCopiedAndARotatedOneIsTurned() throws Exception {
    BufferedImage upright = decoder.decodeForTensors(image("rgb.jpg"));
    assertNotEquals(BufferedImage.TYPE_INT_RGB, upright.getType());
    assertNotNull(RawPixels.inPlace(upright));
    BufferedImage rotated = decoder.decodeForTensors(image("orientation6.jpg"));
    BufferedImage plain = decoder.decode(image("orientation6.jpg"));
    assertEquals(plain.getWidth(), rotated.getWidth());
    assertEquals(plain.getHeight(), rotated.getHeight());
  }

  @ParameterizedTest
  @ValueSource(strings = {"empty.jpg", "text.jpg", "truncated.jpg", "truncated.png", "huge.png"})
  void failuresAreThoseOfThePlainDecode(String name) {
    ImageDecoder small = ImageDecoder.builder().optMaxMegapixels(1).build();
    ImageDecodeException plain =
        assertThrows(ImageDecodeException.class, () -> small.decode(image(name)));
    ImageDecodeException forTensors =
        assertThrows(ImageDecodeException.class, () -> small.decodeForTensors(image(name)));
    assertEquals(plain.kind(), forTensors.kind());
    assertEquals(plain.getMessage(), forTensors.getMessage());
  }

  private static void assertSameTensors(Path file, ImageDecoder decoder) throws IOException {
    BufferedImage plain = decoder.decode(file);
    BufferedImage forTensors = decoder.decodeForTensors(file);
    for (ResizeMethod method : ResizeMethod.values()) {
      for (Preprocessing pre :
          new Preprocessing[] {
            new Preprocessing(
                13, 17, method, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD),
            new Preprocessing(9, 5, method, new float[] {0.5f}, new float[] {0.25f})
          }) {
        String context = file.getFileName() + " " + pre;
        assertArrayEquals(
            bits(ImageTensors.toChw(plain, pre)),
            bits(ImageTensors.toChw(forTensors, pre)),
            context);
        assertArrayEquals(
            ImageTensors.resize(plain, pre).getRGB(0, 0, pre.width(), pre.height(), null, 0, pre.width()),
            ImageTensors.resize(forTensors, pre)
                .getRGB(0, 0, pre.width(), pre.height(), null, 0, pre.width()),
            context);
      }
    }
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

}
