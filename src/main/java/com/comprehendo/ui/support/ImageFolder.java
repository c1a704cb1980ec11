package com.comprehendo.ui.support;

import com.comprehendo.data.NaturalOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/** Finds the images below a folder, recursively, skipping hidden files and folders. */
public final class ImageFolder {

  /** File extensions the explorer lists (those ImageIO reads here). */
  public static final Set<String> EXTENSIONS =
      Set.of("png", "jpg", "jpeg", "bmp", "gif", "webp", "tif", "tiff");

  private ImageFolder() {}

  /** Whether {@code file} has an image extension. */
  public static boolean isImage(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Lists the images below {@code root}, sorted by relative path.
   *
   * @param cancelled polled per directory, so a scan of a huge tree can be abandoned
   * @throws IOException when {@code root} cannot be read
   * @throws CancellationException when {@code cancelled} fires
   */
  public static List<ImageEntry> scan(Path root, BooleanSupplier cancelled) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + " is not a folder");
    }
    List<ImageEntry> entries = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (cancelled.getAsBoolean()) {
            throw new CancellationException("folder scan cancelled");
          }
          return !dir.equals(root) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && !isHidden(file) && isImage(file)) {
            Path relative = root.relativize(file);
            String label = relative.getNameCount() > 1 ? relative.getName(relative.getNameCount() - 2).toString() : "";
            entries.add(new ImageEntry(file, relative.toString().replace('\\', '/'), label));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          // An unreadable subfolder should not hide the rest of the dataset.
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    entries.sort(Comparator.comparing(ImageEntry::relativePath, NaturalOrder.COMPARATOR));
    return entries;
  }

  private static boolean isHidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }
}
