package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grad-CAM++, HiResCAM, LayerCAM and Score-CAM against pytorch-grad-cam's maps ({@code cam-ref}, made by
 * tools/make_cam_reference.py and checked there against the library's own code): a split model whose
 * layer (16×7×6, signed activations) is smaller than its 13×11 input, one image and a pair with different
 * targets, ReLU and signed, within relative L2 1e-5. The maps are compared at the layer's resolution,
 * before pytorch-grad-cam's display steps (min-max scaling and OpenCV resizing).
 */
class GradCamLibraryReferenceTest {

  private static final String ROOT = "/cam-ref/";

  @TempDir static Path dir;
  private static TorchScriptClassifier model;

  @BeforeAll
  static void loadModel() throws Exception {
    for (String name : List.of("camsplit.pt", "camsplit.json")) {
      try (InputStream in = GradCamLibraryReferenceTest.class.getResourceAsStream(ROOT + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    model = TorchScriptClassifier.load(dir.resolve("camsplit.pt"), Device.cpu());
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  static Stream<String> cases() {
    return CaptumReference.caseNames(ROOT).stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesPytorchGradCam(String name) {
    JsonObject entry = CaptumReference.namedCase(ROOT, name);
    String relu = entry.getAsJsonObject("params").get("relu_attributions").getAsString();
    AttributionMethod method = MethodRegistry.builtIn().create(entry.get("method").getAsString(),
        Map.of("relu_attributions", relu), ModelFacts.UNKNOWN);
    int[] targets = entry.getAsJsonArray("targets").asList().stream().mapToInt(JsonElement::getAsInt).toArray();
    NpyArray input = CaptumReference.array(ROOT, entry.get("input").getAsString());
    NpyArray expected = CaptumReference.array(ROOT, entry.get("attribution").getAsString());
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(input.data(), new Shape(input.longShape()));
      Attribution result = method.attribute(model, inputs, targets, AttributionContext.defaults());
      assertArrayEquals(expected.longShape(), result.values().getShape().getShape(), name);
      double error = CaptumReference.relativeL2(result.values().toFloatArray(), expected.data());
      assertTrue(error <= 1e-5, name + ": relative L2 error " + error);
    }
  }
}
