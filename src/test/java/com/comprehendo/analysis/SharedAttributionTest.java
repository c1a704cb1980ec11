package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static com.comprehendo.FloatArrays.maxAbs;
import static com.comprehendo.FloatArrays.relativeL2;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.model.DeviceChoice;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Several images explained in one call with their passes shared (what the heat-map gallery does for IG,
 * Saliency and Grad-CAM) give each image the map it gets alone, up to the float rounding of larger
 * passes, with a layer method's upsampled map and its layer grid split image by image.
 */
class SharedAttributionTest {

  private static float[] image(int seed) {
    float[] input = new float[3 * 64 * 64];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) Math.sin(0.37 * i + seed) * 1.5f;
    }
    return input;
  }

  @Test
  void eachImageGetsTheMapItGetsAlone() throws Exception {
    try (TorchScriptExplainer explainer = TorchScriptExplainer.open(Path.of("assets/demo/model.pt"), DeviceChoice.CPU)) {
      assertTrue(explainer.rowsPerSharedPass() >= 1);
      List<float[]> inputs = List.of(image(1), image(2), image(3));
      int[] targets = {0, 2, 1};
      for (Map.Entry<String, Map<String, String>> entry : Map.of("ig", Map.of("n_steps", "8"),
          "saliency", Map.<String, String>of(), "grad-cam", Map.<String, String>of()).entrySet()) {
        AttributionMethod method = MethodRegistry.builtIn().create(entry.getKey(), entry.getValue(), ModelFacts.UNKNOWN)
            .withoutConvergenceDelta();
        int rowsPerImage = (int) method.cost(1).gradient();
        List<AttributionResult> together = explainer.attributeTogether(inputs, targets, method, 3 * rowsPerImage,
            CancellationToken.NONE);
        assertEquals(3, together.size());
        for (int i = 0; i < 3; i++) {
          AttributionResult alone = explainer.attribute(inputs.get(i), targets[i], method, ProgressListener.NONE,
              CancellationToken.NONE);
          AttributionResult shared = together.get(i);
          String what = entry.getKey() + ", image " + i;
          assertEquals(List.of(alone.channels(), alone.height(), alone.width()),
              List.of(shared.channels(), shared.height(), shared.width()), what);
          assertTrue(relativeL2(shared.values(), alone.values()) < 1e-5,
              what + ": relative L2 " + relativeL2(shared.values(), alone.values()));
          assertEquals(alone.passes(), shared.passes(), what + ": its share of the call's passes");
          assertEquals(alone.layerSource(), shared.layerSource(), what);
          alone.layerGrid().ifPresent(grid -> assertArrayEquals(cells(grid), cells(shared.layerGrid().orElseThrow()),
              1e-5f * maxAbs(cells(grid)), what));
        }
      }
      AttributionMethod saliency = MethodRegistry.builtIn().create("saliency", Map.of(), ModelFacts.UNKNOWN);
      assertThrows(IllegalArgumentException.class,
          () -> explainer.attributeTogether(inputs, new int[] {0, 1}, saliency, 3, CancellationToken.NONE));
      assertThrows(IllegalArgumentException.class,
          () -> explainer.attributeTogether(List.of(new float[5]), new int[] {0}, saliency, 1, CancellationToken.NONE));
    }
  }

  private static float[] cells(LayerGrid grid) {
    float[] cells = new float[grid.rows() * grid.columns()];
    for (int r = 0; r < grid.rows(); r++) {
      for (int c = 0; c < grid.columns(); c++) {
        cells[r * grid.columns() + c] = grid.value(r, c);
      }
    }
    return cells;
  }
}
