package com.comprehendo.attribution;

import com.comprehendo.data.NpyArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Captum 0.8's outputs on the tiny CNN, copied from the shared reference set into test resources; the
 * other reference sets (captum-ref/layer, cam-ref) are read with the same helpers given their folder.
 */
final class CaptumReference {

  static final String ROOT = "/captum-ref/";

  private CaptumReference() {}

  static JsonObject index() {
    return index(ROOT);
  }

  /** The {@code cases.json} of the reference set under resource folder {@code root} (e.g. "/cam-ref/"). */
  static JsonObject index(String root) {
    try (InputStream in = CaptumReference.class.getResourceAsStream(root + "cases.json")) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonObject> cases(String method) {
    List<JsonObject> selected = new ArrayList<>();
    for (JsonElement element : index().getAsJsonArray("cases")) {
      JsonObject entry = element.getAsJsonObject();
      if (entry.get("method").getAsString().equals(method)) {
        selected.add(entry);
      }
    }
    return selected;
  }

  /** The names of every case of the set under {@code root}, for parameterized tests. */
  static List<String> caseNames(String root) {
    List<String> names = new ArrayList<>();
    for (JsonElement element : index(root).getAsJsonArray("cases")) {
      names.add(element.getAsJsonObject().get("name").getAsString());
    }
    return names;
  }

  static JsonObject namedCase(String name) {
    return namedCase(ROOT, name);
  }

  static JsonObject namedCase(String root, String name) {
    for (JsonElement element : index(root).getAsJsonArray("cases")) {
      if (element.getAsJsonObject().get("name").getAsString().equals(name)) {
        return element.getAsJsonObject();
      }
    }
    throw new IllegalArgumentException("no case " + name);
  }

  static NpyArray array(String file) {
    return array(ROOT, file);
  }

  static NpyArray array(String root, String file) {
    try (InputStream in = CaptumReference.class.getResourceAsStream(root + file)) {
      if (in == null) {
        throw new IllegalArgumentException("missing resource " + file);
      }
      return NpyArray.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path modelFile() {
    try {
      return Path.of(CaptumReference.class.getResource(ROOT + "tinycnn.pt").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** ‖a − b‖₂ / ‖b‖₂. */
  static double relativeL2(float[] actual, float[] expected) {
    return com.comprehendo.FloatArrays.relativeL2(actual, expected);
  }
}
