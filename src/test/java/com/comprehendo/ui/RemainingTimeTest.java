package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.ui.support.RemainingTime;
import java.util.OptionalDouble;
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
    assertTrue(left.secondsLeft(5 / 52.0, seconds(1.2 + 0.14)).isEmpty(), "nor does one pass after it");
    assertTrue(left.secondsLeft(6 / 52.0, seconds(1.2 + 2 * 0.14)).isEmpty(), "nor two");
    double at7 = left.secondsLeft(7 / 52.0, seconds(1.2 + 3 * 0.14)).orElseThrow();
    assertEquals(45 * 0.14, at7, 1e-6, "45 passes left at 0.14 s each");
  }

  @Test
  void aSecondOfReportsMakesThePaceKnownToo() {
    RemainingTime left = new RemainingTime();
    left.secondsLeft(0.10, seconds(0));
    assertTrue(left.secondsLeft(0.20, seconds(0.9)).isEmpty(), "one report under a second");
    assertEquals(6.5, left.secondsLeft(0.22, seconds(1.0)).orElseThrow(), 1e-9, "0.12 in 1 s, 0.78 left");
  }

  @Test
  void theFirstChunkOfADatasetSaysNothing() {
    // The case: "4 / 320 images · 1 min 21 s left" after a slow first chunk, done 3 s later.
    RemainingTime left = new RemainingTime();
    assertTrue(left.secondsLeft(4 / 320.0, seconds(1.0)).isEmpty());
    assertTrue(left.secondsLeft(40 / 320.0, seconds(1.3)).isEmpty());
    OptionalDouble later = left.secondsLeft(120 / 320.0, seconds(2.0));
    assertTrue(later.isPresent(), "known after a second of reports");
    assertEquals(200 / 116.0, later.getAsDouble(), 1e-9, "the first chunk's time is not in the pace");
  }

  @Test
  void theFigureCountsDownAndFollowsAChangeOfPaceSmoothly() {
    RemainingTime left = new RemainingTime();
    left.secondsLeft(0.1, seconds(0));
    left.secondsLeft(0.2, seconds(1));
    left.secondsLeft(0.3, seconds(2));
    double first = left.secondsLeft(0.4, seconds(3)).orElseThrow(); // 0.1 per s: 6 s left
    assertEquals(6.0, first, 1e-9);
    // Then a pass of a tenth of the work takes 3 s (a coarse-to-fine step): measured 0.4 in 6 s, 7.5 s left.
    double after = left.secondsLeft(0.5, seconds(6)).orElseThrow();
    double countedDown = 6.0 - 3;
    double weight = 1 - Math.exp(-3 / 2.0);
    assertEquals(countedDown + weight * (7.5 - countedDown), after, 1e-9, "between the countdown and the measure");
    assertTrue(after < 7.5, "no jump to the newest measure");
  }

  @Test
  void nothingIsSaidBeforeProgressOrOnceDone() {
    RemainingTime left = new RemainingTime();
    assertTrue(left.secondsLeft(-1, seconds(0.5)).isEmpty(), "progress not known yet");
    assertTrue(left.secondsLeft(0, seconds(0.6)).isEmpty());
    left.secondsLeft(0.1, seconds(1));
    assertTrue(left.secondsLeft(1, seconds(2)).isEmpty(), "done");
    assertTrue(left.estimateVersusActual(seconds(2)).isEmpty(), "no figure was shown");
  }

  @Test
  void theLogLineSetsTheFirstFigureAgainstTheTimeTaken() {
    RemainingTime left = new RemainingTime();
    left.secondsLeft(0.1, seconds(0));
    left.secondsLeft(0.2, seconds(1)); // 8 s left at 20%
    assertEquals("first said 8.0 s left at 20% (1.0 s after the first report), took 9.5 s",
        left.estimateVersusActual(seconds(10.5)).orElseThrow());
  }
}
