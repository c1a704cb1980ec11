package com.comprehendo.job;

import com.comprehendo.platform.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.function.BooleanSupplier;

/**
 * Rows per model pass chosen by measuring, not guessing. Throughput against batch size is not monotone
 * and depends on the model, the input size and the device: on 2 CPU cores a ResNet-34 at 224² forwards
 * 17.6 images/s in batches of 4 but 13.6 in batches of 8, while a 64² model keeps gaining up to 32, and
 * a GPU up to hundreds. A memory budget only gives the ceiling.
 *
 * <p>The search tries {@value #FIRST_UNITS}, 8, 16, … units per pass (a unit is one occlusion window
 * or one image, i.e. one row per example explained) up to the ceiling, {@value #TRIALS} timed passes each,
 * keeps the fastest per unit, and stops at the first size that is not at least {@value #GAIN} faster
 * per unit than the best so far. Smaller sizes are not tried: on every model measured they were slower
 * than 4 (ResNet-34: 12.1 images/s at 1, 12.4 at 4; the demo model: 552 at 1, 1,182 at 8). The trial
 * passes do real work, so the search costs only the difference in speed.
 *
 * <p>The first pass at each size in a process is not timed: it pays for that size's first use. In the
 * explorer the demo model's first 32-row gradient passes took 92–205 ms where later ones took 24–30,
 * so a search or a probe timing them chose smaller sizes already run, and the heat-map gallery's first
 * seconds ran at 8 or 16 rows (1.0–1.5 ms a row against 0.77).
 *
 * <p>Two passes per size decide poorly under noise: on this project's 2-core machine the same gradient
 * pass of the demo model ran anywhere between 244 and 1,063 images/s from one minute to the next, and
 * the IG-32 gallery's search settled at 4, 8, 16 or 32 rows from one process to the next (10–18 s for
 * the same 320 maps). So a settled size is not final: {@value #PROBE_FIRST} passes after it settled,
 * {@value #TRIALS} passes of each neighbouring candidate (the larger and the smaller, each on its own
 * clock) are compared with the {@value #TRIALS} passes at the settled size just before them, and the
 * neighbour is taken when it is {@value #GAIN} faster per unit. A neighbour more than {@value #CLOSE}
 * slower waits twice as long before its next probe, up to {@value #PROBE_LAST} passes, so a long run
 * well clear of its neighbours spends a fraction of a percent on probes; one closer than that (as
 * likely noise as not) keeps its wait, which costs at most that fraction on the probe's passes. A size
 * fixed by the caller is never probed.
 *
 * <p>The search and its outcome belong to the model instance and the pass (e.g. {@code forward (3,
 * 224, 224)} for one example): a job that stops early (the explorer's dataset predictions step aside
 * for an attribution) leaves it where it was, the next job continues it, and once settled every later
 * job starts at the best size. Batch sizes change only the order of float additions, never the result
 * beyond rounding.
 *
 * <p>With {@link #persistIn} (the application does it; tests and benchmarks do not), settled sizes are
 * also kept in a small properties file, keyed by the model's {@link SpeedIdentity#identity()
 * identity} (file hash and device), the pass and the number of cores, so the next process starts at
 * the size found before; a different machine or model searches anew.
 *
 * <p>Time a pass from its start until its result is on the host, so that asynchronous devices are
 * timed by what they did, not by how fast work was queued.
 *
 * <p>Over 400 lines on purpose: the search, its probes and its ceilings share one state per model and
 * pass, and about half the lines are the measurements behind each rule, kept beside the rule.
 */
public final class BatchSizer {

  /** The smallest size tried (or the ceiling, when that is smaller). */
  static final int FIRST_UNITS = 4;

  /** Passes per trial size; the faster counts (a pass may absorb a one-off allocation). */
  static final int TRIALS = 2;

  /** A larger size is kept only when it is at least this fraction faster per unit. */
  static final double GAIN = 0.03;

  /** Passes at the settled size before the first probe of a neighbouring size, and after a move. */
  static final int PROBE_FIRST = 8;

  /**
   * A probed neighbour at most this fraction slower than the chosen size is within the noise (the
   * demo's gradient passes of 16 and 32 rows measured 0.82–1.36 and 0.77–1.19 ms a row in one gallery):
   * the wait before the next probe does not grow.
   */
  static final double CLOSE = 0.10;

