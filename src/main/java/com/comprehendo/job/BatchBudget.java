package com.comprehendo.job;

import java.util.Locale;

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
      if (!(amount > 0)) {
        throw new IllegalArgumentException("memory budget must be positive: " + text);
      }
      return (long) (amount * multiplier);
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
