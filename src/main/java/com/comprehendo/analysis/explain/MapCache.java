package com.comprehendo.analysis.explain;

import com.comprehendo.data.NpyArray;
import com.comprehendo.platform.AtomicFiles;
import com.comprehendo.platform.OutputException;
import com.comprehendo.platform.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attribution maps kept on disk between sessions, so a dataset opened again shows its heat maps at
 * once: one {@code <key>.npy} per map (and {@code <key>.size}, the source image's size), the key a
 * SHA-256 of the model's hash, the image's hash, the method with its parameters ({@link
 * MethodRecipe#fingerprint}) and the target rule. Bounded in size: after each write the least recently
 * used entries (by modification time, which a read refreshes) are deleted until the folder fits.
 *
 * <p>A cache only saves time: an unreadable or damaged entry is a miss, a failed write is logged and
 * forgotten. Entries are written through {@link AtomicFiles}, so a reader never sees half a map.
 * Thread-safe.
 *
 * <pre>{@code
 * MapCache cache = new MapCache(Path.of(System.getProperty("user.home"), ".cache/comprehendo/maps"), 512L << 20);
 * String key = MapCache.key(modelSha256, Sha256.of(image), recipe, TargetChoice.PREDICTED);
 * Optional<MapCache.Entry> hit = cache.get(key);
 * }</pre>
 */
public final class MapCache {

  private static final Logger LOG = LoggerFactory.getLogger(MapCache.class);

  /**
   * One cached map.
   *
   * @param map the attribution of one image, as the method returned it
   * @param imageWidth the source image's width in pixels (for localization)
   * @param imageHeight its height
   */
  public record Entry(NpyArray map, int imageWidth, int imageHeight) {}

  private final Path folder;
  private final long maxBytes;

  /**
   * @param folder where the entries live (created when first written)
   * @param maxBytes the most the entries may take together
   */
  public MapCache(Path folder, long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("a cache needs room, got " + maxBytes + " bytes");
    }
    this.folder = folder.toAbsolutePath();
    this.maxBytes = maxBytes;
  }

  /** The key of a map: what decides its values. */
  public static String key(String modelSha256, String imageSha256, MethodRecipe recipe, TargetChoice target) {
    MessageDigest digest = Sha256.newDigest();
    for (String part : List.of(modelSha256, imageSha256, recipe.fingerprint(), target.describe())) {
      digest.update(part.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    return Sha256.hex(digest);
  }

  /** The entry under {@code key}, marked as just used; empty when there is none or it is unreadable. */
  public synchronized Optional<Entry> get(String key) {
    Path map = folder.resolve(key + ".npy");
    Path size = folder.resolve(key + ".size");
    if (!Files.isRegularFile(map) || !Files.isRegularFile(size)) {
      return Optional.empty();
    }
    try {
      String[] dimensions = Files.readString(size, StandardCharsets.UTF_8).strip().split(" ");
      Entry entry = new Entry(NpyArray.read(map), Integer.parseInt(dimensions[0]), Integer.parseInt(dimensions[1]));
      FileTime now = FileTime.from(Instant.now());
      Files.setLastModifiedTime(map, now);
      Files.setLastModifiedTime(size, now);
      return Optional.of(entry);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cache entry {} unreadable", key, e);
      return Optional.empty();
    }
  }

  /** Keeps {@code entry} under {@code key}, then trims the cache to its size. */
  public synchronized void put(String key, Entry entry) {
    try (AtomicFiles files = new AtomicFiles()) {
      files.add(folder.resolve(key + ".npy"), entry.map()::write);
      String size = entry.imageWidth() + " " + entry.imageHeight() + "\n";
      files.add(folder.resolve(key + ".size"), out -> out.write(size.getBytes(StandardCharsets.UTF_8)));
      files.commit();
    } catch (OutputException e) {
      LOG.warn("cannot keep a heat map in the cache: {}", e.getMessage());
      return;
    }
    trim();
  }

  /** The bytes the entries take now. */
  public synchronized long bytes() {
    return entries().stream().mapToLong(CacheFile::bytes).sum();
  }

  /** Deletes the least recently used entries until the cache fits its size. */
  private void trim() {
    List<CacheFile> files = entries();
    long total = files.stream().mapToLong(CacheFile::bytes).sum();
    files.sort(Comparator.comparing(CacheFile::used));
    for (CacheFile file : files) {
      if (total <= maxBytes) {
        break;
      }
      try {
        Files.deleteIfExists(file.path());
        total -= file.bytes();
      } catch (IOException e) {
        LOG.debug("cannot delete {}", file.path(), e);
      }
    }
  }

  private record CacheFile(Path path, long bytes, FileTime used) {}

  private List<CacheFile> entries() {
    List<CacheFile> files = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return files;
    }
    try (Stream<Path> listing = Files.list(folder)) {
      for (Path path : (Iterable<Path>) listing::iterator) {
        String name = path.getFileName().toString();
        if ((name.endsWith(".npy") || name.endsWith(".size")) && Files.isRegularFile(path)) {
          files.add(new CacheFile(path, Files.size(path), Files.getLastModifiedTime(path)));
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot list {}", folder, e);
    }
    return files;
  }
}
