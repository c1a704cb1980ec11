package com.comprehendo.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Captum's times per method, as {@code tools/captum_pairs.py --out FILE} measured them beside
 * Comprehendo's (same model, input and settings, alternately), for {@code bench --captum-timings}: each
 * timed method that the file has is also set against Captum's median. That ratio is not paired (Captum
 * ran at another time, and this machine's speed drifts); the file's own paired ratio is reported beside it.
 */
final class CaptumTimings {

  /** The file's figures for one method. */
  record Entry(double captumMedian, double pairedRatio, String captumSettings) {}

  private final Path file;
  private final Map<String, Entry> methods;

  private CaptumTimings(Path file, Map<String, Entry> methods) {
    this.file = file;
    this.methods = methods;
  }

  /** Reads a timing file; one line and exit 2 when it is unreadable or not one. */
  static CaptumTimings read(Path file) throws CommandFailure {
    String text;
    try {
      if (!Files.exists(file)) {
        throw CommandFailure.usage("--captum-timings: no such file: " + file);
      }
      if (!Files.isRegularFile(file)) {
        throw CommandFailure.usage("--captum-timings: " + file + " is not a regular file (a timing file of"
            + " tools/captum_pairs.py --out)");
      }
      if (Files.size(file) > 16L << 20) {
        throw CommandFailure.usage("--captum-timings: " + file + " is too large for a timing file");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CommandFailure.usage("--captum-timings: cannot read " + file + ": " + e.getMessage());
    }
    Map<String, Entry> methods = new LinkedHashMap<>();
    try {
      JsonObject all = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("methods");
      if (all == null) {
        throw new IllegalStateException("no \"methods\"");
      }
      for (Map.Entry<String, JsonElement> method : all.entrySet()) {
        JsonObject entry = method.getValue().getAsJsonObject();
        double median = entry.get("captum_median").getAsDouble();
        if (!(median > 0) || Double.isInfinite(median)) {
          throw new IllegalStateException(method.getKey() + ": captum_median " + median);
        }
        double paired = entry.has("paired_ratio") && !entry.get("paired_ratio").isJsonNull()
            ? entry.get("paired_ratio").getAsDouble() : Double.NaN;
        String settings = entry.has("captum_settings") ? entry.get("captum_settings").getAsString() : "";
        methods.put(method.getKey(), new Entry(median, paired, settings));
      }
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException
        | ClassCastException | NumberFormatException e) {
      throw CommandFailure.usage("--captum-timings: " + file + " is not a timing file of tools/captum_pairs.py ("
          + e.getMessage() + ")");
    }
    return new CaptumTimings(file, methods);
  }

  /** Adds Captum's median, the ratio to it and the file's paired ratio to each timing the file has. */
  void annotate(List<Map<String, Object>> timings) {
    for (Map<String, Object> timing : timings) {
      Entry entry = methods.get(String.valueOf(timing.get("method")));
      if (entry != null) {
        timing.put("captum_seconds", entry.captumMedian());
        timing.put("captum_settings", entry.captumSettings());
        timing.put("ratio_to_captum", (Double) timing.get("seconds") / entry.captumMedian());
        timing.put("captum_paired_ratio", entry.pairedRatio());
      }
    }
  }

  /** The comparison as a table, for the methods the file has. */
  void print(PrintWriter out, List<Map<String, Object>> timings) {
    out.println();
    out.println("Against Captum (" + file + "):");
    out.println();
    out.println("| method | seconds | Captum s | ratio | paired ratio in the file | Captum's settings |");
    out.println("|---|---:|---:|---:|---:|---|");
    for (Map<String, Object> t : timings) {
      if (t.containsKey("ratio_to_captum")) {
        out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %s |%n", t.get("method"), t.get("seconds"),
            t.get("captum_seconds"), t.get("ratio_to_captum"), t.get("captum_paired_ratio"), t.get("captum_settings"));
      }
    }
  }
}
