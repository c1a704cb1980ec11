package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.model.DeviceChoice;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gallery's maps come from the methods without their convergence delta ({@link
 * AttributionMethod#withoutConvergenceDelta()}): on the demo model the same maps as the explorer's up
 * to float rounding, without IG's two forward passes per image.
 */
class MapWithoutDeltaTest {

  @Test
  void theMapsAreTheExplorersWithoutTheDeltasPasses() throws Exception {
    try (TorchScriptExplainer explainer = TorchScriptExplainer.open(Path.of("assets/demo/model.pt"), DeviceChoice.CPU)) {
      Random random = new Random(14);
      for (String id : new String[] {"ig", "grad-cam", "saliency"}) {
        AttributionMethod method = MethodRegistry.builtIn().create(id, id.equals("ig") ? Map.of("n_steps", "32")
            : Map.of(), ModelFacts.UNKNOWN);
        for (int image = 0; image < 3; image++) {
          float[] input = new float[3 * 64 * 64];
          for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
          }
          AttributionResult shown = explainer.attribute(input, image, method, ProgressListener.NONE,
              CancellationToken.NONE);
          AttributionResult map = explainer.attribute(input, image, method.withoutConvergenceDelta(),
              ProgressListener.NONE, CancellationToken.NONE);
          assertEquals(shown.channels(), map.channels(), id);
          assertEquals(shown.values().length, map.values().length, id);
          double error = relativeL2(map.values(), shown.values());
          assertTrue(error <= 1e-5, id + " image " + image + ": relative L2 " + error);
          assertEquals(id.equals("ig"), shown.convergence().isPresent(), id + ": the explorer's IG has its delta");
          assertTrue(map.convergence().isEmpty(), id + ": no delta");
          assertEquals(id.equals("ig") ? shown.passes().forward() - 2 : shown.passes().forward(), map.passes().forward(),
              id + ": no forward passes for a delta nobody reads");
        }
      }
    }
  }

  @Test
  void onlyTheDeltasPassesGo() {
    AttributionMethod ig = MethodRegistry.builtIn().create("ig", Map.of("n_steps", "32"), ModelFacts.UNKNOWN);
    AttributionMethod mapOnly = ig.withoutConvergenceDelta();
    assertNotSame(ig, mapOnly);
    assertEquals(ig.parameters(), mapOnly.parameters());
    assertEquals(2, ig.cost(1).forward());
    assertEquals(0, mapOnly.cost(1).forward());
    assertEquals(ig.cost(1).gradient(), mapOnly.cost(1).gradient());
    assertSame(mapOnly, mapOnly.withoutConvergenceDelta());
    AttributionMethod saliency = MethodRegistry.builtIn().create("saliency", Map.of(), ModelFacts.UNKNOWN);
    assertSame(saliency, saliency.withoutConvergenceDelta(), "nothing to drop");
  }

  private static double relativeL2(float[] actual, float[] expected) {
    double difference = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      difference += (actual[i] - (double) expected[i]) * (actual[i] - (double) expected[i]);
      norm += (double) expected[i] * expected[i];
    }
    return Math.sqrt(difference) / Math.max(Math.sqrt(norm), 1e-30);
  }
}
