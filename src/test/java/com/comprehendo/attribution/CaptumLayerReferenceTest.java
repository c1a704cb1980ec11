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
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of Captum 0.8's layer reference set ({@code captum-ref/layer}: a TorchScript model with
 * {@code forward}, {@code features} and {@code head}): Grad-CAM (signed, ReLU, upsampled nearest and
 * bilinear), Layer Integrated Gradients, Layer Conductance and Layer Gradient × Activation, within
 * relative L2 1e-5, convergence deltas included.
 */
class CaptumLayerReferenceTest {

  private static final String ROOT = "/captum-ref/layer/";

  @TempDir static Path dir;
  private static TorchScriptClassifier model;

  @BeforeAll
  static void loadModel() throws Exception {
    Path file = dir.resolve("tinysplit.pt");
    try (InputStream in = CaptumLayerReferenceTest.class.getResourceAsStream(ROOT + "tinysplit.pt")) {
      Files.copy(in, file);
    }
    JsonObject shape = index().getAsJsonObject("models").getAsJsonObject("tinysplit");
    int side = shape.getAsJsonArray("input_shape").get(2).getAsInt();
    Files.writeString(dir.resolve("tinysplit.json"), "{\"input_size\": [" + side + ", " + side + "]}");
    model = TorchScriptClassifier.load(file, Device.cpu());
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  static JsonObject index() {
    return CaptumReference.index(ROOT);
  }

  static Stream<String> cases() {
    return CaptumReference.caseNames(ROOT).stream();
  }

  private static NpyArray array(String file) {
    return CaptumReference.array(ROOT, file);
  }

  private static JsonObject namedCase(String name) {
    return CaptumReference.namedCase(ROOT, name);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesCaptum(String name) {
    JsonObject entry = namedCase(name);
    JsonObject params = entry.getAsJsonObject("params");
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> parameter : params.entrySet()) {
      if (!parameter.getKey().equals("target")) {
        values.put(parameter.getKey(), parameter.getValue().getAsString());
      }
    }
    String id = entry.get("method").getAsString().replace('_', '-');
    AttributionMethod method = MethodRegistry.builtIn().create(id, values, ModelFacts.UNKNOWN);
    NpyArray input = array(entry.get("input").getAsString());
    NpyArray expected = array(entry.get("attribution").getAsString());
    int target = params.get("target").getAsInt();
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(input.data(), new Shape(input.longShape()));
      Attribution result = method.attribute(model, inputs, new int[] {target}, AttributionContext.defaults());
      assertArrayEquals(expected.longShape(), result.values().getShape().getShape(), name);
      double error = CaptumReference.relativeL2(result.values().toFloatArray(), expected.data());
      assertTrue(error <= 1e-5, name + ": relative L2 error " + error);
      if (entry.has("convergence_delta")) {
        float delta = result.convergenceDelta().orElseThrow().toFloatArray()[0];
        float reference = entry.get("convergence_delta").getAsFloat();
        // The delta is a difference of sums of order |F(x) − F(b)|: float32 rounding of those sums.
        float scale = Math.abs(result.values().sum().getFloat()) + 1f;
        assertEquals(reference, delta, 1e-5 * scale, name + ": convergence delta");
      }
    }
  }
}
