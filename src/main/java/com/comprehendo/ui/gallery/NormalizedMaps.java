package com.comprehendo.ui.gallery;

import com.comprehendo.render.AttributionMap;
import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.render.Sign;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The gallery's maps normalized for the class map, kept between its refreshes: while the gallery runs
 * the class map is refreshed a few times a second over every map so far, and normalizing a map sorts
 * its pixels ({@link AttributionNormalizer}: about 0.2 ms for 64×64), so 320 demo maps cost some 65 ms a
 * refresh without this and a sum of arrays with it. Kept for one sign and outlier percentage (another
 * drops them all), keyed by the map instance (a map's own equality compares every pixel), at most
 * {@link #MAX_FLOATS} values in all (the first normalized go first). Any thread.
 */
final class NormalizedMaps {

  /** 256 MiB of floats: some 16,000 maps of 64×64, 1,300 of 224×224. */
  static final long MAX_FLOATS = 64L << 20;

  private final long maxFloats;
  private final Map<AttributionMap, NormalizedMap> kept = new IdentityHashMap<>();
  /** The kept maps, the first normalized first. */
  private final Deque<AttributionMap> order = new ArrayDeque<>();
  private Sign sign;
  private double outlierPercent = Double.NaN;
  private long floats;

  NormalizedMaps() {
    this(MAX_FLOATS);
  }

  NormalizedMaps(long maxFloats) {
    this.maxFloats = maxFloats;
  }

  /**
   * {@code map} normalized as {@link AttributionNormalizer#normalize} does.
   *
   * @throws IllegalArgumentException for a map with NaN or infinity
   */
  synchronized NormalizedMap normalized(AttributionMap map, Sign wantedSign, double wantedOutlierPercent) {
    if (wantedSign != sign || Double.compare(wantedOutlierPercent, outlierPercent) != 0) {
      clear();
      sign = wantedSign;
      outlierPercent = wantedOutlierPercent;
    }
    NormalizedMap found = kept.get(map);
    if (found != null) {
      return found;
    }
    NormalizedMap made = AttributionNormalizer.normalize(map, wantedSign, wantedOutlierPercent);
    kept.put(map, made);
    order.addLast(map);
    floats += made.values().length;
    while (floats > maxFloats && order.size() > 1) {
      floats -= kept.remove(order.removeFirst()).values().length;
    }
    return made;
  }

  /** How many maps are kept (for tests). */
  synchronized int size() {
    return kept.size();
  }

  synchronized void clear() {
    kept.clear();
    order.clear();
    floats = 0;
  }
}
