package com.comprehendo.analysis.metrics;

import com.comprehendo.data.NpyArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Captum's metric reference cases (copied from the shared set into test resources). */
final class MetricsReference {

  private static final String ROOT = "/captum-ref/";

  private MetricsReference() {}

  static JsonObject index() {
    try (InputStream in = MetricsReference.class.getResourceAsStream(ROOT + "metrics/metrics.json")) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A .npy of the main set ({@code tinycnn_input.npy}) or of the metrics set ({@code metrics/…}). */
  static NpyArray array(String file) {
    try (InputStream in = MetricsReference.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalArgumentException("missing resource " + file);
      }
      return NpyArray.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path file(String name) {
    try {
      return Path.of(MetricsReference.class.getResource(ROOT + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
