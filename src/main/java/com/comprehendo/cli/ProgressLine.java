package com.comprehendo.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long command on stderr: on a terminal one line redrawn in place ({@code \r}) with a
 * bar, the percentage, the speed and the time left; otherwise (a log file, a pipe) a plain line at
 * most every {@value #PLAIN_INTERVAL_SECONDS} seconds and at the end, so logs stay readable.
 */
final class ProgressLine {

  private static final int BAR_WIDTH = 24;
  private static final long PLAIN_INTERVAL_SECONDS = 10;
  private static final long TERMINAL_INTERVAL_MILLIS = 200;

  private final PrintWriter err;
  private final String what;
  private final String unit;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long started;
  private long lastPrinted = Long.MIN_VALUE;
  private boolean drawn;

  /**
   * @param what the command's name and task, e.g. {@code "explain"}
   * @param unit what is counted, e.g. {@code "images"}
   * @param terminal whether stderr is a terminal ({@link #isTerminal()})
   * @param clock nanoseconds (System::nanoTime; tests pass their own)
   */
  ProgressLine(PrintWriter err, String what, String unit, boolean terminal, LongSupplier clock) {
    this.err = err;
    this.what = what;
    this.unit = unit;
    this.terminal = terminal;
    this.clock = clock;
    this.started = clock.getAsLong();
  }

  /** Whether this process writes to a terminal (not a file or a pipe). */
  static boolean isTerminal() {
    return System.console() != null;
  }

  /** Reports {@code done} of {@code total}; prints when it is time to. */
  synchronized void update(long done, long total) {
    long now = clock.getAsLong();
    boolean finished = done >= total;
    long interval = terminal ? TERMINAL_INTERVAL_MILLIS * 1_000_000 : PLAIN_INTERVAL_SECONDS * 1_000_000_000;
    if (!finished && lastPrinted != Long.MIN_VALUE && now - lastPrinted < interval) {
      return;
    }
    lastPrinted = now;
    String text = text(done, total, (now - started) / 1e9);
    if (terminal) {
      err.print("\r" + text + "\u001b[K");
      drawn = true;
      if (finished) {
        finish();
      }
    } else {
      err.println(what + ": " + text);
    }
    err.flush();
  }

  /** Ends the redrawn line (before other output, or at the end). */
  synchronized void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }

  /** {@code [######......]  42%  120/285 images  3.1 images/s  53 s left}. */
  String text(long done, long total, double seconds) {
    double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
    StringBuilder line = new StringBuilder();
    if (terminal) {
      int filled = (int) Math.round(fraction * BAR_WIDTH);
      line.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
    }
    line.append(String.format(Locale.ROOT, "%3.0f%%  %d/%d %s", fraction * 100, done, total, unit));
    if (done > 0 && seconds > 0) {
      double rate = done / seconds;
      line.append(String.format(Locale.ROOT, "  %.1f %s/s", rate, unit));
      if (done < total) {
        line.append("  ").append(duration((total - done) / rate)).append(" left");
      }
    }
    return line.toString();
  }

  /** {@code 42 s}, {@code 3 min 05 s}, {@code 2 h 07 min}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }
}
