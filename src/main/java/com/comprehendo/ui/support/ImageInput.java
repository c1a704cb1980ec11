package com.comprehendo.ui.support;

import com.comprehendo.data.Preprocessing;
import com.comprehendo.render.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.data.ImageTensors;

/**
 * Turns an image file into the model's input through the data layer: {@link ImageDecoder} (every
 * format, EXIF orientation, 16-bit and palette images, PIL's conventions) and {@link ImageTensors}
 * (Pillow-exact resizing by the sidecar's method, then {@code (v / 255 − mean[c]) / std[c]}), so the
 * explorer feeds the model exactly what {@code predict} and {@code attribute} feed it.
 */
public final class ImageInput {

  /** Without a model, images are shown at most this large. */
  private static final int PREVIEW_MAX_SIDE = 1024;

  private static final ImageDecoder DECODER = ImageDecoder.createDefault();

  private ImageInput() {}

  /**
   * Reads and preprocesses an image.
   *
   * @param preprocessing the model's; null when no model is open (then only a preview is made)
   * @throws IOException when the file cannot be read; the message says why in words
   */
  public static PreparedImage load(Path file, Preprocessing preprocessing) throws IOException {
    BufferedImage decoded = decode(file);
    if (preprocessing == null) {
      RgbImage original = RgbImage.fromBufferedImage(decoded);
      double scale = Math.min(1.0, (double) PREVIEW_MAX_SIDE / Math.max(original.width(), original.height()));
      RgbImage preview =
          original.resizeBilinear(
              Math.max(1, (int) Math.round(original.height() * scale)),
              Math.max(1, (int) Math.round(original.width() * scale)));
      return new PreparedImage(file, original.width(), original.height(), preview, null, 3);
    }
    ImageTensors.ModelInput input = ImageTensors.prepare(decoded, preprocessing);
    return new PreparedImage(
        file, decoded.getWidth(), decoded.getHeight(), RgbImage.fromBufferedImage(input.pixels()), input.chw(),
        preprocessing.channels());
  }

  /**
   * A small upright copy of an image for lists and grids, fitting a {@code maxSide × maxSide} box:
   * decoded like the model's input (every format the data layer reads, EXIF orientation applied), so
   * every image that predicts also shows; shrunk with the anti-aliased resize of {@link ImageTensors}.
   *
   * @throws IOException when the file cannot be read; the message says why in words
   */
  public static BufferedImage thumbnail(Path file, int maxSide) throws IOException {
    return ImageTensors.thumbnail(decode(file), maxSide);
  }

  /** Decodes a file, upright and in RGB; the error says what is wrong in words. */
  public static BufferedImage decode(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file.getFileName() + " does not exist or is not a file");
    }
    try {
      return DECODER.decode(file);
    } catch (ImageDecodeException e) {
      throw new IOException(file.getFileName() + ": " + e.reason(), e);
    }
  }
}
