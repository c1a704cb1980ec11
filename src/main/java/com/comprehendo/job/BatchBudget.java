package com.comprehendo.job;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;

/**
 * Sizes batches to a memory budget instead of failing: Captum's default puts every IG step in one
 * batch, which for a ResNet-34 at 224² and 200 steps needs over 15 GB.
 *
 * <p>The cost of one row (one image in a pass) is estimated from its input size: a backward pass keeps
 * the activations of every layer, which for common CNNs (ResNet, VGG, MobileNet) at ImageNet sizes is
 * 60–250 times the input's bytes; a forward without gradients frees activations layer by layer, about
 * 40 times. The factors are conservative so that the budget is a ceiling, not a target. Batch sizes only
 * change the order of float additions, never the result beyond rounding.
 *
 * @param bytes the memory a single model pass may use
 * @param rowCap the most rows a pass may have whatever the memory allows (an interactive caller's
 *     bound on how long a pass, which cannot be interrupted, keeps the next request waiting)
 */
public record BatchBudget(long bytes, int rowCap) {

  /** Bytes per input byte kept alive by a forward+backward pass. */
  static final long GRADIENT_FACTOR = 150;

  /** Bytes per input byte kept alive by a forward pass without gradients. */
  static final long FORWARD_FACTOR = 40;

  /** Rows per pass never exceed this, whatever the budget: larger batches stop paying off on any device. */
  public static final int MAX_ROWS = 512;

  public BatchBudget {
    if (bytes <= 0) {
      throw new IllegalArgumentException("memory budget must be positive, got " + bytes);
    }
    if (rowCap < 1) {
      throw new IllegalArgumentException("a pass needs at least one row, got a cap of " + rowCap);
    }
    // A budget the machine cannot hold would be "respected" by swapping or by the kernel's OOM killer
    // (1000g was accepted on a 24 GB machine and peaked at 23.6 GB): never more than the machine has.
    bytes = Math.min(bytes, machineLimit());
  }

  /** Share of the machine's physical memory a budget may claim: the rest is the JVM, libtorch's own and the OS. */
  static final double MACHINE_SHARE = 0.75;

  /**
   * The largest budget this machine allows: {@link #MACHINE_SHARE} of its physical memory (or {@link
   * Long#MAX_VALUE} where the JVM cannot tell).
   */
  public static long machineLimit() {
    long physical = physicalMemoryBytes();
    return physical > 0 ? (long) (physical * MACHINE_SHARE) : Long.MAX_VALUE;
  }

  private static long physicalMemoryBytes() {
    return PhysicalMemory.BYTES;
  }

  /**
   * The machine's physical memory, read once per process. Reading it means reading the cgroup's files
   * on Linux: 1,920 budgets took 0.35–0.55 s (0.2–0.3 ms each), and every attribution made three, so an
   * IG-32 heat-map gallery of the 320 demo images spent 0.2–0.3 s on them, most of its model worker's
   * time outside the passes.
   */
  private static final class PhysicalMemory {
    static final long BYTES = ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean system ? system.getTotalMemorySize() : -1;
  }

  /**
   * A note for the user when {@code requestedBytes} is more than {@link #machineLimit()}: what was asked,
   * what is used instead; empty when the request fits.
   */
  public static Optional<String> capNote(long requestedBytes) {
    long limit = machineLimit();
    if (requestedBytes <= limit) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT,
        "memory budget %s is more than this machine can give; using %s (%.0f%% of its physical memory)",
        describe(requestedBytes), describe(limit), MACHINE_SHARE * 100));
  }

  /** {@code 1.5 GiB}, {@code 512 MiB}: a size for messages. */
  public static String describe(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%d MiB", Math.max(1, bytes >> 20));
  }

  /** A memory budget alone: passes as large as it allows (up to {@link #MAX_ROWS} rows). */
  public BatchBudget(long bytes) {
    this(bytes, MAX_ROWS);
  }

  /** This budget with passes of at most {@code rows} rows (and never more than before). */
  public BatchBudget withRowCap(int rows) {
    return new BatchBudget(bytes, Math.max(1, Math.min(rowCap, rows)));
  }

  /** 1 GiB, or the system property {@code comprehendo.memory.budget} (e.g. {@code 512m}, {@code 2g}). */
  public static BatchBudget defaultBudget() {
    String configured = System.getProperty("comprehendo.memory.budget");
    return new BatchBudget(configured == null ? 1L << 30 : parseBytes(configured));
  }

  /** Parses {@code 512m}, {@code 2g}, {@code 1500000} (bytes). */
  public static long parseBytes(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    long multiplier = 1;
    if (value.endsWith("k") || value.endsWith("m") || value.endsWith("g")) {
      char unit = value.charAt(value.length() - 1);
      multiplier = unit == 'k' ? 1L << 10 : unit == 'm' ? 1L << 20 : 1L << 30;
      value = value.substring(0, value.length() - 1);
    }
    try {
      double amount = Double.parseDouble(value);
      if (!(amount > 0) || Double.isInfinite(amount)) {
        throw new IllegalArgumentException("memory budget must be a positive size: " + text);
      }
      double bytes = amount * multiplier;
      if (bytes < 1) {
        throw new IllegalArgumentException("memory budget must be at least one byte: " + text);
      }
      // Beyond Long.MAX_VALUE the cast saturates; the constructor then caps it to the machine.
      return (long) Math.min(bytes, Long.MAX_VALUE);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unreadable memory budget '" + text + "' (e.g. 512m, 2g)", e);
    }
  }

  /**
   * The most rows of {@code elementsPerRow} float32 values that one pass may hold: a ceiling. Where
   * below it a pass runs fastest is measured ({@link BatchSizer}), not assumed.
   *
   * @param gradient whether the pass records gradients (forward+backward)
   */
  public int maxRows(long elementsPerRow, boolean gradient) {
    long rowBytes = Math.max(1, elementsPerRow * Float.BYTES * (gradient ? GRADIENT_FACTOR : FORWARD_FACTOR));
    long rows = Math.min(rowCap, bytes / rowBytes);
    return (int) Math.max(1, rows);
  }
}
