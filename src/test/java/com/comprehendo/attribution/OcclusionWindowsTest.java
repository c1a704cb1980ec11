package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Occlusion's cost is counted without enumerating its windows: it must match the enumeration. */
class OcclusionWindowsTest {

  @Test
  void theCostIsOnePassPerWindowPlusTheUnoccludedOne() {
    long[][] shapes = {{3, 224, 224}, {3, 64, 64}, {1, 28, 28}, {3, 32, 17}};
    int[][] windows = {{3, 15, 15}, {1, 8, 8}, {1, 3, 3}, {1, 1, 1}};
    int[][] strides = {{3, 8, 8}, {1, 8, 8}, {1, 2, 3}, {1, 1, 1}};
    for (long[] shape : shapes) {
      for (int w = 0; w < windows.length; w++) {
        if (windows[w][0] > shape[0]) {
          continue;
        }
        Occlusion occlusion = Occlusion.builder(windows[w][0], windows[w][1], windows[w][2])
            .optStrides(strides[w][0], strides[w][1], strides[w][2]).build();
        long expected = 1 + occlusion.windows(shape).size();
        assertEquals(2 * expected, occlusion.cost(2, shape).forward(),
            java.util.Arrays.toString(shape) + " with windows " + java.util.Arrays.toString(windows[w]));
      }
    }
  }

  @Test
  void theCostRefusesWhatTheRunRefuses() {
    Occlusion tooLarge = Occlusion.builder(3, 40, 40).build();
    assertThrows(IllegalArgumentException.class, () -> tooLarge.cost(1, new long[] {3, 32, 32}));
    Occlusion gaps = Occlusion.builder(3, 4, 4).optStrides(3, 6, 6).build();
    assertThrows(IllegalArgumentException.class, () -> gaps.cost(1, new long[] {3, 32, 32}));
  }
}
