package com.comprehendo.attribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Rows per model pass chosen by measuring, not guessing. Throughput against batch size is not monotone
 * and depends on the model, the input size and the device: on 2 CPU cores a ResNet-34 at 224² forwards
 * 17.6 images/s in batches of 4 but 13.6 in batches of 8, while a 64² model keeps gaining up to 64, and
 * a GPU up to hundreds. A memory budget only gives the ceiling.
 *
 * <p>The first passes of a job try 1, 2, 4, … units (a unit is one IG step or one occlusion window,
 * i.e. one row per example) up to the ceiling, {@value #TRIALS} passes each, keep the fastest per unit,
 * and stop at the first size that is not at least {@code 1 − }{@value #GAIN} faster than the best so
 * far. The trial passes do real work, so the search costs only the difference in speed. The choice is
 * remembered per model instance and pass shape for the rest of the process, so later jobs start at it.
 * Batch sizes change only the order of float additions, never the result beyond rounding.
 *
 * <p>Time a pass from its start until its result is on the host, so that asynchronous devices are
 * timed by what they did, not by how fast work was queued.
 */
public final class BatchSizer {

  /** Passes per trial size; the faster counts (a pass may absorb a one-off allocation). */
  static final int TRIALS = 2;

  /** A larger size is kept only when it is at least this fraction faster per unit. */
  static final double GAIN = 0.03;

  private static final Map<Object, Map<String, Integer>> REMEMBERED = Collections.synchronizedMap(new WeakHashMap<>());

  private final Map<String, Integer> memory;
  private final String key;
  private final int unitRows;
  private final List<Integer> candidates;
  private int candidate;
  private int trialsLeft = TRIALS;
  private double candidateSeconds = Double.POSITIVE_INFINITY;
  private double bestSeconds = Double.POSITIVE_INFINITY;
  private int bestUnits;
  private int chosen;

  private BatchSizer(Map<String, Integer> memory, String key, int unitRows, int maxUnits, int chosen) {
    this.memory = memory;
    this.key = key;
    this.unitRows = unitRows;
    this.chosen = chosen;
    List<Integer> sizes = new ArrayList<>();
    for (int units = 1; units < maxUnits; units *= 2) {
      sizes.add(units);
    }
    sizes.add(maxUnits);
    this.candidates = sizes;
    this.bestUnits = sizes.get(0);
  }

  /**
   * A sizer that searches (or reuses what an earlier job of {@code model} found for the same pass).
   *
   * @param model whose speed is measured; the memory lives as long as it does
   * @param pass what kind of pass with what rows, e.g. {@code "forward 3x224x224"}
   * @param unitRows rows per unit (the number of examples explained together)
   * @param maxUnits the memory budget's ceiling in units
   */
  public static BatchSizer measuring(Object model, String pass, int unitRows, int maxUnits) {
    int ceiling = Math.max(1, maxUnits);
    Map<String, Integer> memory;
    synchronized (REMEMBERED) {
      memory = REMEMBERED.computeIfAbsent(model, m -> Collections.synchronizedMap(new HashMap<>()));
    }
    Integer rows = memory.get(pass);
    int chosen = rows == null ? 0 : Math.max(1, Math.min(ceiling, rows / Math.max(1, unitRows)));
    return new BatchSizer(memory, pass, Math.max(1, unitRows), ceiling, chosen);
  }

  /** A sizer that always answers {@code units}: the caller fixed the batch size. */
  public static BatchSizer fixed(int units) {
    return new BatchSizer(new HashMap<>(), "", 1, Math.max(1, units), Math.max(1, units));
  }

  /** Units for the next pass (the caller takes fewer when fewer are left). */
  public int nextUnits() {
    return chosen > 0 ? chosen : candidates.get(candidate);
  }

  /** Whether the search is over (a remembered or fixed size, or a finished search). */
  public boolean settled() {
    return chosen > 0;
  }

  /**
   * Reports a pass of {@code units} that took {@code nanos}. Passes of another size than the one asked
   * for (the last, shorter one) teach nothing and are ignored.
   */
  public void record(int units, long nanos) {
    if (chosen > 0 || units != candidates.get(candidate)) {
      return;
    }
    candidateSeconds = Math.min(candidateSeconds, nanos / 1e9 / units);
    if (--trialsLeft > 0) {
      return;
    }
    boolean faster = candidateSeconds < bestSeconds * (1 - GAIN);
    if (faster) {
      bestSeconds = candidateSeconds;
      bestUnits = units;
    }
    if (!faster || candidate == candidates.size() - 1) {
      chosen = bestUnits;
      memory.put(key, bestUnits * unitRows);
      return;
    }
    candidate++;
    trialsLeft = TRIALS;
    candidateSeconds = Double.POSITIVE_INFINITY;
  }

  /** Forgets every remembered size (for tests and benchmarks that want a cold start). */
  public static void forgetAll() {
    REMEMBERED.clear();
  }
}
