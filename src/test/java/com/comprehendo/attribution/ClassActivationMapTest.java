package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.LayerMaps;
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
 * Grad-CAM++, HiResCAM, LayerCAM and Score-CAM (pytorch-grad-cam's definitions) against values worked
 * out by hand in double precision, on {@code layer-models/linear-head.pt}: features(x) = x (3×8×8),
 * head(f) = W · mean_hw(f). Its gradient is the constant g_tc = W_tc / 64 in every cell of channel c, so
 * each map has a closed form; Score-CAM's masks are the input's own channels rescaled to [0, 1] (the
 * layer is at the input's resolution), each scored by the linear head.
 */
class ClassActivationMapTest {

  private static final double[][] W = {{1, 2, 3}, {-1, 0.5, 2}};
  private static final int CELLS = 64;

  @TempDir Path dir;

  private Path linearHead() throws IOException {
    for (String name : List.of("linear-head.pt", "linear-head.json")) {
      try (InputStream in = ClassActivationMapTest.class.getResourceAsStream("/layer-models/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    return dir.resolve("linear-head.pt");
  }

  private static float[] randomInput(long seed) {
    Random random = new Random(seed);
    float[] values = new float[3 * CELLS];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static float[] cam(TorchScriptClassifier model, NDArray inputs, String id, int target, boolean relu) {
    AttributionMethod method = MethodRegistry.builtIn().create(id, Map.of("relu_attributions", String.valueOf(relu)),
        ModelFacts.UNKNOWN);
    return method.attribute(model, inputs, new int[] {target}, AttributionContext.defaults()).values().toFloatArray();
  }

  /** Σ_c weight_c · x_c per cell. */
  private static double[] weightedSum(double[] weights, float[] x) {
    double[] map = new double[CELLS];
    for (int cell = 0; cell < CELLS; cell++) {
      for (int c = 0; c < 3; c++) {
        map[cell] += weights[c] * x[c * CELLS + cell];
      }
    }
    return map;
  }

  private static void assertMap(double[] expected, float[] actual, String what) {
    assertEquals(CELLS, actual.length, what + ": one map of the layer's 8×8 cells");
    double scale = 0;
    for (double value : expected) {
      scale = Math.max(scale, Math.abs(value));
    }
    for (int cell = 0; cell < CELLS; cell++) {
      assertEquals(expected[cell], actual[cell], 1e-5 * Math.max(1, scale), what + ", cell " + cell);
    }
  }

  private static double[] relu(double[] map) {
    double[] result = map.clone();
    for (int i = 0; i < result.length; i++) {
      result[i] = Math.max(0, result[i]);
    }
    return result;
  }

  @Test
  void gradientWeightedMapsAreTheirClosedForms() throws Exception {
    float[] x = randomInput(5);
    try (TorchScriptClassifier model = TorchScriptClassifier.load(linearHead(), Device.cpu());
        NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(x, new Shape(1, 3, 8, 8));
      for (int target = 0; target < 2; target++) {
        double[] hiRes = new double[3];
        double[] layerCam = new double[3];
        double[] plusPlus = new double[3];
        for (int c = 0; c < 3; c++) {
          double g = W[target][c] / CELLS;
          double activationSum = 0;
          for (int cell = 0; cell < CELLS; cell++) {
            activationSum += x[c * CELLS + cell];
          }
          hiRes[c] = g;
          layerCam[c] = Math.max(0, g);
          // α = g² / (2g² + Σ A · g³ + 1e-6) in each of the 64 cells; weight = Σ_cells ReLU(g) · α.
          double alpha = g * g / (2 * g * g + activationSum * g * g * g + 1e-6);
          plusPlus[c] = CELLS * Math.max(0, g) * alpha;
        }
        String where = ", target " + target;
        assertMap(weightedSum(hiRes, x), cam(model, inputs, "hires-cam", target, false), "HiResCAM signed" + where);
        assertMap(relu(weightedSum(hiRes, x)), cam(model, inputs, "hires-cam", target, true), "HiResCAM" + where);
        assertMap(relu(weightedSum(layerCam, x)), cam(model, inputs, "layer-cam", target, true), "LayerCAM" + where);
        assertMap(relu(weightedSum(plusPlus, x)), cam(model, inputs, "grad-cam-plus-plus", target, true),
            "Grad-CAM++" + where);
      }
    }
  }

  @Test
  void scoreCamWeighsEachChannelBySoftmaxOfItsMaskedScore() throws Exception {
    float[] x = randomInput(9);
    try (TorchScriptClassifier model = TorchScriptClassifier.load(linearHead(), Device.cpu());
        NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(x, new Shape(1, 3, 8, 8));
      for (int target = 0; target < 2; target++) {
        double[] scores = new double[3];
        for (int mask = 0; mask < 3; mask++) {
          double min = Double.POSITIVE_INFINITY;
          double max = Double.NEGATIVE_INFINITY;
          for (int cell = 0; cell < CELLS; cell++) {
            min = Math.min(min, x[mask * CELLS + cell]);
            max = Math.max(max, x[mask * CELLS + cell]);
          }
          for (int c = 0; c < 3; c++) {
            double masked = 0;
            for (int cell = 0; cell < CELLS; cell++) {
              masked += x[c * CELLS + cell] * (x[mask * CELLS + cell] - min) / (max - min + 1e-8);
            }
            scores[mask] += W[target][c] * masked / CELLS;
          }
        }
        double top = Math.max(scores[0], Math.max(scores[1], scores[2]));
        double total = 0;
        double[] weights = new double[3];
        for (int c = 0; c < 3; c++) {
          weights[c] = Math.exp(scores[c] - top);
          total += weights[c];
        }
        for (int c = 0; c < 3; c++) {
          weights[c] /= total;
        }
        assertMap(weightedSum(weights, x), cam(model, inputs, "score-cam", target, false), "Score-CAM, target " + target);
        assertMap(relu(weightedSum(weights, x)), cam(model, inputs, "score-cam", target, true),
            "Score-CAM ReLU, target " + target);
      }
    }
  }

  @Test
  void scoreCamReportsOneForwardPassPerChannelAndOneForTheFeatures() throws Exception {
    try (TorchScriptClassifier model = TorchScriptClassifier.load(linearHead(), Device.cpu());
        NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(randomInput(2), new Shape(1, 3, 8, 8)).repeat(0, 2);
      Attribution attribution = MethodRegistry.builtIn().create("score-cam", Map.of("interpolate_mode", "nearest"),
          ModelFacts.UNKNOWN).attribute(model, inputs, new int[] {0, 1}, AttributionContext.defaults());
      assertEquals(new PassCount(2 * (1 + 3), 0), attribution.passes());
      assertArrayEquals(new long[] {2, 1, 8, 8}, attribution.values().getShape().getShape());
    }
  }

  @Test
  void scoreCamsMasksUpsampleWithAlignedCornersAsUpsamplingBilinear2d() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      // 1×2 → 1×4: aligned corners put the source's ends on the output's ends (source x = dst · 1/3);
      // align_corners false (Captum's interpolate) uses half-pixel centres (x = (dst + 0.5) / 2 − 0.5, clamped).
      NDArray maps = manager.create(new float[] {0, 4}, new Shape(1, 1, 1, 2));
      assertArrayEquals(new float[] {0, 4 / 3f, 8 / 3f, 4},
          LayerMaps.upsampleAlignedCorners(maps, 1, 4).toFloatArray(), 1e-6f);
      assertArrayEquals(new float[] {0, 1, 3, 4},
          LayerMaps.upsample(maps, 1, 4, LayerMaps.Mode.BILINEAR).toFloatArray(), 1e-6f);
      // 2×2 → 4×4, both axes (values from torch.nn.UpsamplingBilinear2d, Debian's torch 1.13).
      NDArray square = manager.create(new float[] {0, 4, 8, 12}, new Shape(1, 1, 2, 2));
      float[] expected = new float[16];
      for (int row = 0; row < 4; row++) {
        for (int column = 0; column < 4; column++) {
          expected[row * 4 + column] = (2 * row + column) * 4 / 3f; // 8 per 3 rows down, 4 per 3 columns across
        }
      }
      assertArrayEquals(expected,
          LayerMaps.upsampleAlignedCorners(square, 4, 4).toFloatArray(), 1e-5f);
    }
  }
}