  /** The longest wait between probes (a probe clearly slower doubles the wait up to this). */
  static final int PROBE_LAST = 512;

  private static final Map<Object, Map<String, Search>> REMEMBERED = Collections.synchronizedMap(new WeakHashMap<>());

  private static volatile Path store;

  private final Search search;
  private final int maxUnits;

  private BatchSizer(Search search, int maxUnits) {
    this.search = search;
    this.maxUnits = maxUnits;
  }

  /**
   * A sizer that continues (or starts) the search of {@code model} for this pass, or uses its outcome.
   *
   * @param model whose speed is measured; what was found lives as long as it does
   * @param pass what kind of pass with what rows, e.g. {@code "forward (3, 224, 224)"}
   * @param unitRows rows per unit (the number of examples explained together)
   * @param maxUnits the memory budget's ceiling in units
   */
  public static BatchSizer measuring(Object model, String pass, int unitRows, int maxUnits) {
    int ceiling = Math.max(1, maxUnits);
    Map<String, Search> searches;
    synchronized (REMEMBERED) {
      searches = REMEMBERED.computeIfAbsent(model, m -> new HashMap<>());
    }
    String key = pass + " × " + Math.max(1, unitRows);
    String storedKey = model instanceof SpeedIdentity classifier
        ? classifier.identity().map(id -> id + " " + key + " on " + Runtime.getRuntime().availableProcessors() + " cores")
            .orElse(null)
        : null;
    Search search;
    synchronized (searches) {
      search = searches.computeIfAbsent(key, k -> new Search(ceiling, storedKey, true));
    }
    search.raiseCeiling(ceiling);
    return new BatchSizer(search, ceiling);
  }

  /**
   * Keeps settled sizes in {@code file} (a properties file, created when first needed) and starts
   * searches from what it holds; {@code null} stops using a file.
   */
  public static void persistIn(Path file) {
    store = file;
  }

  private static synchronized OptionalInt loadStored(String key) {
    Path file = store;
    if (file == null || key == null || !Files.isRegularFile(file)) {
      return OptionalInt.empty();
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties properties = new Properties();
      properties.load(reader);
      String value = properties.getProperty(key);
      return value == null ? OptionalInt.empty() : OptionalInt.of(Math.max(1, Integer.parseInt(value.trim())));
    } catch (IOException | IllegalArgumentException e) {
      return OptionalInt.empty(); // an unreadable file only costs a search
    }
  }

