package com.comprehendo.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heat maps' disk cache: identical maps back, keys that change with the parameters, LRU eviction. */
class MapCacheTest {

  @TempDir Path dir;

  private static final Preprocessing PRE = Preprocessing.imagenetDefault();

  private static MapCache.Entry entry(float seed) {
    float[] values = new float[3 * 4 * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = seed * i - 0.5f;
    }
    return new MapCache.Entry(new NpyArray(new int[] {3, 4, 4}, values), 128, 96);
  }

  @Test
  void returnsIdenticalMapsAndAParameterChangeIsAnotherKey() {
    MapCache cache = new MapCache(dir, 1 << 20);
    MethodRecipe ig = MethodRecipe.of("ig", Map.of("n_steps", "8"), PRE);
    String key = MapCache.key("model", "image", ig, TargetChoice.PREDICTED);
    assertEquals(Optional.empty(), cache.get(key));
    MapCache.Entry stored = entry(0.1f);
    cache.put(key, stored);
    MapCache.Entry back = cache.get(key).orElseThrow();
    assertArrayEquals(stored.map().data(), back.map().data());
    assertArrayEquals(stored.map().shape(), back.map().shape());
    assertEquals(128, back.imageWidth());
    assertEquals(96, back.imageHeight());

    String otherSteps = MapCache.key("model", "image", MethodRecipe.of("ig", Map.of("n_steps", "16"), PRE),
        TargetChoice.PREDICTED);
    String otherTarget = MapCache.key("model", "image", ig, TargetChoice.LABEL);
    String otherImage = MapCache.key("model", "image2", ig, TargetChoice.PREDICTED);
    String otherModel = MapCache.key("model2", "image", ig, TargetChoice.PREDICTED);
    for (String other : new String[] {otherSteps, otherTarget, otherImage, otherModel}) {
      assertNotEquals(key, other);
      assertEquals(Optional.empty(), cache.get(other));
    }
  }

  /** The bytes one entry of {@link #entry} takes on disk (its map and its size file). */
  private long oneEntryBytes() {
    MapCache probe = new MapCache(dir.resolve("probe"), 1 << 20);
    probe.put("x", entry(1));
    return probe.bytes();
  }

  /** Marks the entry {@code key} of the cache folder "cache" as last used at {@code millis}. */
  private void lastUsed(String key, long millis) throws IOException {
    for (String suffix : new String[] {".npy", ".size"}) {
      Files.setLastModifiedTime(dir.resolve("cache/" + key + suffix), FileTime.fromMillis(millis));
    }
  }

  @Test
  void dropsTheLeastRecentlyUsedEntriesBeyondItsSize() throws IOException {
    long oneEntry = oneEntryBytes();
    MapCache cache = new MapCache(dir.resolve("cache"), 2 * oneEntry + oneEntry / 2);
    cache.put("a", entry(1));
    cache.put("b", entry(2));
    // Make "a" the older, then use it: "b" is now the least recently used.
    lastUsed("a", 1000);
    lastUsed("b", 2000);
    assertTrue(cache.get("a").isPresent());
    cache.put("c", entry(3));
    assertTrue(cache.get("a").isPresent(), "used last");
    assertTrue(cache.get("c").isPresent(), "written last");
    assertEquals(Optional.empty(), cache.get("b"), "the least recently used went");
    assertTrue(cache.bytes() <= 2 * oneEntry + oneEntry / 2);
  }

  @Test
  void aWriteThatFillsTheCacheTrimsItBelowItsSizeSoTheNextWritesTrimNothing() throws IOException {
    long oneEntry = oneEntryBytes();
    MapCache cache = new MapCache(dir.resolve("cache"), 10 * oneEntry + oneEntry / 2);
    for (int i = 0; i < 11; i++) {
      cache.put("k" + i, entry(i));
      if (i < 10) { // the order of use, oldest first; the eleventh was written last
        lastUsed("k" + i, 1000L * (i + 1));
      }
    }
    // 11 entries crossed 10.5: trimmed to at most 90 % (9.45 entries), so the two oldest went, not one.
    assertTrue(cache.bytes() <= (10 * oneEntry + oneEntry / 2) * MapCache.LOW_WATER_PERCENT / 100, "below the low water");
    for (int i = 0; i < 11; i++) {
      assertEquals(i >= 2, Files.exists(dir.resolve("cache/k" + i + ".npy")), "entry " + i);
    }
    cache.put("k11", entry(11)); // 10 entries: within the size
    assertTrue(Files.exists(dir.resolve("cache/k2.npy")), "no trim until the size is crossed again");
    assertEquals(10 * oneEntry, cache.bytes());
  }

  @Test
  void aDamagedEntryIsAMiss() throws IOException {
    MapCache cache = new MapCache(dir, 1 << 20);
    cache.put("k", entry(1));
    Files.writeString(dir.resolve("k.npy"), "garbage");
    assertEquals(Optional.empty(), cache.get("k"));
  }
}
