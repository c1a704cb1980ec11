package com.comprehendo.analysis.explain;

import com.comprehendo.data.NpyArray;
import com.comprehendo.platform.AtomicFiles;
import com.comprehendo.platform.OutputException;
import com.comprehendo.platform.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attribution maps kept on disk between sessions, so a dataset opened again shows its heat maps at
 * once: one {@code <key>.npy} per map (and {@code <key>.size}, the source image's size), the key a
 * SHA-256 of the model's hash, the image's hash, the method with its parameters ({@link
 * MethodRecipe#fingerprint}) and the target rule. Bounded in size: when a write takes the entries past
 * the bound, the least recently used (by modification time, which a read refreshes) are deleted until
 * they take at most {@value #LOW_WATER_PERCENT} % of it.
 *
 * <p>Only a write that crosses the bound lists the folder. Listing it after every write, as this class
 * once did, made each write stat every file: 320 writes of a demo map took 4.9 ms each into an empty
 * folder (1.2–2.0 ms now, both in a fresh JVM), 42 ms each beside 2,000 entries and 216 ms beside a full
 * cache's 10,000 (2.0 ms now). So the cache counts the bytes it writes on top of its last listing, and
 * trims below the bound, so that a full cache lists its folder once per tenth of its size written, not
 * at every map. The count can only lag what another process writes into the same folder; that process
 * trims on its own writes.
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

  /** A trim deletes entries until they take at most this share of the bound. */
  static final int LOW_WATER_PERCENT = 90;

  private final Path folder;
  private final long maxBytes;
  /** The entries' bytes at the last listing plus what was written since; -1 before the first listing. */
  private long bytesSinceListing = -1;

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

  /** Keeps {@code entry} under {@code key}, then trims the cache when it has grown past its size. */
  public synchronized void put(String key, Entry entry) {
    Path map = folder.resolve(key + ".npy");
    Path size = folder.resolve(key + ".size");
    try (AtomicFiles files = AtomicFiles.withoutHashes()) {
      files.add(map, entry.map()::write);
      String dimensions = entry.imageWidth() + " " + entry.imageHeight() + "\n";
      files.add(size, out -> out.write(dimensions.getBytes(StandardCharsets.UTF_8)));
      files.commit();
    } catch (OutputException e) {
      LOG.warn("cannot keep a heat map in the cache: {}", e.getMessage());
      return;
    }
    if (bytesSinceListing < 0) {
      bytesSinceListing = total(entries()); // the first write of this process: how full is it?
    } else {
      try {
        // A replaced entry is counted twice: that only brings the next listing forward.
        bytesSinceListing += Files.size(map) + Files.size(size);
      } catch (IOException e) {
        bytesSinceListing = maxBytes + 1; // gone already (another process trimmed it): list again
      }
    }
    if (bytesSinceListing > maxBytes) {
      trim();
    }
  }

  /** The bytes the entries take now. */
  public synchronized long bytes() {
    return total(entries());
  }

  /**
   * Deletes the least recently used entries, each with both its files, until they take at most the
   * low-water share of the size.
   */
  private void trim() {
    List<CacheEntry> entries = entries();
    long total = total(entries);
    long lowWater = maxBytes / 100 * LOW_WATER_PERCENT + maxBytes % 100 * LOW_WATER_PERCENT / 100; // no overflow
    entries.sort(Comparator.comparing(CacheEntry::used));
    for (CacheEntry entry : entries) {
      if (total <= lowWater) {
        break;
      }
      for (CacheFile file : entry.files()) {
        try {
          Files.deleteIfExists(file.path());
          total -= file.bytes();
        } catch (IOException e) {
          LOG.debug("cannot delete {}", file.path(), e);
        }
      }
    }
    bytesSinceListing = total;
  }

  private static long total(List<CacheEntry> entries) {
    return entries.stream().flatMap(entry -> entry.files().stream()).mapToLong(CacheFile::bytes).sum();
  }

  private record CacheFile(Path path, long bytes) {}

  /** An entry's files (a map and its size, or what is left of them) and when it was last used. */
  private record CacheEntry(List<CacheFile> files, FileTime used) {}

  private List<CacheEntry> entries() {
    Map<String, CacheEntry> entries = new HashMap<>();
    if (!Files.isDirectory(folder)) {
      return new ArrayList<>();
    }
    try (Stream<Path> listing = Files.list(folder)) {
      for (Path path : (Iterable<Path>) listing::iterator) {
        String name = path.getFileName().toString();
        String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4)
            : name.endsWith(".size") ? name.substring(0, name.length() - 5) : null;
        if (key == null) {
          continue;
        }
        // One stat a file; a link is not the cache's.
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
          continue;
        }
        CacheFile file = new CacheFile(path, attributes.size());
        entries.merge(key, new CacheEntry(List.of(file), attributes.lastModifiedTime()), (a, b) -> new CacheEntry(
            concat(a.files(), b.files()), a.used().compareTo(b.used()) >= 0 ? a.used() : b.used()));
      }
    } catch (IOException e) {
      LOG.debug("cannot list {}", folder, e);
    }
    return new ArrayList<>(entries.values());
  }

  private static List<CacheFile> concat(List<CacheFile> a, List<CacheFile> b) {
    List<CacheFile> both = new ArrayList<>(a);
    both.addAll(b);
    return both;
  }
}
