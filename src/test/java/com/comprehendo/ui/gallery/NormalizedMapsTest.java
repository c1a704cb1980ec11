package com.comprehendo.ui.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.comprehendo.render.AttributionMap;
import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.render.Sign;
import org.junit.jupiter.api.Test;

class NormalizedMapsTest {

  private static AttributionMap map(float... values) {
    return new AttributionMap(1, values.length, values);
  }

  @Test
  void normalizesOnceAsTheNormalizerDoesUntilTheSettingsChange() {
    NormalizedMaps normalized = new NormalizedMaps();
    AttributionMap a = map(1, -2, 3, 8);

    NormalizedMap first = normalized.normalized(a, Sign.POSITIVE, 2);

    assertArrayEquals(AttributionNormalizer.normalize(a, Sign.POSITIVE, 2).values(), first.values());
    assertSame(first, normalized.normalized(a, Sign.POSITIVE, 2), "kept");
    assertNotSame(first, normalized.normalized(map(1, -2, 3, 8), Sign.POSITIVE, 2), "another map of equal values");
    NormalizedMap absolute = normalized.normalized(a, Sign.ABSOLUTE_VALUE, 2);
    assertArrayEquals(AttributionNormalizer.normalize(a, Sign.ABSOLUTE_VALUE, 2).values(), absolute.values());
    assertEquals(1, normalized.size(), "another sign dropped the others");
    assertNotSame(absolute, normalized.normalized(a, Sign.ABSOLUTE_VALUE, 5), "another outlier percentage");
  }

  @Test
  void keepsAtMostItsBoundDroppingTheFirstNormalized() {
    NormalizedMaps normalized = new NormalizedMaps(8);
    AttributionMap a = map(1, 2, 3, 4);
    NormalizedMap keptA = normalized.normalized(a, Sign.POSITIVE, 2);
    normalized.normalized(map(4, 3, 2, 1), Sign.POSITIVE, 2);
    normalized.normalized(map(2, 2, 2, 9), Sign.POSITIVE, 2);

    assertEquals(2, normalized.size());
    assertNotSame(keptA, normalized.normalized(a, Sign.POSITIVE, 2), "a was dropped, normalized anew");
  }

  @Test
  void aMapWithNaNIsRefusedAndNotKept() {
    NormalizedMaps normalized = new NormalizedMaps();

    assertThrows(IllegalArgumentException.class, () -> normalized.normalized(map(1, Float.NaN), Sign.POSITIVE, 2));
    assertEquals(0, normalized.size());
  }
}
