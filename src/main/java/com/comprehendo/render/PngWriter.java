package com.comprehendo.render;

import com.comprehendo.platform.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes PNG files through {@link AtomicFiles}: a failed or interrupted write never leaves a partial
 * PNG, an existing file is replaced only by a complete one, and only a regular file is replaced.
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
   * @throws IOException if encoding or writing fails ({@link com.comprehendo.platform.OutputException}
   *     naming the cause); the target is then untouched
   */
  public static void write(BufferedImage image, Path file) throws IOException {
    AtomicFiles.write(file, content(image));
  }

  /**
   * The PNG encoding of {@code image}, to add to a set of {@link AtomicFiles}. Encoded through a
   * memory cache: {@code ImageIO.write(image, "png", OutputStream)} would cache in a file of its own
   * in the temporary folder, and after a failed write (a full disk) its shutdown hook printed a
   * NullPointerException's stack trace.
   */
  public static AtomicFiles.Content content(BufferedImage image) {
    return out -> {
      try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
        if (!ImageIO.write(image, "png", stream)) {
          throw new IOException("no PNG encoder for image type " + image.getType());
        }
      }
    };
  }
}
