package com.comprehendo.ui.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The gallery's status while it computes: the count, and the time left once the run's pace means something. */
class GalleryProgressTest {

  @Test
  void theTimeLeftFollowsTheRunsPaceOnceItHasOne() {
    // 100 maps made in 5 s: 220 left take 11 s.
    assertEquals("100 / 320 heat maps · about 11 s left", GalleryProgress.of(100, 320, 100, 5_000_000_000L));
    // Maps found in the cache before the run do not count towards its pace: 20 made in 2 s, 200 left.
    assertEquals("120 / 320 heat maps · about 20 s left", GalleryProgress.of(120, 320, 20, 2_000_000_000L));
    assertEquals("1,000 / 12,000 heat maps · about 1 min 50 s left",
        GalleryProgress.of(1000, 12000, 1000, 10_000_000_000L));
  }

  @Test
  void tooEarlyOrNothingLeftGivesTheCountAlone() {
    assertEquals("3 / 320 heat maps", GalleryProgress.of(3, 320, 3, 5_000_000_000L), "3 maps say little");
    assertEquals("50 / 320 heat maps", GalleryProgress.of(50, 320, 50, 900_000_000L), "under a second");
    assertEquals("320 / 320 heat maps", GalleryProgress.of(320, 320, 320, 9_000_000_000L));
    assertEquals("10 / 320 heat maps", GalleryProgress.of(10, 320, -5, 9_000_000_000L), "the grid grew since the start");
  }
}
