package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.ModelLoadException;
import com.comprehendo.model.TorchScriptClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer methods against closed forms, on the split models of {@code src/test/resources/layer-models}
 * (made by its {@code make_layer_models.py}), and the splits that must be refused on load.
 *
 * <p>{@code linear-head.pt}: features(x) = x (3×8×8), head(f) = W · mean_hw(f) with W = [[1, 2, 3],
 * [−1, 0.5, 2]]. So ∂F_t/∂f_{c,h,w} = W_{t,c} / 64 everywhere, Grad-CAM is Σ_c (W_{t,c} / 64) · x_{c,h,w},
 * and the head is linear, so Layer IG's attributions sum exactly to F(x) − F(b).
 */
class LayerMethodsTest {

  private static final float[][] W = {{1f, 2f, 3f}, {-1f, 0.5f, 2f}};

  @TempDir Path dir;

  private Path model(String stem) throws IOException {
    for (String name : List.of(stem + ".pt", stem + ".json")) {
      try (InputStream in = LayerMethodsTest.class.getResourceAsStream("/layer-models/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    return dir.resolve(stem + ".pt");
  }

  private static float[] randomInput(long seed) {
    Random random = new Random(seed);
    float[] values = new float[3 * 8 * 8];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static AttributionMethod method(String id, Map<String, String> values) {
    return MethodRegistry.builtIn().create(id, values, ModelFacts.UNKNOWN);
  }

  @Test
  void gradCamWithALinearHeadIsTheClosedForm() throws Exception {
    float[] x = randomInput(7);
    try (TorchScriptClassifier model = TorchScriptClassifier.load(model("linear-head"), Device.cpu());
        NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(x, new Shape(1, 3, 8, 8));
      for (int target = 0; target < 2; target++) {
        float[] cam = method("grad-cam", Map.of()).attribute(model, inputs, new int[] {target},
            AttributionContext.defaults()).values().toFloatArray();
        float[] relu = method("grad-cam", Map.of("relu_attributions", "true")).attribute(model, inputs,
            new int[] {target}, AttributionContext.defaults()).values().toFloatArray();
        assertEquals(64, cam.length, "one map of the layer's 8×8 cells");
        for (int cell = 0; cell < 64; cell++) {
          double expected = 0;
          for (int c = 0; c < 3; c++) {
            expected += W[target][c] / 64.0 * x[c * 64 + cell];
          }
          assertEquals(expected, cam[cell], 1e-6, "cell " + cell + ", target " + target);
          assertEquals(Math.max(0, expected), relu[cell], 1e-6, "ReLU, cell " + cell);
        }
      }
    }
  }

  @Test
  void layerIntegratedGradientsIsCompleteAndLayerGxAIsActivationTimesGradient() throws Exception {
    float[] x = randomInput(11);
    try (TorchScriptClassifier model = TorchScriptClassifier.load(model("linear-head"), Device.cpu());
        NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(x, new Shape(1, 3, 8, 8));
      Attribution ig = method("layer-ig", Map.of("n_steps", "7", "baselines", "0.5")).attribute(model, inputs,
          new int[] {1}, AttributionContext.defaults());
      float[] values = ig.values().toFloatArray();
      double sum = 0;
      double expectedDifference = 0; // F_1(x) − F_1(0.5): W_1 · mean(x − 0.5)
      for (int c = 0; c < 3; c++) {
        for (int cell = 0; cell < 64; cell++) {
          sum += values[c * 64 + cell];
          expectedDifference += W[1][c] / 64.0 * (x[c * 64 + cell] - 0.5);
        }
      }
      assertEquals(expectedDifference, sum, 1e-5, "Σ attributions = F(x) − F(b)");
      assertEquals(0, ig.convergenceDelta().orElseThrow().toFloatArray()[0], 1e-5);

      float[] gxa = method("layer-gradient-x-activation", Map.of()).attribute(model, inputs, new int[] {0},
          AttributionContext.defaults()).values().toFloatArray();
      for (int c = 0; c < 3; c++) {
        for (int cell = 0; cell < 64; cell++) {
          assertEquals(W[0][c] / 64.0 * x[c * 64 + cell], gxa[c * 64 + cell], 1e-6);
        }
      }
    }
  }

  @Test
  void gradCamUpsamplesToTheInputWhenAsked() throws Exception {
    try (TorchScriptClassifier model = TorchScriptClassifier.load(model("two-layers"), Device.cpu());
        NDManager manager = model.manager().newSubManager()) {
      assertEquals(List.of("conv2", "conv1"), model.layerNames(), "the sidecar names the layers, features first");
      NDArray inputs = manager.create(randomInput(3), new Shape(1, 3, 8, 8));
      NDArray map = method("grad-cam", Map.of("layer", "conv1", "interpolate_mode", "bilinear"))
          .attribute(model, inputs, new int[] {0}, AttributionContext.defaults()).values();
      assertArrayEquals(new long[] {1, 1, 8, 8}, map.getShape().getShape());
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> method("grad-cam",
          Map.of("layer", "conv9")).attribute(model, inputs, new int[] {0}, AttributionContext.defaults()));
      assertTrue(unknown.getMessage().contains("'conv9' is not a layer of this model (its layers: conv2, conv1)"),
          unknown.getMessage());
    }
  }

  @Test
  void aLayerMethodOnAModelWithoutASplitSaysHowToExportOne() throws Exception {
    try (TorchScriptClassifier model = TorchScriptClassifier.load(CaptumReference.modelFile(), Device.cpu());
        NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.zeros(new Shape(1, 3, 64, 64));
      IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> method("grad-cam", Map.of())
          .attribute(model, inputs, new int[] {0}, AttributionContext.defaults()));
      assertTrue(failure.getMessage().contains("no split into features and head"), failure.getMessage());
      assertTrue(failure.getMessage().contains("tools/export_for_comprehendo.py"), failure.getMessage());
    }
  }

  @Test
  void brokenSplitsAreRefusedOnLoadWithTheReason() throws IOException {
    String tuple = refusal("split-tuple-features");
    assertTrue(tuple.contains("features returns a tuple of 2 values"), tuple);
    String flat = refusal("split-flat-features");
    assertTrue(flat.contains("features returns a tensor of shape (1, 3)") && flat.contains("N×C×h×w"), flat);
    String wrong = refusal("split-wrong-head");
    assertTrue(wrong.contains("split disagrees with its forward"), wrong);
  }

  private String refusal(String stem) throws IOException {
    Path file = model(stem);
    String message = assertThrows(ModelLoadException.class, () -> TorchScriptClassifier.load(file, Device.cpu()))
        .getMessage();
    assertEquals(1, message.lines().count(), message);
    return message;
  }
}
