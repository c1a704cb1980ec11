package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.ui.support.RemainingTime;
import org.junit.jupiter.api.Test;

class RemainingTimeTest {

  private static long seconds(double value) {
    return (long) (value * 1e9);
  }

  @Test
  void thePaceCountsFromTheFirstReportNotFromTheRequest() {
    RemainingTime left = new RemainingTime();
    // Requested at 0, waited and made a slow first pass: 4 of 52 passes after 1.2 s; then 0.14 s a pass.
    assertTrue(left.secondsLeft(4 / 52.0, seconds(1.2)).isEmpty(), "one report gives no pace");
    assertTrue(left.secondsLeft(4.5 / 52.0, seconds(1.27)).isEmpty(), "under a pass of progress gives none either");
    double at15 = left.secondsLeft(15 / 52.0, seconds(1.2 + 11 * 0.14)).orElseThrow();
    assertEquals(37 * 0.14, at15, 1e-6, "37 passes left at 0.14 s each");
  }

  @Test
  void nothingIsSaidBeforeProgressOrOnceDone() {
    RemainingTime left = new RemainingTime();
    assertTrue(left.secondsLeft(-1, seconds(0.5)).isEmpty(), "progress not known yet");
    assertTrue(left.secondsLeft(0, seconds(0.6)).isEmpty());
    left.secondsLeft(0.1, seconds(1));
    assertTrue(left.secondsLeft(1, seconds(2)).isEmpty(), "done");
  }
}
