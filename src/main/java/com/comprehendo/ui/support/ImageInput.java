package com.comprehendo.ui.support;

import com.comprehendo.data.Preprocessing;
import com.comprehendo.render.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Turns an image file into the model's input: the explorer's stand-in for the data layer, kept behind
 * {@link #load(Path, Preprocessing)} so it can be swapped for {@code com.comprehendo.data} when that
 * lands.
 *
 * <p>Decodes with ImageIO (PNG, JPEG, BMP, GIF, and WebP/TIFF through TwelveMonkeys), drops alpha,
 * brings the image to the input size by the spec's resize method (squish; crop = scale the shorter
 * side and cut the centre; pad = scale the longer side and pad with black), then computes {@code
 * (v / 255 − mean[c]) / std[c]} channels first; a one-channel model gets the channel mean.
 */
public final class ImageInput {

  /** Without a model, images are shown at most this large. */
  private static final int PREVIEW_MAX_SIDE = 1024;

  private ImageInput() {}

  /**
   * Reads and preprocesses an image.
   *
   * @param preprocessing the model's; null when no model is open (then only a preview is made)
   * @throws IOException when the file cannot be read or is not an image ImageIO can decode
   */
  public static PreparedImage load(Path file, Preprocessing preprocessing) throws IOException {
    BufferedImage decoded = decode(file);
    RgbImage original = RgbImage.fromBufferedImage(decoded);
    if (preprocessing == null) {
      double scale = Math.min(1.0, (double) PREVIEW_MAX_SIDE / Math.max(original.width(), original.height()));
      RgbImage preview =
          original.resizeBilinear(
              Math.max(1, (int) Math.round(original.height() * scale)),
              Math.max(1, (int) Math.round(original.width() * scale)));
      return new PreparedImage(file, original.width(), original.height(), preview, null, 3);
    }
    RgbImage resized = resize(original, preprocessing);
    return new PreparedImage(
        file, original.width(), original.height(), resized, normalize(resized, preprocessing), preprocessing.channels());
  }

  /** Decodes a file; the error says what is wrong in words. */
  public static BufferedImage decode(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file.getFileName() + " does not exist or is not a file");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot decode " + file.getFileName() + ": " + e.getMessage(), e);
    }
    if (image == null) {
      throw new IOException(file.getFileName() + " is not an image in a supported format (PNG, JPEG, BMP, GIF, WebP, TIFF)");
    }
    return image;
  }

  /** The image at the model's input size by the spec's resize method. */
  static RgbImage resize(RgbImage image, Preprocessing pre) {
    int height = pre.height();
    int width = pre.width();
    switch (pre.resize()) {
      case SQUISH:
        return image.resizeBilinear(height, width);
      case CROP: {
        double scale = Math.max((double) height / image.height(), (double) width / image.width());
        RgbImage scaled = image.resizeBilinear(
            Math.max(height, (int) Math.round(image.height() * scale)),
            Math.max(width, (int) Math.round(image.width() * scale)));
        return place(scaled, height, width);
      }
      case PAD: {
        double scale = Math.min((double) height / image.height(), (double) width / image.width());
        RgbImage scaled = image.resizeBilinear(
            Math.max(1, Math.min(height, (int) Math.round(image.height() * scale))),
            Math.max(1, Math.min(width, (int) Math.round(image.width() * scale))));
        return place(scaled, height, width);
      }
      default:
        throw new AssertionError(pre.resize());
    }
  }

  /** Centres {@code image} on a black canvas of the given size, cutting what overhangs. */
  private static RgbImage place(RgbImage image, int height, int width) {
    int[] out = new int[height * width];
    int offsetY = (height - image.height()) / 2;
    int offsetX = (width - image.width()) / 2;
    for (int y = 0; y < height; y++) {
      int sy = y - offsetY;
      if (sy < 0 || sy >= image.height()) {
        continue;
      }
      for (int x = 0; x < width; x++) {
        int sx = x - offsetX;
        if (sx >= 0 && sx < image.width()) {
          out[y * width + x] = image.get(sy, sx);
        }
      }
    }
    return new RgbImage(height, width, out);
  }

  /** {@code (v / 255 − mean) / std}, channels first. */
  static float[] normalize(RgbImage image, Preprocessing pre) {
    int channels = pre.channels();
    float[] mean = pre.mean();
    float[] std = pre.std();
    int plane = image.height() * image.width();
    int[] rgb = image.rgb();
    float[] tensor = new float[channels * plane];
    for (int i = 0; i < plane; i++) {
      int p = rgb[i];
      int r = (p >> 16) & 0xFF;
      int g = (p >> 8) & 0xFF;
      int b = p & 0xFF;
      if (channels == 1) {
        tensor[i] = ((r + g + b) / 3f / 255f - mean[0]) / std[0];
      } else {
        tensor[i] = (r / 255f - mean[0]) / std[0];
        tensor[plane + i] = (g / 255f - mean[1]) / std[1];
        tensor[2 * plane + i] = (b / 255f - mean[2]) / std[2];
      }
    }
    return tensor;
  }
}
