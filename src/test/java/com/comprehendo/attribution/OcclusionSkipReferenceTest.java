package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.data.NpyArray;
import com.comprehendo.model.TorchScriptClassifier;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Occlusion where parts of the input equal the baseline: Comprehendo skips or shares those windows'
 * passes, Captum runs them all (made by tools/make_occlusion_skip_reference.py), and fewer passes than
 * windows. Compared with Captum's float64 result within relative L2 1e-5 (or at least as close as
 * Captum's own float32 result is), and with its float32 result within 1e-5 plus that result's own
 * distance from float64: where one-channel windows move this model's logits little, each Δ is a
 * difference of nearly equal numbers, and Captum's float32 windows whose exact Δ is 0 come out as the
 * rounding of their batch (2e-5 relative in the 1×8×8 case), where ours are exactly 0.
 */
class OcclusionSkipReferenceTest {

  private static final String ROOT = "occlusion-skip/";

  private static TorchScriptClassifier model;

  @BeforeAll
  static void loadModel() throws Exception {
    model = TorchScriptClassifier.load(CaptumReference.modelFile(), Device.cpu());
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  static List<String> cases() {
    List<String> names = new ArrayList<>();
    for (JsonElement entry : index().getAsJsonArray("cases")) {
      names.add(entry.getAsJsonObject().get("name").getAsString());
    }
    return names;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesCaptumWithFewerPasses(String name) {
    JsonObject entry = null;
    for (JsonElement element : index().getAsJsonArray("cases")) {
      if (element.getAsJsonObject().get("name").getAsString().equals(name)) {
        entry = element.getAsJsonObject();
      }
    }
    NpyArray input = CaptumReference.array(ROOT + entry.get("input").getAsString());
    NpyArray expected = CaptumReference.array(ROOT + entry.get("attribution").getAsString());
    NpyArray exact = CaptumReference.array(ROOT + entry.get("attribution_float64").getAsString());
    JsonObject baselines = entry.getAsJsonObject("baselines");
    Baseline baseline = baselines.has("per_channel")
        ? new Baseline.PerChannel("black", floats(baselines.getAsJsonArray("per_channel")))
        : Baseline.constant(baselines.get("constant").getAsFloat());
    Occlusion occlusion = Occlusion.builder(ints(entry.getAsJsonArray("sliding_window_shapes")))
        .optStrides(ints(entry.getAsJsonArray("strides")))
        .optBaseline(baseline)
        .optPerturbationsPerEval(entry.get("perturbations_per_eval").getAsInt())
        .build();
    int[] targets = ints(entry.getAsJsonArray("target"));
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(input.data(), new Shape(input.longShape()));
      Attribution result = occlusion.attribute(model, inputs, targets, AttributionContext.defaults());
      float[] values = result.values().toFloatArray();
      double error = CaptumReference.relativeL2(values, expected.data());
      double captumError = entry.get("captum_float32_relative_l2").getAsDouble();
      assertTrue(error <= 1e-5 + captumError, name + ": relative L2 error " + error + " from Captum");
      double exactError = CaptumReference.relativeL2(values, exact.data());
      assertTrue(exactError <= Math.max(1e-5, captumError),
          name + ": relative L2 error " + exactError + " from Captum in float64, Captum's float32 " + captumError);
      long windows = occlusion.cost(targets.length, new Shape(input.longShape()).slice(1).getShape()).forward();
      assertTrue(result.passes().forward() < windows, name + ": " + result.passes().forward() + " passes of " + windows);
      assertEquals(0, result.passes().gradient());
    }
  }

  private static JsonObject index() {
    try (InputStream in = CaptumReference.class.getResourceAsStream(CaptumReference.ROOT + ROOT + "cases.json")) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int[] ints(JsonArray array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).getAsInt();
    }
    return values;
  }

  private static float[] floats(JsonArray array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).getAsFloat();
    }
    return values;
  }
}
