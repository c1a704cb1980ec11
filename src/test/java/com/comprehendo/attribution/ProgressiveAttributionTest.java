package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IG to a precision, the estimates methods hand on while they run, and the cheap previews the explorer shows first. */
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
  void igAndCheapMethodsHaveNoSeparatePreview() {
    long[] rowShape = {3, 4, 4};
    assertTrue(IntegratedGradients.builder().optSteps(200).build().preview(rowShape).isEmpty(),
        "IG's estimates serve as its preview, at no extra pass");
    assertTrue(new Saliency().preview(rowShape).isEmpty());
  }

  @Test
  void previewOfOcclusionUsesCoarseNonOverlappingWindows() {
    long[] rowShape = {3, 224, 224};
    Occlusion fine = Occlusion.builder(3, 15, 15).optStrides(3, 8, 8).build();
    Occlusion coarse = (Occlusion) fine.preview(rowShape).orElseThrow();
    assertEquals(1 + 28 * 28, fine.cost(1, rowShape).forward());
    assertEquals(1 + 4 * 4, coarse.cost(1, rowShape).forward(), "windows of 56 × 56: a 4 × 4 grid");
  }

  /** Records every estimate; always wants one. */
  private static final class Recorder implements EstimateListener {
    final List<float[]> values = new ArrayList<>();
    final List<Integer> done = new ArrayList<>();
    int total;

    @Override
    public boolean wantsEstimate() {
      return true;
    }

    @Override
    public void onEstimate(float[] estimate, int unitsDone, int unitsTotal) {
      values.add(estimate);
      done.add(unitsDone);
      total = unitsTotal;
    }
  }

  private static double relativeError(float[] estimate, float[] exact) {
    return com.comprehendo.FloatArrays.relativeL2(estimate, exact);
  }

  @Test
  void coarseToFineIsAPermutationWhoseFirstStepsCoverThePathEvenly() {
    for (int n = 1; n <= 300; n++) {
      int[] order = IntegratedGradients.coarseToFine(n);
      Set<Integer> seen = new HashSet<>();
      for (int index : order) {
        assertTrue(index >= 0 && index < n && seen.add(index), "n=" + n + ": " + index);
      }
      int first = Math.min(n, IntegratedGradients.FIRST_ESTIMATE_STEPS);
      for (int j = 0; j < first; j++) {
        // One of the first steps in each of `first` equal slices of the path.
        assertTrue(order[j] * (long) first / n == j, "n=" + n + ", step " + j + " at " + order[j]);
      }
    }
  }

  @Test
  void igEstimatesOnALinearModelAreTheResultAndComeAfterEachPassButTheLast() {
    float[] weights = new float[2 * 48];
    Random random = new Random(9);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    LinearClassifier linear = new LinearClassifier(manager, weights, new float[] {0.5f, -1f}, false);
    Recorder recorder = new Recorder();
    IntegratedGradients ig = IntegratedGradients.builder().optSteps(50).optInternalBatchSize(12).build();
    float[] result = ig.attribute(linear, inputs, new int[] {1}, AttributionContext.defaults().withEstimates(recorder))
        .values().toFloatArray();

    // A first pass of 4 steps (the estimate waits for it), then 12 a pass: 4, 16, 28, 40, then 50.
    assertEquals(List.of(4, 16, 28, 40), recorder.done);
    assertEquals(50, recorder.total);
    for (float[] estimate : recorder.values) {
      // The gradient is constant along the path: any weighted mean of it is the integral.
      assertTrue(relativeError(estimate, result) < 1e-5, "error " + relativeError(estimate, result));
    }
  }

  @Test
  void igEstimatesSharpenTowardsTheResultWhichTheyDoNotChange() {
    Recorder recorder = new Recorder();
    IntegratedGradients ig = IntegratedGradients.builder().optSteps(64).optInternalBatchSize(8)
        .optRule(IntegrationRule.RIEMANN_TRAPEZOID).optBaseline(Baseline.constant(-1f)).build();
    float[] withEstimates = ig.attribute(quadratic, inputs, new int[] {0}, AttributionContext.defaults().withEstimates(recorder))
        .values().toFloatArray();
    float[] without = ig.attribute(quadratic, inputs, new int[] {0}, AttributionContext.defaults()).values().toFloatArray();

    assertArrayEquals(without, withEstimates, 1e-6f, "estimates change nothing of the result");
    assertEquals(8, recorder.values.size(), "after each of the 9 passes (4 steps, then 8 a pass) but the last");
    double first = relativeError(recorder.values.get(0), without);
    double last = relativeError(recorder.values.get(recorder.values.size() - 1), without);
    assertTrue(first < 0.2, "4 spread steps already give the picture: error " + first);
    assertTrue(last < first / 2, "the estimate sharpens: " + first + " then " + last);
  }

  @Test
  void noiseTunnelEstimatesAreTheStatisticOverTheSamplesDone() {
    Recorder recorder = new Recorder();
    NoiseTunnel tunnel = NoiseTunnel.builder(new Saliency()).optType(NoiseTunnelType.VARGRAD).optSamples(6)
        .optSamplesBatchSize(2).optSeed(7).build();
    float[] result = tunnel.attribute(quadratic, inputs, new int[] {1}, AttributionContext.defaults().withEstimates(recorder))
        .values().toFloatArray();
    assertEquals(List.of(2, 4), recorder.done);
    // The draws are sequential: the first two samples are those of a tunnel of two.
    float[] firstTwo = NoiseTunnel.builder(new Saliency()).optType(NoiseTunnelType.VARGRAD).optSamples(2)
        .optSamplesBatchSize(2).optSeed(7).build()
        .attribute(quadratic, inputs, new int[] {1}, AttributionContext.defaults()).values().toFloatArray();
    assertArrayEquals(firstTwo, recorder.values.get(0), 1e-6f);
    float[] all = tunnel.attribute(quadratic, inputs, new int[] {1}, AttributionContext.defaults()).values().toFloatArray();
    assertArrayEquals(all, result, 1e-6f, "estimates change nothing of the result");
  }

  @Test
  void igToAPrecisionHandsOnEachRoundThatMissedTheTolerance() {
    Recorder recorder = new Recorder();
    IntegratedGradients left = IntegratedGradients.builder().optRule(IntegrationRule.RIEMANN_LEFT).optBaseline(Baseline.constant(-1f)).build();
    PrecisionIntegratedGradients.Result result = PrecisionIntegratedGradients.builder().optBase(left).optTolerance(0.01)
        .optStartSteps(4).optMaxSteps(1024).build()
        .attributeToPrecision(quadratic, inputs, new int[] {1}, AttributionContext.defaults().withEstimates(recorder));
    List<Integer> rounds = new ArrayList<>();
    for (int steps = 4; steps < result.steps(); steps *= 2) {
      rounds.add(steps);
    }
    assertEquals(rounds, recorder.done, "each earlier round, whole: no estimates from inside a round");
    float[] firstRound = left.toBuilder().optSteps(4).build()
        .attribute(quadratic, inputs, new int[] {1}, AttributionContext.defaults()).values().toFloatArray();
    assertArrayEquals(firstRound, recorder.values.get(0), 1e-6f);
  }

  @Test
  void occlusionRunsItsWindowsFromCoarseGridsToFineOnes() {
    Occlusion occlusion = Occlusion.builder(1, 2, 2).optStrides(1, 1, 1).build();
    long[] rowShape = {1, 9, 9};
    List<int[][]> captumOrder = occlusion.windows(rowShape);
    List<int[][]> ordered = occlusion.coarseToFine(captumOrder);
    assertEquals(64, ordered.size());
    assertEquals(new HashSet<>(captumOrder), new HashSet<>(ordered), "the same windows");
    // Grid positions 0..7 per side: first (0,0), then the multiples of 4, of 2, then the rest.
    List<String> firstFour = new ArrayList<>();
    for (int[][] window : ordered.subList(0, 4)) {
      firstFour.add(window[1][0] + "," + window[2][0]);
    }
    assertEquals(List.of("0,0", "0,4", "4,0", "4,4"), firstFour);
    for (int[][] window : ordered.subList(4, 16)) {
      assertTrue(window[1][0] % 2 == 0 && window[2][0] % 2 == 0, window[1][0] + "," + window[2][0]);
    }
    for (int[][] window : ordered.subList(16, 64)) {
      assertTrue(window[1][0] % 2 == 1 || window[2][0] % 2 == 1);
    }
  }

  @Test
  void anOcclusionEstimateFillsWhatNoWindowCoversFromTheNearestCoveredElement() {
    // One row of 6: windows done cover element 1 (Δ 2, once) and 4 (Δ 9 and 3: mean 6).
    float[] total = {0, 2, 0, 0, 12, 0};
    float[] coverage = {0, 1, 0, 0, 2, 0};
    float[] estimate = Occlusion.estimate(total, coverage, 1, new long[] {1, 1, 6});
    assertArrayEquals(new float[] {2, 2, 2, 6, 6, 6}, estimate, 0f);
    // A column with nothing covered on some rows takes the nearest row's values.
    float[] grid = Occlusion.estimate(new float[] {0, 0, 5, 7}, new float[] {0, 0, 1, 1}, 1, new long[] {1, 2, 2});
    assertArrayEquals(new float[] {5, 7, 5, 7}, grid, 0f);
  }

  @Test
  void occlusionEstimatesSharpenTowardsTheResultWhichTheyDoNotChange() {
    NDArray image = manager.randomNormal(new Shape(1, 3, 16, 16));
    float[] weights = new float[2 * 768];
    Random random = new Random(3);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    LinearClassifier squared = new LinearClassifier(manager, weights, new float[] {0f, 0f}, true);
    Occlusion occlusion = Occlusion.builder(3, 3, 3).optStrides(3, 1, 1).optPerturbationsPerEval(8).build();
    Recorder recorder = new Recorder();
    float[] withEstimates = occlusion.attribute(squared, image, new int[] {0}, AttributionContext.defaults().withEstimates(recorder))
        .values().toFloatArray();
    float[] without = occlusion.attribute(squared, image, new int[] {0}, AttributionContext.defaults()).values().toFloatArray();

    assertArrayEquals(without, withEstimates, 1e-5f, "estimates change nothing of the result");
    assertEquals(List.of(16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152, 160, 168, 176, 184, 192),
        recorder.done, "after each pass of 8 windows, from the 16th window on");
    assertEquals(196, recorder.total);
    double first = relativeError(recorder.values.get(0), without);
    double last = relativeError(recorder.values.get(recorder.values.size() - 1), without);
    for (float[] estimate : recorder.values) {
      for (float value : estimate) {
        assertTrue(Float.isFinite(value));
      }
    }
    assertTrue(last < first / 2, "the estimate sharpens: " + first + " then " + last);
  }
}
