package com.comprehendo.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * Writes PNG files atomically: the image is encoded into a temporary file beside the target and
 * moved into place, so a failed or interrupted write never leaves a partial PNG (an existing file
 * is replaced only by a complete one).
 */
public final class PngWriter {

  private PngWriter() {}

  /** Writes ARGB pixels (row-major, {@code width * height}) as a PNG with an alpha channel. */
  public static void write(int[] argb, int width, int height, Path file) throws IOException {
    write(HeatmapRenderer.toBufferedImage(argb, width, height), file);
  }

  /**
   * Writes an image as PNG, atomically; missing parent folders are created.
   *
   * @throws IOException if encoding or writing fails; the target is then untouched
   */
  public static void write(BufferedImage image, Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path parent = absolute.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path temporary = Files.createTempFile(parent, "." + absolute.getFileName(), ".part");
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        if (!ImageIO.write(image, "png", out)) {
          throw new IOException("no PNG encoder for image type " + image.getType());
        }
      }
      try {
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
