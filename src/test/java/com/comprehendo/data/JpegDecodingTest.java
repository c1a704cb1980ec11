package com.comprehendo.data;

import static com.comprehendo.data.Fixtures.image;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JPEGs read into R, G, B ordered images must give exactly the pixels of the reader's default
 * destination ({@link ReferenceDecoding}), whatever the sampling, coding, profile or orientation.
 */
class JpegDecodingTest {

  private final ImageDecoder decoder = ImageDecoder.createDefault();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rgb.jpg", "cmyk.jpg", "orientation3.jpg", "orientation6.jpg", "orientation8.jpg",
        "rgb.png", "gray.png", "palette.png", "rgb.tif", "lossy.webp"
      })
  void fixturesDecodeToTheReferencePixels(String name) throws Exception {
    assertSameAsReference(Files.readAllBytes(image(name)), name);
  }

  @Test
  void generatedJpegsDecodeToTheReferencePixels() throws Exception {
    Random random = new Random(17);
    int[][] sizes = {{1, 1}, {17, 3}, {64, 64}, {333, 211}};
    for (int[] size : sizes) {
      BufferedImage photo = photoLike(size[0], size[1], random);
      for (boolean progressive : new boolean[] {false, true}) {
        for (float quality : new float[] {0.5f, 0.95f, 1f}) {
          byte[] jpeg = jpeg(photo, quality, progressive);
          String what = size[0] + "×" + size[1] + " q" + quality + (progressive ? " progressive" : "");
          assertSameAsReference(jpeg, what);
          assertSameAsReference(
              withIcc(jpeg, ColorSpace.CS_LINEAR_RGB), what + " with a linear RGB profile");
          assertSameAsReference(withIcc(jpeg, ColorSpace.CS_sRGB), what + " with an sRGB profile");
          assertSameAsReference(withIcc(jpeg, ColorSpace.CS_CIEXYZ), what + " with an XYZ profile");
        }
      }
      BufferedImage gray = new BufferedImage(size[0], size[1], BufferedImage.TYPE_BYTE_GRAY);
      gray.getGraphics().drawImage(photo, 0, 0, null);
      assertSameAsReference(jpeg(gray, 0.9f, false), size[0] + "×" + size[1] + " gray");
    }
  }

  @Test
  void plainJpegsAreReadInRgbOrderAndProfiledOnesOnlyInTheirOwnSpace() throws Exception {
    BufferedImage plain = decoder.decodeForTensors(image("rgb.jpg"));
    assertArrayEquals(
        new int[] {0, 1, 2}, ((ComponentSampleModel) plain.getSampleModel()).getBandOffsets());
    byte[] jpeg = jpeg(photoLike(32, 32, new Random(1)), 0.9f, false);
    assertEquals(new JpegHeader(3, false), JpegHeader.read(jpeg));
    assertEquals(new JpegHeader(3, true), JpegHeader.read(withIcc(jpeg, ColorSpace.CS_sRGB)));
    assertEquals(4, JpegHeader.read(Files.readAllBytes(image("cmyk.jpg"))).components());
    assertNull(JpegHeader.read(Files.readAllBytes(image("rgb.png"))));
    assertNotNull(JpegHeader.read(Files.readAllBytes(image("orientation6.jpg"))));
  }

  private void assertSameAsReference(byte[] data, String what) throws IOException {
    int[] expected = packed(ReferenceDecoding.decode(data));
    assertArrayEquals(expected, packed(decoder.decode(data)), what);
    Path file = Files.createTempFile("comprehendo-jpeg-test", ".img");
    try {
      Files.write(file, data);
      BufferedImage forTensors = decoder.decodeForTensors(file);
      int[] pixels = new int[forTensors.getWidth() * forTensors.getHeight()];
      RawPixels.of(forTensors).copyPackedRgb(pixels);
      assertArrayEquals(expected, pixels, what + " (for tensors)");
    } finally {
      Files.delete(file);
    }
  }

  private static int[] packed(BufferedImage intRgb) {
    return ((DataBufferInt) intRgb.getRaster().getDataBuffer()).getData();
  }

  /** Smooth gradients with noise on top: chroma subsampling and DCT rounding both matter. */
  private static BufferedImage photoLike(int width, int height, Random random) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bytes = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = 3 * (y * width + x);
        bytes[i] = (byte) Math.min(255, x * 255 / Math.max(1, width - 1) + random.nextInt(24));
        bytes[i + 1] = (byte) Math.min(255, y * 255 / Math.max(1, height - 1) + random.nextInt(24));
        bytes[i + 2] = (byte) random.nextInt(256);
      }
    }
    return image;
  }

  private static byte[] jpeg(BufferedImage image, float quality, boolean progressive)
      throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** The JPEG with the profile of {@code colourSpace} in an APP2 segment after its start marker. */
  private static byte[] withIcc(byte[] jpeg, int colourSpace) {
    return Fixtures.withIccProfile(jpeg, ICC_Profile.getInstance(colourSpace).getData());
  }
}
