package com.comprehendo.ui.support;

import java.util.Locale;

/** Number and duration formats shared by the views, so every panel writes values the same way. */
public final class Formats {

  private Formats() {}

  /** An attribution value with a sign and three significant digits, e.g. {@code +1.23e-3}. */
  public static String signed(double value) {
    if (value == 0) {
      return "0";
    }
    double magnitude = Math.abs(value);
    String text = magnitude >= 1e-2 && magnitude < 1e4
        ? String.format(Locale.ROOT, "%+.3f", value)
        : String.format(Locale.ROOT, "%+.2e", value);
    return text.replace('-', '−');
  }

  /** A value with three significant digits and a typographic minus. */
  public static String value(double value) {
    if (value == 0) {
      return "0";
    }
    double magnitude = Math.abs(value);
    String text = magnitude >= 1e-2 && magnitude < 1e4
        ? String.format(Locale.ROOT, "%.3g", value)
        : String.format(Locale.ROOT, "%.2e", value);
    return text.replace('-', '−');
  }

  /** A probability as a percentage, e.g. {@code 87.3%} ({@code <0.1%} for tiny values). */
  public static String percent(double probability) {
    if (probability > 0 && probability < 0.001) {
      return "<0.1%";
    }
    return String.format(Locale.ROOT, "%.1f%%", probability * 100);
  }

  /**
   * A share and its complement (accuracy and error rate) rounded so that they add up to 100.0%:
   * 91.25% and 8.75% read "91.3%" and "8.7%", not "8.8%". Shares under 0.1% (and their complements)
   * read "<0.1%" and ">99.9%".
   */
  public static String[] complementaryPercents(double share) {
    if (share > 0 && share < 0.001) {
      return new String[] {"<0.1%", ">99.9%"};
    }
    if (share < 1 && share > 0.999) {
      return new String[] {">99.9%", "<0.1%"};
    }
    long tenths = Math.round(share * 1000);
    return new String[] {
        String.format(Locale.ROOT, "%.1f%%", tenths / 10.0), String.format(Locale.ROOT, "%.1f%%", (1000 - tenths) / 10.0)};
  }

  /** A duration for estimates: "0.4 s", "12 s", "3 min 5 s". */
  public static String duration(double seconds) {
    if (seconds < 10) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    if (seconds < 60) {
      return Math.round(seconds) + " s";
    }
    long total = Math.round(seconds);
    return total / 60 + " min " + total % 60 + " s";
  }

  /** A count with thousands separators, e.g. {@code 12,480}. */
  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
