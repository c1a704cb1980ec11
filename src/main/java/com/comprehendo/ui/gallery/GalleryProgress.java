package com.comprehendo.ui.gallery;

import com.comprehendo.ui.support.Formats;

/** The gallery's status line while it computes: maps done of the set, and the time left at the run's pace. */
final class GalleryProgress {

  /** Maps this run must have made before its pace says anything (the first include the model's warm-up). */
  static final int MIN_MAPS_FOR_PACE = 4;

  /** Time this run must have taken before its pace says anything. */
  static final long MIN_NANOS_FOR_PACE = 1_000_000_000L;

  private GalleryProgress() {}

  /**
   * E.g. "120 / 320 heat maps · about 7.0 s left": the time left from the pace of this run so far
   * ({@code madeThisRun} maps in {@code elapsedNanos}, clicks it stepped aside for included), told once
   * it has made {@value #MIN_MAPS_FOR_PACE} maps and run a second.
   */
  static String of(int done, int total, int madeThisRun, long elapsedNanos) {
    String count = Formats.count(done) + " / " + Formats.count(total) + " heat maps";
    int left = total - done;
    if (left <= 0 || madeThisRun < MIN_MAPS_FOR_PACE || elapsedNanos < MIN_NANOS_FOR_PACE) {
      return count;
    }
    return count + " · about " + Formats.duration(left * (elapsedNanos / 1e9) / madeThisRun) + " left";
  }
}