  private static synchronized void saveStored(String key, int units) {
    Path file = store;
    if (file == null || key == null || machineBusy.getAsBoolean()) {
      return;
    }
    try {
      Properties properties = new Properties();
      if (Files.isRegularFile(file)) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          properties.load(reader);
        }
      }
      properties.setProperty(key, Integer.toString(units));
      AtomicFiles.write(file, out -> {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        properties.store(writer, "Fastest batch sizes measured by Comprehendo (safe to delete)");
        writer.flush();
      });
    } catch (IOException | IllegalArgumentException e) {
      // Not kept: the next process searches again, which is all this file saves.
    }
  }

  /**
   * Whether other work kept the cores busy while the sizes were timed (the 1-minute load average above
   * 1.5 times the cores; this process's own passes count for about the cores). A size settled then is used
   * by this process but not remembered: timed against other programs, the demo model's gradient passes
   * settled at 4 rows and stayed there, and every later {@code explain} of IG-32 over the demo took 47–50 s
   * instead of 17 s at the 8 rows a quiet search finds.
   */
  static volatile BooleanSupplier machineBusy = BatchSizer::loadAboveCores;

  static boolean loadAboveCores() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load > 1.5 * Runtime.getRuntime().availableProcessors();
  }

  /** A sizer that always answers {@code units}: the caller fixed the batch size. */
  public static BatchSizer fixed(int units) {
    Search settled = new Search(Math.max(1, units));
    settled.chosen = Math.max(1, units);
    return new BatchSizer(settled, Math.max(1, units));
  }

  /** Units for the next pass (the caller takes fewer when fewer are left). */
  public int nextUnits() {
    return Math.min(maxUnits, search.nextUnits());
  }

  /** Whether the search is over (a fixed size, or one measured before). */
  public boolean settled() {
    return search.settled();
  }

  /**
   * Reports a pass of {@code units} that took {@code nanos}. Passes of another size than the one asked
   * for (the last, shorter one; one clamped to a smaller ceiling) are not timed; a clamped pass at the
   * best size so far ends a search the job could not take further (see {@code Search.record}).
   */
  public void record(int units, long nanos) {
    search.record(units, nanos, maxUnits);
  }

  /** Every settled size, as "pass × unit rows" to units per pass (for reports such as the benchmark's). */
  public static Map<String, Integer> settledSizes(Object model) {
    Map<String, Search> searches = REMEMBERED.get(model);
    Map<String, Integer> settled = new TreeMap<>();
    if (searches != null) {
      synchronized (searches) {
        searches.forEach((pass, search) -> {
          if (search.settled()) {
            settled.put(pass, search.outcome());
          }
        });
      }
    }
    return settled;
  }

  /** Forgets every search and its outcome (for benchmarks that time a cold start). */
  public static void forgetAll() {
    REMEMBERED.clear();
  }

  /** The state of one search, shared by the jobs of one model and pass. */
  private static final class Search {
    private final List<Integer> candidates = new ArrayList<>();
    /** The largest ceiling a job has given: the last candidate. */
    private int ceiling;
    /** The size read from the persisted file, or 0. */
    private int stored;
    /** Sizes that have had a pass (in any job of this process): only their later passes are timed. */
    private final Set<Integer> ran = new HashSet<>();
    private int candidate;
    private int trialsLeft = TRIALS;
    private double candidateSeconds = Double.POSITIVE_INFINITY;
    private double bestSeconds = Double.POSITIVE_INFINITY;
    private int bestUnits;
    private int chosen;
    private final String storedKey;
    /** False for a size the caller fixed: it is never probed. */
    private final boolean probes;
    /** Seconds per unit of the latest passes at the chosen size (the probe's paired reference). */
    private final double[] recent = new double[TRIALS];
    private int recentNext;
    private int recentCount;
    /** Per direction (0: the smaller neighbour, 1: the larger): passes since its last probe, and its wait. */
    private final int[] passesSince = new int[2];
    private final int[] wait = {PROBE_FIRST, PROBE_FIRST};
    /** The neighbouring size being probed, or 0, and which direction it is. */
    private int probe;
    private int probeDirection;
    private int probeTrialsLeft;
    private double probeSeconds;

    Search(int ceiling) {
      this(ceiling, null, false);
    }

    Search(int ceiling, String storedKey, boolean probes) {
      this.storedKey = storedKey;
      this.probes = probes;
      this.ceiling = ceiling;
      fillCandidates();
      bestUnits = candidates.get(0);
      stored = loadStored(storedKey).orElse(0);
      if (stored > 0) {
        chosen = Math.min(ceiling, stored);
      }
    }

    /** {@value #FIRST_UNITS}, 8, 16, … below the ceiling, then the ceiling. */
    private void fillCandidates() {
      candidates.clear();
      for (int units = FIRST_UNITS; units < ceiling; units *= 2) {
        candidates.add(units);
      }
      candidates.add(ceiling);
    }

    /**
     * A job allows larger passes than any before it. The search belongs to the model and pass, not to
     * the job that began it: in the explorer, the Explain panel's IG of the first image (its passes
     * capped to stay short, 19 to 29 rows of the demo model) began the gradient search, and the IG-32
     * heat-map gallery after it (32 rows allowed) kept its capped candidates: 19 to 29 rows a pass, or
     * 8 or 16 where a noisy search settled below them.
     * So the larger sizes become candidates: a search under way goes on to them, a size settled at
     * the old ceiling gets its larger neighbour probed at once, and one read from the file and clamped
     * by the old ceiling is restored.
     */
    synchronized void raiseCeiling(int newCeiling) {
      if (newCeiling <= ceiling) {
        return;
      }
      int old = ceiling;
      ceiling = newCeiling;
      int searching = chosen > 0 ? 0 : candidates.get(candidate);
      fillCandidates();
      if (searching > 0) {
        candidate = 0;
        while (candidates.get(candidate) < searching) {
          candidate++;
        }
        if (candidates.get(candidate) != searching) { // the old ceiling was a candidate of its own
          trialsLeft = TRIALS;
          candidateSeconds = Double.POSITIVE_INFINITY;
        }
        return;
      }
      if (stored > old && chosen == old) {
        chosen = Math.min(ceiling, stored);
      } else if (chosen == old && probes) {
        wait[1] = PROBE_FIRST; // nothing larger was ever tried: probe it after the next passes
        passesSince[1] = PROBE_FIRST;
      }
    }

    synchronized int nextUnits() {
      if (probe > 0) {
        return probe;
      }
      return chosen > 0 ? chosen : candidates.get(candidate);
    }

    synchronized boolean settled() {
      return chosen > 0;
    }

    /** The size searched for or used: the probe's passes are not the outcome. */
    synchronized int outcome() {
      return chosen;
    }

    synchronized void record(int units, long nanos, int jobCeiling) {
      if (chosen == 0 && units == jobCeiling && units == bestUnits && bestSeconds < Double.POSITIVE_INFINITY
          && candidates.get(candidate) > jobCeiling) {
        // This job cannot try the candidate, and runs at the best size so far anyway: that is the
        // outcome, kept for the next process. Left open, the search waited for a job allowing the
        // candidate: in the explorer a first IG with passes of up to 50 rows moved the demo's gradient
        // search to 50 after 32 beat 16, the IG-32 gallery (32 rows a pass at most) ran all its passes
        // at 32 without settling, and every later process searched again from 4. The larger size is
        // probed later, as for any settled size, by a job that allows it.
        chosen = bestUnits;
        ran.add(units);
        saveStored(storedKey, chosen);
        return;
      }
      if (ran.add(units)) {
        return; // the first pass at a size pays for its first use: timed, it would favour sizes already run
      }
      if (chosen > 0) {
        recordSettled(units, nanos / 1e9 / units);
        return;
      }
      if (units != candidates.get(candidate)) {
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
        saveStored(storedKey, chosen);
        return;
      }
      candidate++;
      trialsLeft = TRIALS;
      candidateSeconds = Double.POSITIVE_INFINITY;
    }

    /** After the search: passes at the chosen size, now and then a probe of a neighbouring size. */
    private void recordSettled(int units, double secondsPerUnit) {
      if (probe > 0) {
        if (units == probe) {
          recordProbe(secondsPerUnit);
        }
        return;
      }
      if (units != chosen || !probes) {
        return;
      }
      recent[recentNext] = secondsPerUnit;
      recentNext = (recentNext + 1) % TRIALS;
      recentCount = Math.min(TRIALS, recentCount + 1);
      passesSince[0]++;
      passesSince[1]++;
      for (int direction = 1; direction >= 0; direction--) { // the larger first
        if (passesSince[direction] < wait[direction] || recentCount < TRIALS) {
          continue;
        }
        int neighbour = neighbour(direction == 1);
        if (neighbour == 0) {
          passesSince[direction] = 0;
          wait[direction] = PROBE_LAST;
          continue;
        }
        probe = neighbour;
        probeDirection = direction;
        probeTrialsLeft = TRIALS;
        probeSeconds = Double.POSITIVE_INFINITY;
        return;
      }
    }

    private void recordProbe(double secondsPerUnit) {
      probeSeconds = Math.min(probeSeconds, secondsPerUnit);
      if (--probeTrialsLeft > 0) {
        return;
      }
      double reference = Double.POSITIVE_INFINITY;
      for (int i = 0; i < recentCount; i++) {
        reference = Math.min(reference, recent[i]);
      }
      if (probeSeconds < reference * (1 - GAIN)) {
        chosen = probe;
        saveStored(storedKey, chosen);
        Arrays.fill(passesSince, 0);
        Arrays.fill(wait, PROBE_FIRST); // new neighbours: probe them soon (keep climbing)
      } else {
        passesSince[probeDirection] = 0;
        // A neighbour within the noise costs next to nothing to probe again soon; one clearly slower
        // is probed ever more rarely.
        if (probeSeconds > reference * (1 + CLOSE)) {
          wait[probeDirection] = Math.min(PROBE_LAST, wait[probeDirection] * 2);
        }
      }
      probe = 0;
      recentCount = 0;
      recentNext = 0;
    }

    /** The candidate next to the chosen size (larger or smaller), or 0 when there is none. */
    private int neighbour(boolean larger) {
      int below = 0;
      for (int units : candidates) {
        if (units > chosen) {
          return larger ? units : below;
        }
        if (units < chosen) {
          below = units;
        }
      }
      return larger ? 0 : below;
    }
  }
}
