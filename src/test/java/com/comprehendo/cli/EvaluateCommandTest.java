package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.NpyArray;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code comprehendo evaluate} as a script calls it: one JSON line, a curve CSV with provenance, exit codes. */
class EvaluateCommandTest {

  @TempDir static Path dir;
  static Path model;
  static Path input;
  static Path attribution;

  @BeforeAll
  static void copyFixtures() throws IOException {
    model = copy("tinycnn.pt");
    input = copy("tinycnn_input.npy");
    attribution = copy("tinycnn_ig_gausslegendre_attr.npy");
    Files.writeString(dir.resolve("tinycnn.json"),
        "{\"classes\": [\"cat\", \"dog\"], \"input_size\": [64, 64], \"mean\": [0.5, 0.5, 0.5], \"std\": [0.25, 0.25, 0.25]}");
  }

  private static Path copy(String name) throws IOException {
    try (InputStream in = EvaluateCommandTest.class.getResourceAsStream("/captum-ref/" + name)) {
      Path target = dir.resolve(name);
      Files.copy(in, target);
      return target;
    }
  }

  private static JsonObject referenceCase(String name) throws IOException {
    try (InputStream in = EvaluateCommandTest.class.getResourceAsStream("/captum-ref/metrics/metrics.json")) {
      JsonObject index = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
      for (JsonElement entry : index.getAsJsonArray("deletion_insertion")) {
        if (entry.getAsJsonObject().get("name").getAsString().equals(name)) {
          return entry.getAsJsonObject();
        }
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static AttributeCommandTest.Run evaluate(String... args) {
    List<String> all = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--input", input.toString()));
    all.addAll(List.of(args));
    return AttributeCommandTest.run(all.toArray(String[]::new));
  }

  @Test
  void deletionPrintsTheReferenceCurveAndWritesItWithProvenance() throws IOException {
    JsonObject expected = referenceCase("tinycnn_ig_gausslegendre_deletion");
    Path csv = dir.resolve("deletion.csv");
    AttributeCommandTest.Run run = evaluate("--attr", attribution.toString(), "--metric", "deletion", "--target", "1",
        "--step", "81", "--baselines", "0", "--curve-out", csv.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonObject json = run.json();
    assertEquals(expected.get("auc").getAsDouble(), json.get("auc").getAsDouble(), 1e-5);
    assertFalse(json.get("higher_is_better").getAsBoolean());
    JsonArray curve = json.getAsJsonArray("curve");
    assertEquals(expected.getAsJsonArray("curve").size(), curve.size());
    for (int i = 0; i < curve.size(); i++) {
      assertEquals(expected.getAsJsonArray("curve").get(i).getAsDouble(), curve.get(i).getAsDouble(), 1e-5);
    }
    List<String> lines = Files.readAllLines(csv);
    assertEquals("point,fraction,pixels_moved,probability", lines.get(0));
    assertEquals(curve.size() + 1, lines.size());
    assertTrue(lines.get(lines.size() - 1).startsWith("51,1.0,4096,"), lines.get(lines.size() - 1));
    JsonObject sidecar = JsonParser.parseString(Files.readString(dir.resolve("deletion.csv.json"))).getAsJsonObject();
    assertEquals("deletion", sidecar.getAsJsonObject("settings").get("metric").getAsString());
    assertTrue(sidecar.getAsJsonObject("inputs").has("attr"));
    assertEquals(1, sidecar.get("target").getAsInt());
  }

  @Test
  void insertionStartsFromABlurByDefaultAndTakesAOneChannelMap() throws IOException {
    NpyArray full = NpyArray.read(attribution);
    float[] summed = new float[64 * 64];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < summed.length; p++) {
        summed[p] += full.data()[c * summed.length + p];
      }
    }
    Path oneChannel = dir.resolve("summed.npy");
    new NpyArray(new int[] {1, 1, 64, 64}, summed).write(oneChannel);
    AttributeCommandTest.Run run = evaluate("--attr", oneChannel.toString(), "--metric", "insertion", "--target", "1");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("blur:10", run.json().get("baselines").getAsString());
    assertEquals(41, run.json().get("step").getAsInt(), "about 100 iterations by default");
    assertEquals(101, run.json().getAsJsonArray("curve").size());
    assertTrue(run.json().get("higher_is_better").getAsBoolean());
    AttributeCommandTest.Run infidelity = evaluate("--attr", oneChannel.toString(), "--metric", "infidelity");
    assertEquals(2, infidelity.exitCode(), "infidelity needs the input's shape");
  }

  @Test
  void aLayersSmallerMapIsRankedAsShownOnTheImage() throws IOException {
    // An 8×8 map (Grad-CAM's size on a 64×64 input with an 8×8 layer), 8·column + row/8: a plane, so
    // bilinear upsampling (align_corners false) keeps it one: x of 64 maps to (x + 0.5) / 8 − 0.5, clamped
    // to [0, 7] at the borders, and the same for y. No two pixels tie except where both are clamped, and
    // those are exact copies. The same curve must come from that full-size map.
    float[] small = new float[8 * 8];
    for (int p = 0; p < small.length; p++) {
      small[p] = 8 * (p % 8) + (p / 8) / 8f;
    }
    float[] full = new float[64 * 64];
    for (int p = 0; p < full.length; p++) {
      double x = Math.max(0, Math.min(7, ((p % 64) + 0.5) / 8 - 0.5));
      double y = Math.max(0, Math.min(7, ((p / 64) + 0.5) / 8 - 0.5));
      full[p] = (float) (8 * x + y / 8);
    }
    Path layer = dir.resolve("layer-map.npy");
    Path shown = dir.resolve("shown-map.npy");
    new NpyArray(new int[] {1, 1, 8, 8}, small).write(layer);
    new NpyArray(new int[] {1, 1, 64, 64}, full).write(shown);
    AttributeCommandTest.Run fromLayer = evaluate("--attr", layer.toString(), "--metric", "deletion", "--target", "0");
    AttributeCommandTest.Run fromShown = evaluate("--attr", shown.toString(), "--metric", "deletion", "--target", "0");
    assertEquals(0, fromLayer.exitCode(), fromLayer.err());
    // Same pixel order, so the same images: equal up to the batch layout's float rounding (the batch size
    // is the fastest one measured, which may differ between the two runs).
    assertEquals(fromShown.json().get("auc").getAsDouble(), fromLayer.json().get("auc").getAsDouble(), 1e-6);
    var expectedCurve = fromShown.json().getAsJsonArray("curve");
    var curve = fromLayer.json().getAsJsonArray("curve");
    assertEquals(expectedCurve.size(), curve.size());
    for (int i = 0; i < curve.size(); i++) {
      assertEquals(expectedCurve.get(i).getAsDouble(), curve.get(i).getAsDouble(), 1e-6, "point " + i);
    }
    // Not for infidelity or sensitivity, which compare the map element by element with the input.
    assertEquals(2, evaluate("--attr", layer.toString(), "--metric", "infidelity").exitCode());
    new NpyArray(new int[] {1, 1, 128, 128}, new float[128 * 128]).write(dir.resolve("too-big.npy"));
    assertEquals(2, evaluate("--attr", dir.resolve("too-big.npy").toString(), "--metric", "deletion").exitCode(),
        "a map larger than the input is not a layer's");
  }

  @Test
  void theTargetDefaultsToTheOneTheAttributionWasMadeFor() {
    Path made = dir.resolve("saliency-for-1.npy");
    AttributeCommandTest.Run attribute = AttributeCommandTest.run("attribute", "--model", model.toString(), "--input",
        input.toString(), "--method", "saliency", "--target", "1", "--out", made.toString());
    assertEquals(0, attribute.exitCode(), attribute.err());
    assertEquals(0, attribute.json().get("predicted").getAsInt(), "the model predicts the other class");
    AttributeCommandTest.Run run = evaluate("--attr", made.toString(), "--metric", "deletion");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(1, run.json().get("target").getAsInt());
  }

  @Test
  void infidelityIsSeeded() {
    AttributeCommandTest.Run first = evaluate("--attr", attribution.toString(), "--metric", "infidelity", "--seed", "4");
    AttributeCommandTest.Run again = evaluate("--attr", attribution.toString(), "--metric", "infidelity", "--seed", "4");
    AttributeCommandTest.Run other = evaluate("--attr", attribution.toString(), "--metric", "infidelity", "--seed", "5",
        "--normalize", "--n-perturb-samples", "3", "--stdevs", "0.05");
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(first.json().get("value").getAsDouble(), again.json().get("value").getAsDouble());
    assertEquals(0, other.exitCode(), other.err());
    assertNotEquals(first.json().get("value").getAsDouble(), other.json().get("value").getAsDouble());
    assertEquals(3, other.json().get("n_perturb_samples").getAsInt());
    assertTrue(other.json().get("normalize").getAsBoolean());
  }

  @Test
  void sensitivityAndSanityRunTheMethodWithItsOptions() {
    AttributeCommandTest.Run sensitivity = evaluate("--metric", "sensitivity", "--method", "saliency", "--abs", "false",
        "--n-perturb-samples", "3", "--target", "1");
    assertEquals(0, sensitivity.exitCode(), sensitivity.err());
    assertTrue(sensitivity.json().get("value").getAsDouble() > 0);
    assertFalse(sensitivity.json().getAsJsonObject("parameters").get("abs").getAsBoolean());
    AttributeCommandTest.Run sanity = evaluate("--metric", "sanity", "--method", "saliency", "--cascade-depth", "2");
    assertEquals(0, sanity.exitCode(), sanity.err());
    JsonArray cascade = sanity.json().getAsJsonArray("cascade");
    assertEquals(2, cascade.size());
    assertEquals("classifier", cascade.get(0).getAsJsonObject().get("randomized").getAsString());
    assertEquals(cascade.get(1).getAsJsonObject().get("spearman").getAsDouble(), sanity.json().get("value").getAsDouble());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "--metric deletion --step 0 | --step: must be at least 1",
      "--metric deletion --step 2147483648 | --step: 2147483648 is too large (at most 2147483647)",
      "--metric deletion --step 1e3 | --step: '1e3' is not a whole number",
      "--metric deletion --target -2147483649 | --target: -2147483649 is too small (at least -2147483648)",
      "--metric deletion --baselines NaN | --baselines: 'NaN' must be a finite number",
      "--metric deletion --target -1 | --target: -1 is outside 0..1",
      "--metric deletion --n-steps 4 | --n-steps is a method option",
      "--metric deletion --method ig | --method is not used by --metric deletion",
      "--metric deletion --seed 1 | --seed is not used by --metric deletion",
      "--metric infidelity --n-perturb-samples 0 | --n-perturb-samples: must be 1..100000",
      "--metric infidelity --stdevs NaN | --stdevs: must be a positive finite number",
      "--metric infidelity --curve-out x.csv | --curve-out is not used by --metric infidelity",
      "--metric sensitivity --method saliency --perturb-radius -1 | --perturb-radius: must be a positive finite number",
      "--metric sensitivity --method saliency --n-steps 4 | --n-steps",
      "--metric sanity | --method is required by --metric sanity",
      "--metric sanity --method saliency --cascade-depth -1 | --cascade-depth: must be at least 1",
      "--metric accuracy | --metric: 'accuracy' is not one of",
  })
  void wrongArgumentsGetOneLineAndExitTwo(String arguments, String message) {
    List<String> args = new ArrayList<>(List.of("--attr", attribution.toString()));
    args.addAll(List.of(arguments.trim().split(" ")));
    AttributeCommandTest.Run run = evaluate(args.toArray(String[]::new));
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains(message.trim()), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void aBaselineFileIsRecordedByItsHashAndNeverOverwritten() throws IOException {
    Path baseline = dir.resolve("gray.npy");
    float[] gray = new float[3 * 64 * 64];
    java.util.Arrays.fill(gray, 0.25f);
    new NpyArray(new int[] {3, 64, 64}, gray).write(baseline);
    Path csv = dir.resolve("from-file.csv");
    AttributeCommandTest.Run run = evaluate("--attr", attribution.toString(), "--metric", "deletion", "--baselines",
        baseline.toString(), "--curve-out", csv.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(baseline.toString(), run.json().get("baselines").getAsString());
    JsonObject sidecar = JsonParser.parseString(Files.readString(dir.resolve("from-file.csv.json"))).getAsJsonObject();
    assertEquals(64, sidecar.getAsJsonObject("inputs").getAsJsonObject("baselines").get("sha256").getAsString().length());
    AttributeCommandTest.Run overwrite = evaluate("--attr", attribution.toString(), "--metric", "deletion",
        "--baselines", baseline.toString(), "--curve-out", baseline.toString());
    assertEquals(2, overwrite.exitCode(), overwrite.err());
    assertTrue(overwrite.err().contains("same file as --baselines"), overwrite.err());
  }

  @Test
  void aValueThatIsNotFiniteIsAFailureNotANull() {
    AttributeCommandTest.Run run = evaluate("--attr", attribution.toString(), "--metric", "infidelity", "--stdevs", "1e37");
    assertEquals(1, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("not finite"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void aRecordedTargetOutsideTheModelIsNamedAsSuch() throws IOException {
    Path attr = dir.resolve("recorded-7.npy");
    Files.copy(attribution, attr);
    Files.writeString(dir.resolve("recorded-7.npy.json"), "{\"comprehendo_version\": \"x\", \"target\": 7}");
    AttributeCommandTest.Run run = evaluate("--attr", attr.toString(), "--metric", "deletion");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("the target its provenance records, 7, is outside 0..1"), run.err());
    assertEquals(0, evaluate("--attr", attr.toString(), "--metric", "deletion", "--target", "0").exitCode());
  }

  @Test
  void anUnreadableAttributionIsAFailure() {
    AttributeCommandTest.Run run = evaluate("--attr", model.toString(), "--metric", "deletion");
    assertEquals(1, run.exitCode(), run.err());
    assertEquals(1, run.err().strip().lines().filter(line -> !line.contains("note:")).count(), run.err());
  }
}
