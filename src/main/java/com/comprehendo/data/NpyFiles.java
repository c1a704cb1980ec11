package com.comprehendo.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code .npy} files read once and kept, keyed by the file's real path, modification time and size:
 * a baseline tensor named in a method's parameters is read on the first run (in the background) and
 * taken from memory afterwards, until the file changes. Bounded: the least recently used arrays go
 * first once more than {@link #BUDGET_FLOATS} values are held.
 *
 * <p>Thread-safe; a read happens outside the lock, so one slow disk never blocks a lookup of another
 * file (two threads reading the same new file may both read it once).
 */
public final class NpyFiles {

  /** About 256 MB of float32 values: dozens of image-sized baselines. */
  static final long BUDGET_FLOATS = 64L << 20;

  private static final Map<Path, Entry> CACHE = new LinkedHashMap<>(16, 0.75f, true);
  private static long heldFloats;

  private record Entry(FileTime modified, long size, NpyArray array) {}

  private NpyFiles() {}

  /**
   * The array in {@code file}: from memory when the file is unchanged since it was last read, else
   * read now (I/O: never on the UI thread).
   *
   * @throws NoSuchFileException when there is no regular file at {@code file}
   * @throws IOException when it cannot be read or is not a valid {@code .npy}
   */
  public static NpyArray read(Path file) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    BasicFileAttributes attributes = Files.readAttributes(key, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new NoSuchFileException(file.toString(), null, "not a regular file");
    }
    synchronized (NpyFiles.class) {
      Entry known = CACHE.get(key);
      if (known != null && known.modified().equals(attributes.lastModifiedTime()) && known.size() == attributes.size()) {
        return known.array();
      }
    }
    NpyArray array = NpyArray.read(key);
    synchronized (NpyFiles.class) {
      Entry previous = CACHE.put(key, new Entry(attributes.lastModifiedTime(), attributes.size(), array));
      heldFloats += array.data().length - (previous == null ? 0 : previous.array().data().length);
      Iterator<Entry> eldest = CACHE.values().iterator();
      while (heldFloats > BUDGET_FLOATS && CACHE.size() > 1 && eldest.hasNext()) {
        heldFloats -= eldest.next().array().data().length;
        eldest.remove();
      }
    }
    return array;
  }

  /** Forgets every array held (for tests, and when memory is short). */
  public static synchronized void clear() {
    CACHE.clear();
    heldFloats = 0;
  }
}
