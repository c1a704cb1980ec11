package com.comprehendo.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.model.DifferentiableClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSizerTest {

  /** Runs passes of a simulated device until the sizer settles; returns the sizes it asked for. */
  private static List<Integer> search(BatchSizer sizer, IntToDoubleFunction secondsPerPass) {
    return passes(sizer, 100, true, secondsPerPass);
  }

  /** Runs {@code passes} passes at whatever size the sizer asks for; returns the sizes asked. */
  private static List<Integer> run(BatchSizer sizer, int passes, IntToDoubleFunction secondsPerPass) {
    return passes(sizer, passes, false, secondsPerPass);
  }

  private static List<Integer> passes(BatchSizer sizer, int most, boolean untilSettled,
      IntToDoubleFunction secondsPerPass) {
    List<Integer> asked = new ArrayList<>();
    for (int pass = 0; pass < most && !(untilSettled && sizer.settled()); pass++) {
      int units = sizer.nextUnits();
      asked.add(units);
      sizer.record(units, (long) (secondsPerPass.applyAsDouble(units) * 1e9));
    }
    return asked;
  }

  @Test
  void findsTheFastestSizeAndStopsAfterTheFirstSlowerOne() {
    // Throughput peaks at 8 units per pass and drops at 16.
    double[] imagesPerSecond = new double[65];
    imagesPerSecond[4] = 12.4;
    imagesPerSecond[8] = 14.3;
    imagesPerSecond[16] = 13.6;
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward (3, 224, 224)", 1, 44);

    List<Integer> asked = search(sizer, units -> units / imagesPerSecond[units]);

    assertEquals(List.of(4, 4, 4, 8, 8, 8, 16, 16, 16), asked,
        "the first pass of each size untimed; 32 and up are never tried, nor 1 and 2");
    assertTrue(sizer.settled());
    assertEquals(8, sizer.nextUnits());
  }

  @Test
  void keepsGrowingWhileLargerPassesPayAndStopsAtTheCeiling() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward (3, 64, 64)", 1, 20);

    List<Integer> asked = search(sizer, units -> 0.01 + 0.001 * units);

    assertEquals(List.of(4, 4, 4, 8, 8, 8, 16, 16, 16, 20, 20, 20), asked, "the ceiling is the last candidate");
    assertEquals(20, sizer.nextUnits());
  }

  @Test
  void prefersTheSmallerSizeWhenALargerOneGainsLessThanTheMargin() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward flat", 1, 64);

    search(sizer, units -> units * 0.1 * (units == 8 ? 0.99 : 1.0));

    assertEquals(4, sizer.nextUnits(), "1% faster is within noise");
  }

  @Test
  void aCeilingBelowTheFirstSizeIsTheOnlyCandidate() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward large", 1, 2);

    assertEquals(List.of(2, 2, 2), search(sizer, units -> units * 0.1));
    assertEquals(2, sizer.nextUnits());
  }

  @Test
  void theFasterOfTheTrialPassesCounts() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward warm-up", 1, 8);
    sizer.record(4, 5_000_000_000L); // the first pass at a size pays for its first use: not timed
    sizer.record(4, 3_000_000_000L);
    sizer.record(4, 400_000_000L);
    sizer.record(8, 9_000_000_000L);
    assertFalse(sizer.settled(), "two timed passes of 8 are still to come");
    sizer.record(8, 700_000_000L);
    sizer.record(8, 720_000_000L);

    assertTrue(sizer.settled());
    assertEquals(8, sizer.nextUnits());
  }

  @Test
  void aJobThatStopsEarlyLeavesTheSearchForTheNextOneOfTheSameModelAndPass() {
    Object model = new Object();
    BatchSizer first = BatchSizer.measuring(model, "forward (3, 64, 64)", 1, 64);
    first.record(4, 400_000_000L);
    first.record(4, 400_000_000L);
    first.record(4, 400_000_000L);
    first.record(8, 400_000_000L); // then the job stepped aside for other work

    BatchSizer next = BatchSizer.measuring(model, "forward (3, 64, 64)", 1, 64);
    assertEquals(8, next.nextUnits(), "the search goes on where it stopped");
    next.record(8, 400_000_000L);
    next.record(8, 400_000_000L);
    next.record(16, 1_600_000_000L);
    next.record(16, 1_600_000_000L);
    next.record(16, 1_600_000_000L);
    assertTrue(next.settled());

    BatchSizer later = BatchSizer.measuring(model, "forward (3, 64, 64)", 1, 64);
    assertTrue(later.settled(), "no second search for the same model and pass");
    assertEquals(8, later.nextUnits());
    assertEquals(6, BatchSizer.measuring(model, "forward (3, 64, 64)", 1, 6).nextUnits(), "clamped to a smaller ceiling");
    assertFalse(BatchSizer.measuring(model, "forward (3, 64, 64)", 2, 64).settled(), "two examples per unit search anew");
    assertFalse(BatchSizer.measuring(model, "forward (1, 28, 28)", 1, 64).settled(), "another pass shape searches");
    assertFalse(BatchSizer.measuring(new Object(), "forward (3, 64, 64)", 1, 64).settled(), "another model searches");
  }

  @Test
  void aSizeSettledTooSmallUnderNoiseClimbsToTheFastestByProbingItsNeighbours() {
    // The demo model's gradient passes: faster per row up to 32, but a noisy minute made 8 look slow.
    double[] rowsPerSecond = new double[33];
    rowsPerSecond[4] = 650;
    rowsPerSecond[8] = 900;
    rowsPerSecond[16] = 970;
    rowsPerSecond[32] = 1200;
    Object model = new Object();
    BatchSizer sizer = BatchSizer.measuring(model, "gradient (3, 64, 64)", 1, 32);
    for (int pass = 0; pass < 3; pass++) {
      sizer.record(4, (long) (4 / rowsPerSecond[4] * 1e9));
    }
    for (int pass = 0; pass < 3; pass++) {
      sizer.record(8, (long) (8 / 300.0 * 1e9));
    }
    assertTrue(sizer.settled());
    assertEquals(4, sizer.nextUnits(), "the noisy search settled small");

    List<Integer> asked = run(sizer, 60, units -> units / rowsPerSecond[units]);

    assertEquals(32, BatchSizer.settledSizes(model).get("gradient (3, 64, 64) × 1"));
    assertEquals(32, sizer.nextUnits());
    assertEquals(List.of(8, 8), asked.subList(BatchSizer.PROBE_FIRST, BatchSizer.PROBE_FIRST + 2),
        "the first probe tries the larger neighbour after " + BatchSizer.PROBE_FIRST + " passes");
  }

  @Test
  void probesThatDoNotPayComeEverMoreRarely() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward (3, 224, 224)", 1, 44);
    IntToDoubleFunction peakAtEight = units -> units / (units == 8 ? 14.3 : units == 4 || units == 16 ? 11.0 : 10.0);
    search(sizer, peakAtEight);
    assertEquals(8, sizer.nextUnits());

    List<Integer> asked = run(sizer, 4000, peakAtEight);

    assertEquals(8, sizer.nextUnits(), "the fastest size stays");
    for (int neighbour : new int[] {16, 4}) {
      List<Integer> waits = waitsBeforeProbes(asked, 8, neighbour);
      assertEquals(List.of(16, 32, 64, 128, 256, 512, 512), waits.subList(1, 8),
          "passes at 8 between probes of " + neighbour + ": " + waits);
      assertTrue(waits.get(0) >= BatchSizer.PROBE_FIRST, waits.toString());
    }
    assertTrue(asked.stream().filter(units -> units != 8).count() <= 2 * 2 * (7 + 4000 / BatchSizer.PROBE_LAST),
        "a fraction of a percent of the rows on probes");
  }

  /** Passes at {@code chosen} between the starts of successive probes of {@code probed}. */
  private static List<Integer> waitsBeforeProbes(List<Integer> asked, int chosen, int probed) {
    List<Integer> waits = new ArrayList<>();
    int atChosen = 0;
    for (int pass = 0; pass < asked.size(); pass++) {
      if (asked.get(pass) == chosen) {
        atChosen++;
      } else if (asked.get(pass) == probed && asked.get(pass - 1) != probed) {
        waits.add(atChosen);
        atChosen = 0;
      }
    }
    return waits;
  }

  @Test
  void aNeighbourWithinTheNoiseIsProbedAgainSoon() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "gradient (3, 64, 64)", 1, 32);
    IntToDoubleFunction nearlyFlat = units -> units / switch (units) {
      case 4 -> 400.0;
      case 8 -> 700.0;
      case 16 -> 1000.0;
      default -> 950.0;
    };
    search(sizer, nearlyFlat);
    assertEquals(16, sizer.nextUnits());

    List<Integer> asked = run(sizer, 200, nearlyFlat);

    assertEquals(16, sizer.nextUnits());
    long probePasses = asked.stream().filter(units -> units != 16).count();
    // Every 8 passes two of 32 or 8 rows: 5% slower costs 20% of passes at 5%; 8 rows is clearly slower.
    assertTrue(probePasses >= 20, probePasses + " probe passes in 200: " + asked);
    assertTrue(asked.stream().filter(units -> units == 8).count() < asked.stream().filter(units -> units == 32).count(),
        "the clearly slower neighbour is probed less often");
  }

  @Test
  void aFixedSizeIsNeverProbed() {
    BatchSizer fixed = BatchSizer.fixed(5);

    assertEquals(List.of(5), run(fixed, 200, units -> units == 5 ? 100.0 : 0.001).stream().distinct().toList());
  }

  @Test
  void ignoresPassesOfOtherSizesAndFixedSizesNeverChange() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward tail", 1, 8);
    sizer.record(3, 1); // a short last pass
    assertEquals(4, sizer.nextUnits());
    assertFalse(sizer.settled());

    BatchSizer fixed = BatchSizer.fixed(5);
    fixed.record(5, 1);
    assertTrue(fixed.settled());
    assertEquals(5, fixed.nextUnits());
  }

  @Test
  void aLaterJobThatAllowsLargerPassesClimbsAboveTheCeilingOfTheJobThatSearched() {
    // The explorer: the Explain panel's IG (19 rows allowed) searches first, then the gallery allows 32.
    Object model = new Object();
    BatchSizer explain = BatchSizer.measuring(model, "gradient (3, 64, 64)", 1, 19);
    assertEquals(List.of(4, 4, 4, 8, 8, 8, 16, 16, 16, 19, 19, 19), search(explain, units -> 0.01 + 0.001 * units));
    assertEquals(19, explain.nextUnits());

    BatchSizer gallery = BatchSizer.measuring(model, "gradient (3, 64, 64)", 1, 32);
    List<Integer> asked = run(gallery, 6, units -> 0.01 + 0.001 * units);

    assertEquals(List.of(19, 19, 32, 32, 32, 32), asked,
        "the larger neighbour is probed after two passes (three passes: the first untimed), and kept");
    assertEquals(32, BatchSizer.settledSizes(model).get("gradient (3, 64, 64) × 1"));
    assertEquals(19, explain.nextUnits(), "a job keeps its own ceiling");
    assertEquals(19, BatchSizer.measuring(model, "gradient (3, 64, 64)", 1, 19).nextUnits(), "clamped again");
  }

  @Test
  void aProbeDoesNotTimeTheFirstPassOfASizeNeverRunBefore() {
    // As libtorch ran the demo model: the first two passes at a new size three times slower than later.
    Map<Integer, Integer> passesAt = new HashMap<>();
    IntToDoubleFunction device = units -> {
      int before = passesAt.merge(units, 1, Integer::sum) - 1;
      double perRow = units >= 32 ? 0.8e-3 : units >= 16 ? 1.0e-3 : units >= 8 ? 1.2e-3 : 1.5e-3;
      return units * perRow * (before < 2 ? 3 : 1);
    };
    Object model = new Object();
    search(BatchSizer.measuring(model, "gradient (3, 64, 64)", 1, 16), device);
    BatchSizer gallery = BatchSizer.measuring(model, "gradient (3, 64, 64)", 1, 32);

    List<Integer> asked = run(gallery, 10, device);

    assertEquals(List.of(16, 16, 32, 32, 32, 32, 32, 32, 32, 32), asked,
        "the probe's first pass warms 32 up, the next two are timed and win");
  }

  @Test
  void aSearchUnderWayGoesOnToTheLargerSizesOfALaterJob() {
    Object model = new Object();
    BatchSizer interrupted = BatchSizer.measuring(model, "gradient (3, 64, 64)", 1, 12);
    assertEquals(List.of(4, 4, 4, 8, 8, 8, 12), run(interrupted, 7, units -> 0.01 + 0.001 * units), "stepped aside");
    BatchSizer later = BatchSizer.measuring(model, "gradient (3, 64, 64)", 1, 64);
    List<Integer> asked = search(later, units -> 0.01 + 0.001 * units);

    assertEquals(List.of(16, 16, 16, 32, 32, 32, 64, 64, 64), asked, "the old ceiling's candidate gives way to the new ladder");
    assertEquals(64, later.nextUnits());
  }

  @Test
  void aJobBelowTheCandidateSettlesTheSearchAtTheBestSizeItRunsAndKeepsIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("batch-sizes.properties");
    DifferentiableClassifier model = identified("feed@cpu()");
    keepingSizesIn(file, false, () -> {
      BatchSizer explain = BatchSizer.measuring(model, "gradient (3, 1, 1)", 1, 50);
      assertEquals(List.of(4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32),
          run(explain, 12, units -> 0.01 + 0.001 * units), "32 beat 16: the candidate is now 50");
      assertFalse(explain.settled());

      BatchSizer gallery = BatchSizer.measuring(model, "gradient (3, 1, 1)", 1, 32);
      assertEquals(List.of(32), run(gallery, 1, units -> 0.01 + 0.001 * units));
      assertTrue(gallery.settled(), "settled at the best size, which is this job's ceiling");
      assertEquals(32, gallery.nextUnits());

      BatchSizer.forgetAll(); // a new process
      assertTrue(BatchSizer.measuring(model, "gradient (3, 1, 1)", 1, 32).settled(), "kept: no search again");

      DifferentiableClassifier other = identified("beef@cpu()");
      run(BatchSizer.measuring(other, "gradient (3, 1, 1)", 1, 50), 12, units -> 0.01 + 0.001 * units);
      BatchSizer smaller = BatchSizer.measuring(other, "gradient (3, 1, 1)", 1, 20);
      assertEquals(List.of(20, 20, 20), run(smaller, 3, units -> 0.01 + 0.001 * units));
      assertFalse(smaller.settled(), "a job whose ceiling is not the best size so far (32) settles nothing");
    });
  }

  @Test
  void aPersistedSizeClampedByASmallFirstCeilingIsRestoredForALargerOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("batch-sizes.properties");
    DifferentiableClassifier model = identified("feed@cpu()");
    keepingSizesIn(file, false, () -> {
      search(BatchSizer.measuring(model, "gradient (3, 1, 1)", 1, 64), units -> 0.01 + 0.001 * units);
      BatchSizer.forgetAll(); // a new process

      assertEquals(19, BatchSizer.measuring(model, "gradient (3, 1, 1)", 1, 19).nextUnits());
      BatchSizer gallery = BatchSizer.measuring(model, "gradient (3, 1, 1)", 1, 64);
      assertTrue(gallery.settled());
      assertEquals(64, gallery.nextUnits(), "the remembered size, no longer clamped");
    });
  }

  @Test
  void aPersistedSizeStartsTheNextProcessSettledForTheSameModelDeviceAndPass(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cache/batch-sizes.properties");
    DifferentiableClassifier model = identified("0123abcd@cpu()");
    keepingSizesIn(file, false, () -> {
      BatchSizer first = BatchSizer.measuring(model, "forward (3, 1, 1)", 1, 64);
      search(first, units -> units * 0.1 * (units == 8 ? 0.5 : 1.0));
      assertEquals(8, first.nextUnits());
      assertTrue(Files.isRegularFile(file), "written once settled");

      BatchSizer.forgetAll(); // as a new process would start
      BatchSizer next = BatchSizer.measuring(model, "forward (3, 1, 1)", 1, 64);
      assertTrue(next.settled(), "read back: no search");
      assertEquals(8, next.nextUnits());
      assertFalse(BatchSizer.measuring(model, "forward (3, 2, 2)", 1, 64).settled(), "another pass searches");
      assertFalse(BatchSizer.measuring(identified("0123abcd@gpu(0)"), "forward (3, 1, 1)", 1, 64).settled(),
          "the same file on another device searches");
      assertFalse(BatchSizer.measuring(new Object(), "forward (3, 1, 1)", 1, 64).settled(),
          "a model without an identity is never persisted");

      Files.writeString(file, "garbage = \\u12");
      BatchSizer.forgetAll();
      assertFalse(BatchSizer.measuring(model, "forward (3, 1, 1)", 1, 64).settled(), "an unreadable file costs a search only");
    });
  }

  @Test
  void aSizeSettledWhileOtherWorkKeptTheCoresBusyIsNotRemembered(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("batch-sizes.properties");
    DifferentiableClassifier model = identified("0123abcd@cpu()");
    keepingSizesIn(file, true, () -> {
      BatchSizer busy = BatchSizer.measuring(model, "forward (3, 1, 1)", 1, 64);
      search(busy, units -> units * 0.1);
      assertTrue(busy.settled(), "used by this process");
      assertFalse(Files.exists(file), "not kept for the next");
    });
  }

  /** What {@link #keepingSizesIn} runs. */
  private interface Body {
    void run() throws Exception;
  }

  /** Runs {@code body} with settled sizes kept in {@code file} and the machine as busy as {@code busy}. */
  private static void keepingSizesIn(Path file, boolean busy, Body body) throws Exception {
    BatchSizer.persistIn(file);
    BatchSizer.machineBusy = () -> busy;
    try {
      body.run();
    } finally {
      BatchSizer.persistIn(null);
      BatchSizer.machineBusy = BatchSizer::loadAboveCores;
      BatchSizer.forgetAll();
    }
  }

  /** A model that is only an identity: the sizer never runs it. */
  private static DifferentiableClassifier identified(String identity) {
    return new DifferentiableClassifier() {
      @Override
      public java.util.Optional<String> identity() {
        return java.util.Optional.of(identity);
      }

      @Override
      public ai.djl.Device device() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int outputWidth() {
        throw new UnsupportedOperationException();
      }

      @Override
      public ai.djl.ndarray.NDArray forward(ai.djl.ndarray.NDArray input) {
        throw new UnsupportedOperationException();
      }

      @Override
      public TargetGradients targetGradients(ai.djl.ndarray.NDArray input, int[] targets) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
