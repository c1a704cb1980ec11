package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IG to a precision and the cheap previews the explorer shows first. */
class ProgressiveAttributionTest {

  private NDManager manager;
  private LinearClassifier quadratic;
  private NDArray inputs;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager("PyTorch");
    Random random = new Random(5);
    float[] weights = new float[2 * 48];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    quadratic = new LinearClassifier(manager, weights, new float[] {0f, 0f}, true);
    float[] x = new float[48];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    inputs = manager.create(x, new Shape(1, 3, 4, 4));
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void precisionIgStopsAtTheFirstRoundWithinTolerance() {
    // Riemann-left errs by O(1/n) on the quadratic: a 1% tolerance needs several doublings.
    IntegratedGradients left = IntegratedGradients.builder().optRule(IntegrationRule.RIEMANN_LEFT).optBaseline(Baseline.constant(-1f)).build();
    PrecisionIntegratedGradients.Result result = PrecisionIntegratedGradients.builder().optBase(left).optTolerance(0.01)
        .optStartSteps(4).optMaxSteps(1024).build()
        .attributeToPrecision(quadratic, inputs, new int[] {1}, AttributionContext.defaults());
    float delta = result.attribution().convergenceDelta().orElseThrow().getFloat(0);
    float sum = result.attribution().values().sum().getFloat();
    assertTrue(Math.abs(delta) <= 0.01 * Math.abs(sum - delta), "delta " + delta + " for a change of " + (sum - delta));
    assertTrue(result.steps() > 4 && result.steps() < 1024, "steps " + result.steps());
    // The previous round (half the steps) must not have met the tolerance, or the search went too far.
    float previous = left.toBuilder().optSteps(result.steps() / 2).build()
        .attribute(quadratic, inputs, new int[] {1}, AttributionContext.defaults()).convergenceDelta().orElseThrow().getFloat(0);
    assertTrue(Math.abs(previous) > 0.01 * Math.abs(sum - delta));
    long expectedPasses = 0;
    for (int steps = 4; steps <= result.steps(); steps *= 2) {
      expectedPasses += steps;
    }
    assertEquals(expectedPasses, result.attribution().passes().gradient());
  }

  @Test
  void precisionIgWithGaussLegendreNeedsOneRoundOnSmoothModel() {
    PrecisionIntegratedGradients.Result result = PrecisionIntegratedGradients.builder().build()
        .attributeToPrecision(quadratic, inputs, new int[] {0}, AttributionContext.defaults());
    assertEquals(16, result.steps());
  }

  @Test
  void previewOfIgIsACheapIgAndCheapMethodsHaveNone() {
    long[] rowShape = {3, 4, 4};
    Optional<AttributionMethod> preview = Previews.of(IntegratedGradients.builder().optSteps(200).build(), rowShape);
    assertTrue(preview.isPresent());
    assertEquals(new PassCount(0, Previews.IG_PREVIEW_STEPS), preview.get().cost(1));
    assertTrue(Previews.of(new Saliency(), rowShape).isEmpty());
    assertTrue(Previews.of(IntegratedGradients.builder().optSteps(10).build(), rowShape).isEmpty());
  }

  @Test
  void previewOfOcclusionUsesCoarseNonOverlappingWindows() {
    long[] rowShape = {3, 224, 224};
    Occlusion fine = Occlusion.builder(3, 15, 15).optStrides(3, 8, 8).build();
    Occlusion coarse = (Occlusion) Previews.of(fine, rowShape).orElseThrow();
    assertEquals(1 + 28 * 28, fine.cost(1, rowShape).forward());
    assertEquals(1 + 4 * 4, coarse.cost(1, rowShape).forward(), "windows of 56 × 56: a 4 × 4 grid");
  }
}
