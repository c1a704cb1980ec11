package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.data.NpyArray;
import com.comprehendo.model.TorchScriptClassifier;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every non-IG case of Captum's reference set: same numbers within relative L2 1e-5. */
class CaptumReferenceCasesTest {

  private static TorchScriptClassifier model;

  @BeforeAll
  static void loadModel() throws Exception {
    model = TorchScriptClassifier.load(CaptumReference.modelFile(), Device.cpu());
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  static Stream<String> cases() {
    return Stream.of("occlusion", "saliency", "input_x_gradient", "noise_tunnel", "gradient_shap")
        .flatMap(method -> CaptumReference.cases(method).stream())
        .map(c -> c.get("name").getAsString());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesCaptum(String name) {
    JsonObject entry = CaptumReference.namedCase(name);
    JsonObject params = entry.getAsJsonObject("params");
    ReplayedDraws[] replay = new ReplayedDraws[1];
    AttributionMethod method = methodFor(entry, params, replay);
    NpyArray input = CaptumReference.array(entry.get("input").getAsString());
    NpyArray expected = CaptumReference.array(entry.get("attribution").getAsString());
    int target = params.get("target").getAsInt();
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(input.data(), new Shape(input.longShape()));
      Attribution result = method.attribute(model, inputs, new int[] {target}, AttributionContext.defaults());
      assertArrayEquals(expected.longShape(), result.values().getShape().getShape());
      double error = CaptumReference.relativeL2(result.values().toFloatArray(), expected.data());
      assertTrue(error <= tolerance(name), name + ": relative L2 error " + error);
      if (replay[0] != null) {
        assertTrue(replay[0].usedEverything(), name + ": the recorded draws were not all used");
      }
    }
  }

  /**
   * 1e-5 everywhere but one case: Occlusion with a 1×5×5 window on this model, whose logits are ~0.01,
   * so each Δ is a difference of nearly equal float32 numbers. Captum's own float32 result there is
   * 2.6e-5 from the float64 truth (computed with torch 1.13 in float64), and ours moves by 4e-5 between
   * batch sizes 1 and 8 alone: the reference's rounding noise, not a semantic difference (the same
   * method matches to 1e-5 on the 3×15×15 case and exactly on analytic models).
   */
  private static double tolerance(String name) {
    return name.equals("tinycnn_occlusion_1") ? 5e-5 : 1e-5;
  }

  private static AttributionMethod methodFor(JsonObject entry, JsonObject params, ReplayedDraws[] replay) {
    switch (entry.get("method").getAsString()) {
      case "occlusion":
        return Occlusion.builder(ints(params.getAsJsonArray("sliding_window_shapes")))
            .optStrides(ints(params.getAsJsonArray("strides")))
            .optBaseline(Baseline.constant(params.get("baselines").getAsFloat()))
            .optPerturbationsPerEval(params.get("perturbations_per_eval").getAsInt())
            .build();
      case "saliency":
        return new Saliency(params.get("abs").getAsBoolean());
      case "input_x_gradient":
        return new InputXGradient();
      case "noise_tunnel":
        replay[0] = new ReplayedDraws(CaptumReference.array(entry.get("noise").getAsString()).data(), new int[0], new float[0]);
        return NoiseTunnel.builder(inner(params))
            .optType(NoiseTunnelType.parse(params.get("nt_type").getAsString()))
            .optSamples(params.get("nt_samples").getAsInt())
            .optStdevs(params.get("stdevs").getAsFloat())
            .optRandomDraws(replay[0])
            .build();
      case "gradient_shap":
        JsonArray alphas = entry.getAsJsonArray("alpha");
        float[] alpha = new float[alphas.size()];
        for (int i = 0; i < alpha.length; i++) {
          alpha[i] = alphas.get(i).getAsFloat();
        }
        replay[0] = new ReplayedDraws(null, ints(entry.getAsJsonArray("baseline_index")), alpha);
        return GradientShap.builder(CaptumReference.array(entry.get("baselines").getAsString()))
            .optSamples(params.get("n_samples").getAsInt())
            .optStdevs(params.get("stdevs").getAsFloat())
            .optRandomDraws(replay[0])
            .build();
      default:
        throw new IllegalArgumentException(entry.toString());
    }
  }

  private static AttributionMethod inner(JsonObject params) {
    switch (params.get("inner").getAsString()) {
      case "saliency":
        return new Saliency(params.get("abs").getAsBoolean());
      case "ig":
        return IntegratedGradients.builder()
            .optSteps(params.get("n_steps").getAsInt())
            .optRule(IntegrationRule.parse(params.get("method").getAsString()))
            .optBaseline(Baseline.constant(params.get("baselines").getAsFloat()))
            .build();
      case "input_x_gradient":
        return new InputXGradient();
      default:
        throw new IllegalArgumentException(params.toString());
    }
  }

  static int[] ints(JsonArray array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).getAsInt();
    }
    return values;
  }
}
