package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.data.NpyArray;
import com.comprehendo.model.TorchScriptClassifier;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CaptumIntegratedGradientsTest {

  private static TorchScriptClassifier model;

  @BeforeAll
  static void loadModel() throws Exception {
    model = TorchScriptClassifier.load(CaptumReference.modelFile(), Device.cpu());
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  static Stream<String> igCases() {
    List<JsonObject> cases = CaptumReference.cases("ig");
    return cases.stream().map(c -> c.get("name").getAsString());
  }

  @ParameterizedTest
  @MethodSource("igCases")
  void matchesCaptum(String name) {
    JsonObject entry = CaptumReference.namedCase(name);
    JsonObject params = entry.getAsJsonObject("params");
    IntegratedGradients.Builder builder =
        IntegratedGradients.builder()
            .optSteps(params.get("n_steps").getAsInt())
            .optRule(IntegrationRule.parse(params.get("method").getAsString()))
            .optBaseline(Baseline.constant(params.get("baselines").getAsFloat()));
    if (params.has("internal_batch_size")) {
      builder.optInternalBatchSize(params.get("internal_batch_size").getAsInt());
    }
    if (params.has("multiply_by_inputs")) {
      builder.optMultiplyByInputs(params.get("multiply_by_inputs").getAsBoolean());
    }
    NpyArray input = CaptumReference.array(entry.get("input").getAsString());
    NpyArray expected = CaptumReference.array(entry.get("attribution").getAsString());
    int target = params.get("target").getAsInt();
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(input.data(), new Shape(input.longShape()));
      Attribution result = builder.build().attribute(model, inputs, new int[] {target}, AttributionContext.defaults());
      float[] actual = result.values().toFloatArray();
      assertArrayEquals(expected.longShape(), result.values().getShape().getShape());
      double error = CaptumReference.relativeL2(actual, expected.data());
      assertTrue(error <= 1e-5, name + ": relative L2 error " + error);
      if (entry.has("convergence_delta")) {
        float delta = result.convergenceDelta().orElseThrow().getFloat(0);
        assertEquals(entry.get("convergence_delta").getAsDouble(), delta, 2e-5, name + " convergence delta");
      }
    }
  }
}
