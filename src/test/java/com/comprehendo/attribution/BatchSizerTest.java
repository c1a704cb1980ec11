package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class BatchSizerTest {

  /** Runs passes of a simulated device until the sizer settles; returns the sizes it asked for. */
  private static List<Integer> search(BatchSizer sizer, IntToDoubleFunction secondsPerPass) {
    List<Integer> asked = new ArrayList<>();
    for (int pass = 0; pass < 100 && !sizer.settled(); pass++) {
      int units = sizer.nextUnits();
      asked.add(units);
      sizer.record(units, (long) (secondsPerPass.applyAsDouble(units) * 1e9));
    }
    return asked;
  }

  @Test
  void findsTheFastestSizeAndStopsAfterTheFirstSlowerOne() {
    Object model = new Object();
    // Throughput peaks at 4 units per pass, as ResNet-34 forwards do on 2 cores.
    double[] imagesPerSecond = {0, 10.9, 13.5, 0, 17.6, 0, 0, 0, 13.6};
    BatchSizer sizer = BatchSizer.measuring(model, "forward 3x224x224", 1, 44);

    List<Integer> asked = search(sizer, units -> units / imagesPerSecond[units]);

    assertEquals(List.of(1, 1, 2, 2, 4, 4, 8, 8), asked, "16 and up are never tried");
    assertTrue(sizer.settled());
    assertEquals(4, sizer.nextUnits());
  }

  @Test
  void keepsGrowingWhileLargerPassesPayAndStopsAtTheCeiling() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward 3x64x64", 1, 12);

    List<Integer> asked = search(sizer, units -> 0.01 + 0.001 * units);

    assertEquals(List.of(1, 1, 2, 2, 4, 4, 8, 8, 12, 12), asked, "the ceiling is the last candidate");
    assertEquals(12, sizer.nextUnits());
  }

  @Test
  void prefersTheSmallerSizeWhenALargerOneGainsLessThanTheMargin() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward flat", 1, 64);

    search(sizer, units -> units * 0.1 * (units == 2 ? 0.99 : 1.0));

    assertEquals(1, sizer.nextUnits(), "1% faster is within noise");
  }

  @Test
  void theFasterOfTheTrialPassesCounts() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward warm-up", 1, 2);
    sizer.record(1, 5_000_000_000L); // the first pass of a job pays for allocation
    sizer.record(1, 100_000_000L);
    sizer.record(2, 180_000_000L);
    sizer.record(2, 190_000_000L);

    assertTrue(sizer.settled());
    assertEquals(2, sizer.nextUnits());
  }

  @Test
  void remembersTheChoicePerModelAndPassAndConvertsItToUnits() {
    Object model = new Object();
    BatchSizer first = BatchSizer.measuring(model, "forward 3x224x224", 2, 22);
    search(first, units -> units * 2 / (units == 2 ? 20.0 : 10.0));
    assertEquals(2, first.nextUnits(), "4 rows: 2 units of 2 examples");

    BatchSizer again = BatchSizer.measuring(model, "forward 3x224x224", 1, 44);
    assertTrue(again.settled(), "no second search for the same model and pass");
    assertEquals(4, again.nextUnits(), "the same 4 rows, now 4 units of 1 example");

    assertFalse(BatchSizer.measuring(model, "forward 1x28x28", 1, 44).settled(), "another pass shape searches");
    assertFalse(BatchSizer.measuring(new Object(), "forward 3x224x224", 1, 44).settled(), "another model searches");
    assertEquals(3, BatchSizer.measuring(model, "forward 3x224x224", 1, 3).nextUnits(), "clamped to a smaller ceiling");
  }

  @Test
  void ignoresPassesOfOtherSizesAndFixedSizesNeverChange() {
    BatchSizer sizer = BatchSizer.measuring(new Object(), "forward tail", 1, 8);
    sizer.record(3, 1); // a short last pass
    assertEquals(1, sizer.nextUnits());
    assertFalse(sizer.settled());

    BatchSizer fixed = BatchSizer.fixed(5);
    fixed.record(5, 1);
    assertTrue(fixed.settled());
    assertEquals(5, fixed.nextUnits());
  }
}
