package com.comprehendo.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds image files by extension ({@code jpg jpeg png bmp gif webp tif tiff}, any case) under a
 * folder, lazily and in a deterministic order, without opening any of them.
 *
 * <p>The order is depth-first with each folder's entries sorted by name ({@link String#compareTo}),
 * i.e. paths sorted component by component. Hidden files and folders (names starting with a dot,
 * which also covers macOS {@code ._x.jpg} resource forks) are skipped. Symbolic links are followed;
 * a folder reached twice (a link cycle) is walked once. Only one folder listing is held at a time
 * per level, so memory does not grow with the number of files.
 *
 * <pre>{@code
 * try (Stream<Path> images = ImageFiles.walk(root)) {
 *   images.limit(10).forEach(path -> log.info("{}", path));
 * }
 * }</pre>
 */
public final class ImageFiles {

  /** The recognised extensions, lower case, without the dot. */
  public static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");

  private static final Logger LOG = LoggerFactory.getLogger(ImageFiles.class);
  private static final Comparator<Path> BY_NAME =
      Comparator.comparing(p -> p.getFileName().toString());

  private ImageFiles() {}

  /** Whether a file name ends in one of the {@link #EXTENSIONS}, ignoring case. */
  public static boolean hasImageExtension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Whether a file or folder name is hidden by convention (starts with a dot). */
  public static boolean isHidden(String name) {
    return name.startsWith(".");
  }

  /** The image files under {@code root}, lazily; problems (unreadable folders) are logged. */
  public static Stream<Path> walk(Path root) throws IOException {
    return walk(root, problem -> LOG.warn("{}", problem));
  }

  /**
   * The image files under {@code root}, lazily.
   *
   * @param problems receives a message for each folder or entry that cannot be read; the walk goes
   *     on
   * @throws IOException if {@code root} is not a readable folder
   */
  public static Stream<Path> walk(Path root, Consumer<String> problems) throws IOException {
    Walker walker = new Walker(root, problems);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            walker, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT),
        false);
  }

  /** Depth-first iterator over sorted folder listings. */
  private static final class Walker implements Iterator<Path> {
    private final Deque<Iterator<Path>> stack = new ArrayDeque<>();
    private final Set<Path> visited = new HashSet<>();
    private final Consumer<String> problems;
    private Path next;

    Walker(Path root, Consumer<String> problems) throws IOException {
      this.problems = problems;
      visited.add(root.toRealPath());
      stack.push(list(root).iterator()); // a root that cannot be listed is the caller's error
    }

    @Override
    public boolean hasNext() {
      while (next == null && !stack.isEmpty()) {
        Iterator<Path> entries = stack.peek();
        if (!entries.hasNext()) {
          stack.pop();
          continue;
        }
        Path entry = entries.next();
        String name = entry.getFileName().toString();
        if (isHidden(name)) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (IOException e) {
          problems.accept("skipped " + entry + " (" + describe(e) + ")");
          continue;
        }
        if (attributes.isDirectory()) {
          descend(entry);
        } else if (attributes.isRegularFile() && hasImageExtension(name)) {
          next = entry;
        }
      }
      return next != null;
    }

    @Override
    public Path next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Path result = next;
      next = null;
      return result;
    }

    private void descend(Path directory) {
      try {
        if (!visited.add(directory.toRealPath())) {
          return; // a link back into a folder already walked
        }
        stack.push(list(directory).iterator());
      } catch (IOException e) {
        problems.accept("skipped folder " + directory + " (" + describe(e) + ")");
      }
    }

    /** The folder's entries sorted by name; the listing is closed before any entry is used. */
    private static List<Path> list(Path directory) throws IOException {
      List<Path> entries = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
        for (Path entry : stream) {
          entries.add(entry);
        }
      }
      entries.sort(BY_NAME);
      return entries;
    }

    private static String describe(IOException e) {
      String type = e.getClass().getSimpleName();
      if (type.equals("AccessDeniedException")) {
        return "permission denied";
      }
      if (type.equals("NoSuchFileException")) {
        return "not found, perhaps a broken link";
      }
      return e.getMessage() == null ? type : e.getMessage();
    }
  }
}
