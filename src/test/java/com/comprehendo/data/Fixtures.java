package com.comprehendo.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The committed image fixtures (made by {@code src/test/scripts/make_image_fixtures.py}). */
final class Fixtures {
  static final int RED = 0xFF0000;
  static final int GREEN = 0x00FF00;
  static final int BLUE = 0x0000FF;
  static final int WHITE = 0xFFFFFF;

  private Fixtures() {}

  static Path image(String name) {
    URL url = Fixtures.class.getResource("/images/" + name);
    if (url == null) {
      throw new IllegalStateException("missing fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A reference image written by Pillow, read with plain ImageIO (all are 8-bit RGB or L PNGs). */
  static BufferedImage reference(String name) {
    try {
      return ImageIO.read(image("reference/" + name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The four quadrant colours of an image (top-left, top-right, bottom-left, bottom-right), sampled
   * inside.
   */
  static int[] corners(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    return new int[] {
      rgb(image, w / 4, h / 4),
      rgb(image, 3 * w / 4, h / 4),
      rgb(image, w / 4, 3 * h / 4),
      rgb(image, 3 * w / 4, 3 * h / 4)
    };
  }

  static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xFFFFFF;
  }

  static String hex(int rgb) {
    return String.format("#%06X", rgb);
  }

  /** Largest per-channel difference between two packed colours. */
  static int distance(int a, int b) {
    int max = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      max = Math.max(max, Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)));
    }
    return max;
  }

  /** The JPEG with an APP2 ICC_PROFILE segment right after its start marker. */
  static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
    byte[] name = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    int length = 2 + name.length + 2 + profile.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(0xE2);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(name);
    out.write(1); // chunk 1
    out.write(1); // of 1
    out.writeBytes(profile);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
