package com.comprehendo.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BatchBudgetTest {

  private static final long RESNET_ROW = 3 * 224 * 224;
  private static final long DEMO_ROW = 3 * 64 * 64;

  @Test
  void gradientRowsFollowTheMemoryBudget() {
    BatchBudget gigabyte = new BatchBudget(1L << 30);
    // 150,528 floats × 4 bytes × 150 ≈ 90 MB a row: 11 rows in 1 GiB.
    assertEquals(11, gigabyte.maxRows(RESNET_ROW, true));
    assertEquals(1, new BatchBudget(1).maxRows(RESNET_ROW, true), "never fewer than one row");
    assertEquals(BatchBudget.MAX_ROWS, new BatchBudget(1L << 40).maxRows(DEMO_ROW, true));
  }

  @Test
  void forwardRowsFollowTheMemoryBudget() {
    BatchBudget gigabyte = new BatchBudget(1L << 30);
    // 150,528 floats × 4 bytes × 40 ≈ 24 MB a row: 44 rows in 1 GiB (a ceiling; BatchSizer measures below it).
    assertEquals(44, gigabyte.maxRows(RESNET_ROW, false));
    assertEquals(BatchBudget.MAX_ROWS, gigabyte.maxRows(DEMO_ROW, false), "small inputs: capped at MAX_ROWS");
    assertEquals(2, new BatchBudget(50L << 20).maxRows(RESNET_ROW, false), "memory bounds first");
  }

  @Test
  void parsesSizes() {
    assertEquals(512L << 20, BatchBudget.parseBytes("512m"));
    assertEquals(2L << 30, BatchBudget.parseBytes("2g"));
    assertEquals(1500, BatchBudget.parseBytes("1500"));
    assertThrows(IllegalArgumentException.class, () -> BatchBudget.parseBytes("lots"));
    assertThrows(IllegalArgumentException.class, () -> BatchBudget.parseBytes("-1g"));
    assertThrows(IllegalArgumentException.class, () -> BatchBudget.parseBytes("0"));
    assertThrows(IllegalArgumentException.class, () -> BatchBudget.parseBytes("NaN"));
    assertThrows(IllegalArgumentException.class, () -> BatchBudget.parseBytes("Infinityg"));
    assertThrows(IllegalArgumentException.class, () -> BatchBudget.parseBytes("0.1"), "less than a byte");
    assertEquals(Long.MAX_VALUE, BatchBudget.parseBytes("1e30g"), "saturates instead of wrapping around");
  }

  @Test
  void aBudgetNeverExceedsWhatTheMachineHas() {
    long limit = BatchBudget.machineLimit();
    long absurd = BatchBudget.parseBytes("1000000g"); // a petabyte: more than any machine running the tests
    assertEquals(limit, new BatchBudget(absurd).bytes(), "capped to the machine");
    assertTrue(BatchBudget.capNote(absurd).orElseThrow().contains("more than this machine can give"));
    assertTrue(BatchBudget.capNote(1L << 20).isEmpty(), "a budget that fits gets no note");
    assertEquals(1L << 20, new BatchBudget(1L << 20).bytes(), "a budget that fits is kept");
  }

  @Test
  void aRowCapBoundsPassesBelowWhatMemoryAllowsAndNeverRaisesThem() {
    BatchBudget gigabyte = new BatchBudget(1L << 30);
    int byMemory = gigabyte.maxRows(RESNET_ROW, true);
    assertEquals(5, gigabyte.withRowCap(5).maxRows(RESNET_ROW, true));
    assertEquals(byMemory, gigabyte.withRowCap(byMemory + 100).maxRows(RESNET_ROW, true), "memory still bounds first");
    assertEquals(3, gigabyte.withRowCap(5).withRowCap(3).withRowCap(9).maxRows(DEMO_ROW, false), "a cap only lowers");
    assertEquals(1, gigabyte.withRowCap(0).maxRows(DEMO_ROW, false), "at least one row");
  }
}
