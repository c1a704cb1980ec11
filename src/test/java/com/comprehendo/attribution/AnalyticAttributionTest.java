package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.data.NpyArray;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.CancelledException;
import com.comprehendo.model.DifferentiableClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Attributions on models whose answers are known in closed form. */
class AnalyticAttributionTest {

  private static final Shape SHAPE = new Shape(2, 3, 4, 5);
  private static final int FEATURES = 60;
  private static final int CLASSES = 3;

  private NDManager manager;
  private LinearClassifier linear;
  private LinearClassifier quadratic;
  private float[] x;
  private NDArray inputs;
  private final int[] targets = {2, 0};

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager("PyTorch");
    Random random = new Random(42);
    float[] weights = new float[CLASSES * FEATURES];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    float[] bias = {0.1f, -0.2f, 0.3f};
    linear = new LinearClassifier(manager, weights, bias, false);
    quadratic = new LinearClassifier(manager, weights, bias, true);
    x = new float[2 * FEATURES];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    inputs = manager.create(x, SHAPE);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private float[] row(float[] values, int n) {
    float[] row = new float[FEATURES];
    System.arraycopy(values, n * FEATURES, row, 0, FEATURES);
    return row;
  }

  @Test
  void integratedGradientsOfLinearModelIsInputMinusBaselineTimesWeight() {
    float baseline = 0.25f;
    Attribution result = IntegratedGradients.builder().optSteps(7).optBaseline(Baseline.constant(baseline)).build()
        .attribute(linear, inputs, targets, AttributionContext.defaults());
    float[] values = result.values().toFloatArray();
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < FEATURES; i++) {
        double expected = (x[n * FEATURES + i] - baseline) * linear.weights[targets[n] * FEATURES + i];
        assertEquals(expected, values[n * FEATURES + i], 1e-5, "element " + i);
      }
    }
    float[] delta = result.convergenceDelta().orElseThrow().toFloatArray();
    assertEquals(0, delta[0], 1e-4);
    assertEquals(0, delta[1], 1e-4);
  }

  @Test
  void trapezoidQuirkScalesLinearAttributionByNMinusOneOverN() {
    int steps = 4;
    float[] gaussLegendre = IntegratedGradients.builder().optSteps(steps).build()
        .attribute(linear, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    float[] trapezoid = IntegratedGradients.builder().optSteps(steps).optRule(IntegrationRule.RIEMANN_TRAPEZOID).build()
        .attribute(linear, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    for (int i = 0; i < trapezoid.length; i++) {
      assertEquals(gaussLegendre[i] * (steps - 1) / (float) steps, trapezoid[i], 1e-5);
    }
  }

  @ParameterizedTest
  @EnumSource(IntegrationRule.class)
  void convergenceDeltaShrinksAsStepsGrow(IntegrationRule rule) {
    double previous = Double.MAX_VALUE;
    for (int steps : new int[] {4, 16, 64}) {
      float[] delta = IntegratedGradients.builder().optSteps(steps).optRule(rule).optBaseline(Baseline.constant(-1f))
          .build().attribute(quadratic, inputs, targets, AttributionContext.defaults())
          .convergenceDelta().orElseThrow().toFloatArray();
      double size = Math.abs(delta[0]) + Math.abs(delta[1]);
      // The quadratic's path integrand is linear in α: Gauss–Legendre and the midpoint rule integrate it
      // exactly at any n; the other Riemann rules (and the trapezoid's quirk) converge as 1/n.
      if (rule == IntegrationRule.GAUSS_LEGENDRE || rule == IntegrationRule.RIEMANN_MIDDLE) {
        assertTrue(size < 1e-3, rule + ": |delta| " + size + " at " + steps + " steps");
      } else {
        assertTrue(size < previous / 3, rule + ": |delta| " + size + " at " + steps + " steps, was " + previous);
      }
      previous = size;
    }
  }

  @Test
  void integratedGradientsIsCompleteOnNonlinearModel() {
    float[] noBaseline = new float[FEATURES];
    java.util.Arrays.fill(noBaseline, -1f);
    Attribution result = IntegratedGradients.builder().optSteps(8).optBaseline(Baseline.constant(-1f)).build()
        .attribute(quadratic, inputs, targets, AttributionContext.defaults());
    float[] values = result.values().toFloatArray();
    for (int n = 0; n < 2; n++) {
      double sum = 0;
      for (int i = 0; i < FEATURES; i++) {
        sum += values[n * FEATURES + i];
      }
      double expected = quadratic.output(row(x, n), targets[n]) - quadratic.output(noBaseline, targets[n]);
      assertEquals(expected, sum, 1e-3 * Math.max(1, Math.abs(expected)));
    }
  }

  @Test
  void chunkedIntegratedGradientsEqualsOnePass() {
    IntegratedGradients.Builder builder = IntegratedGradients.builder().optSteps(13).optBaseline(Baseline.constant(0.5f));
    float[] whole = builder.build().attribute(quadratic, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    float[] chunked = builder.optInternalBatchSize(5).build()
        .attribute(quadratic, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    assertArrayEquals(whole, chunked, 1e-5f);
  }

  @Test
  void occlusionWithBaselineEqualToInputIsZero() {
    Attribution result = Occlusion.builder(1, 2, 2).optStrides(1, 1, 2).optBaseline(Baseline.tensor(new NpyArray(toInt(SHAPE), x)))
        .build().attribute(linear, inputs, targets, AttributionContext.defaults());
    // Every occluded input equals the input: Δ is exactly 0, with no pass at all (a pass in a batch of
    // another size could round differently), and the windows still count in each element's mean.
    for (float value : result.values().toFloatArray()) {
      assertEquals(0f, value);
    }
    assertEquals(0, result.passes().total());
  }

  @Test
  void occlusionOfLinearModelWithSingleElementWindowIsInputTimesWeight() {
    Attribution result = Occlusion.builder(1, 1, 1).build().attribute(linear, inputs, targets, AttributionContext.defaults());
    float[] values = result.values().toFloatArray();
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < FEATURES; i++) {
        assertEquals(x[n * FEATURES + i] * linear.weights[targets[n] * FEATURES + i], values[n * FEATURES + i], 1e-5);
      }
    }
  }

  @Test
  void occlusionKeepsEachPassesArraysInThatPass() {
    // What the job's manager holds when each pass reaches the model must not grow with the passes: a
    // per-pass array attached to the job would keep every batch alive until the end.
    List<Integer> held = new ArrayList<>();
    DifferentiableClassifier watched = new DifferentiableClassifier() {
      @Override
      public ai.djl.Device device() {
        return linear.device();
      }

      @Override
      public int outputWidth() {
        return linear.outputWidth();
      }

      @Override
      public NDArray forward(NDArray input) {
        NDManager parent = input.getManager().getParentManager();
        held.add(parent == null ? -1 : ManagedArrays.count(parent));
        return linear.forward(input);
      }

      @Override
      public TargetGradients targetGradients(NDArray input, int[] targets) {
        return linear.targetGradients(input, targets);
      }
    };
    Occlusion.builder(1, 1, 1).optPerturbationsPerEval(4).build().attribute(watched, inputs, targets, AttributionContext.defaults());

    assertEquals(1 + 60 / 4, held.size(), "the initial pass and 15 passes of 4 windows");
    List<Integer> passes = held.subList(2, held.size());
    assertTrue(passes.stream().distinct().count() == 1, "arrays held by the job while passes run: " + held);
  }

  @Test
  void occlusionClipsEdgeWindowsAndAveragesOverlaps() {
    Occlusion occlusion = Occlusion.builder(3, 3, 3).optStrides(3, 2, 3).build();
    List<int[][]> windows = occlusion.windows(new long[] {3, 4, 5});
    // H: ceil((4-3)/2)+1 = 2 starts (0, 2; the second clipped to 2..4); W: ceil((5-3)/3)+1 = 2 starts (0, 3; clipped to 3..5).
    assertEquals(4, windows.size());
    assertArrayEquals(new int[] {2, 4}, windows.get(2)[1]);
    assertArrayEquals(new int[] {3, 5}, windows.get(1)[2]);
    Attribution result = occlusion.attribute(linear, inputs, targets, AttributionContext.defaults());
    float[] values = result.values().toFloatArray();
    // Element (c=0, h=2, w=0) is covered by windows starting at h=0 and h=2 (both w=0): the mean of their Δ.
    double first = windowDelta(0, 0, 3, 0, 3);
    double second = windowDelta(0, 2, 4, 0, 3);
    assertEquals((first + second) / 2, values[2 * 5], 1e-5);
  }

  private double windowDelta(int n, int h0, int h1, int w0, int w1) {
    double delta = 0;
    for (int c = 0; c < 3; c++) {
      for (int h = h0; h < h1; h++) {
        for (int w = w0; w < w1; w++) {
          int i = (c * 4 + h) * 5 + w;
          delta += x[n * FEATURES + i] * linear.weights[targets[n] * FEATURES + i];
        }
      }
    }
    return delta;
  }

  @Test
  void noiseTunnelWithZeroNoiseEqualsWrappedMethod() {
    IntegratedGradients ig = IntegratedGradients.builder().optSteps(5).build();
    float[] plain = ig.attribute(quadratic, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    for (NoiseTunnelType type : NoiseTunnelType.values()) {
      float[] tunneled = NoiseTunnel.builder(ig).optType(type).optStdevs(0f).optSamples(3).optSamplesBatchSize(2).build()
          .attribute(quadratic, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
      for (int i = 0; i < plain.length; i++) {
        float expected = type == NoiseTunnelType.SMOOTHGRAD ? plain[i] : type == NoiseTunnelType.SMOOTHGRAD_SQ ? plain[i] * plain[i] : 0f;
        assertEquals(expected, tunneled[i], 1e-4 * Math.max(1, Math.abs(expected)), type + " element " + i);
      }
    }
  }

  @Test
  void varGradIsSmoothGradSquaredMinusSquaredSmoothGrad() {
    Saliency saliency = new Saliency(false);
    float[][] results = new float[3][];
    for (NoiseTunnelType type : NoiseTunnelType.values()) {
      results[type.ordinal()] = NoiseTunnel.builder(saliency).optType(type).optStdevs(0.5f).optSamples(6).optSeed(7).build()
          .attribute(quadratic, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    }
    float[] mean = results[0];
    float[] meanOfSquares = results[1];
    float[] variance = results[2];
    boolean anyPositive = false;
    for (int i = 0; i < mean.length; i++) {
      assertEquals(meanOfSquares[i] - mean[i] * mean[i], variance[i], 1e-4 * Math.max(1, meanOfSquares[i]));
      assertTrue(variance[i] >= -1e-4, "variance is never negative");
      assertTrue(meanOfSquares[i] >= mean[i] * mean[i] - 1e-4, "E[a²] ≥ E[a]²");
      anyPositive |= variance[i] > 1e-3;
    }
    assertTrue(anyPositive, "noise must actually vary the gradients of a quadratic model");
  }

  @Test
  void smoothGradOfSaliencyOnQuadraticModelIsGradientAtNoisyPoints() {
    // ∂F_t/∂x_i = 2 w_ti x_i, linear in x: the mean over noisy samples is 2 w (x + mean noise).
    RandomDraws draws = RandomDraws.seeded(3);
    float[] noise = RandomDraws.seeded(3).gaussian(2 * 4 * FEATURES, 0.3f);
    float[] values = NoiseTunnel.builder(new Saliency(false)).optSamples(4).optStdevs(0.3f).optRandomDraws(draws).build()
        .attribute(quadratic, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < FEATURES; i++) {
        double meanNoise = 0;
        for (int s = 0; s < 4; s++) {
          meanNoise += noise[(n * 4 + s) * FEATURES + i] / 4.0;
        }
        double expected = 2 * quadratic.weights[targets[n] * FEATURES + i] * (x[n * FEATURES + i] + meanNoise);
        assertEquals(expected, values[n * FEATURES + i], 1e-4);
      }
    }
  }

  @Test
  void seededMethodsAreRepeatableAndSeedsMatter() {
    float[] baselines = new float[4 * FEATURES];
    for (int i = 0; i < baselines.length; i++) {
      baselines[i] = i % 7 * 0.1f;
    }
    NpyArray distribution = new NpyArray(new int[] {4, 3, 4, 5}, baselines);
    float[] a = GradientShap.builder(distribution).optSeed(11).optStdevs(0.1f).build()
        .attribute(quadratic, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    float[] b = GradientShap.builder(distribution).optSeed(11).optStdevs(0.1f).build()
        .attribute(quadratic, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    float[] c = GradientShap.builder(distribution).optSeed(12).optStdevs(0.1f).build()
        .attribute(quadratic, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    assertArrayEquals(a, b);
    assertTrue(CaptumReference.relativeL2(a, c) > 1e-3);
  }

  @Test
  void gradientShapOfLinearModelWithOneBaselineIsInputMinusBaselineTimesWeight() {
    float[] baseline = new float[FEATURES];
    java.util.Arrays.fill(baseline, 0.3f);
    float[] values = GradientShap.builder(new NpyArray(new int[] {1, 3, 4, 5}, baseline)).optSamples(3).build()
        .attribute(linear, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < FEATURES; i++) {
        assertEquals((x[n * FEATURES + i] - 0.3) * linear.weights[targets[n] * FEATURES + i], values[n * FEATURES + i], 1e-5);
      }
    }
  }

  @Test
  void integratedGradientsWithBlurredBaselineIsInputMinusBlurTimesWeight() {
    float[] blurred = BaselineTest.referenceBlur(x, 4, 5, 1.5);
    Attribution result = IntegratedGradients.builder().optSteps(5).optBaseline(Baseline.blurred(1.5)).build()
        .attribute(linear, inputs, targets, AttributionContext.defaults());
    float[] values = result.values().toFloatArray();
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < FEATURES; i++) {
        int e = n * FEATURES + i;
        assertEquals((x[e] - blurred[e]) * linear.weights[targets[n] * FEATURES + i], values[e], 1e-5, "element " + e);
      }
    }
    assertEquals(0, result.convergenceDelta().orElseThrow().toFloatArray()[0], 1e-4);
    assertEquals("blur:1.5", IntegratedGradients.builder().optBaseline(Baseline.blurred(1.5)).build().parameters().get("baselines"));
  }

  @Test
  void gradientShapWithImageBaselineIsOneBaselinePerImage() {
    // Linear: every sample gives (x − blur(x)) · w, whatever the alpha.
    float[] blurred = BaselineTest.referenceBlur(x, 4, 5, 1);
    float[] values = GradientShap.builder(Baseline.blurred(1)).optSamples(3).build()
        .attribute(linear, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < FEATURES; i++) {
        int e = n * FEATURES + i;
        assertEquals((x[e] - blurred[e]) * linear.weights[targets[n] * FEATURES + i], values[e], 1e-5, "element " + e);
      }
    }
    // On a nonlinear model it equals GradientShap over a one-row tensor of the same baseline: same draws.
    try (NDManager scope = manager.newSubManager()) {
      NDArray one = scope.create(java.util.Arrays.copyOf(x, FEATURES), new Shape(1, 3, 4, 5));
      float[] own = java.util.Arrays.copyOf(blurred, FEATURES);
      float[] fromImage = GradientShap.builder(Baseline.blurred(1)).optSamples(4).optStdevs(0.2f).optSeed(3).build()
          .attribute(quadratic, one, new int[] {1}, AttributionContext.defaults()).values().toFloatArray();
      float[] fromTensor = GradientShap.builder(new NpyArray(new int[] {1, 3, 4, 5}, own)).optSamples(4).optStdevs(0.2f)
          .optSeed(3).build().attribute(quadratic, one, new int[] {1}, AttributionContext.defaults()).values().toFloatArray();
      assertArrayEquals(fromTensor, fromImage, 1e-5f);
    }
  }

  @Test
  void noiseTunnelOverIntegratedGradientsKeepsTheCleanImagesBaseline() {
    // Captum expands the baseline of the clean inputs to their noisy copies; so for a linear model each
    // copy gives (x + ε − blur(x)) · w, not (x + ε − blur(x + ε)) · w.
    float[] blurred = BaselineTest.referenceBlur(x, 4, 5, 1);
    int samples = 3;
    float[] noise = BaselineTest.randomValues(2 * samples * FEATURES, 11);
    RandomDraws replay = new ReplayedDraws(noise, new int[0], new float[0]);
    float[] values = NoiseTunnel.builder(IntegratedGradients.builder().optSteps(4).optBaseline(Baseline.blurred(1)).build())
        .optSamples(samples).optSamplesBatchSize(2).optStdevs(1f).optRandomDraws(replay).build()
        .attribute(linear, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    // Noise rows are example-major within each partition of ≤ 2 samples: (n0 s0, n0 s1, n1 s0, n1 s1), (n0 s2, n1 s2).
    int[][] rowOf = {{0, 1, 4}, {2, 3, 5}};
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < FEATURES; i++) {
        int e = n * FEATURES + i;
        double sum = 0;
        for (int s = 0; s < samples; s++) {
          sum += x[e] + noise[rowOf[n][s] * FEATURES + i] - blurred[e];
        }
        assertEquals(sum / samples * linear.weights[targets[n] * FEATURES + i], values[e], 1e-4, "element " + e);
      }
    }
  }

  @Test
  void inputXGradientAndSaliencyOfLinearModel() {
    float[] ixg = new InputXGradient().attribute(linear, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    float[] saliency = new Saliency().attribute(linear, inputs, targets, AttributionContext.defaults()).values().toFloatArray();
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < FEATURES; i++) {
        float w = linear.weights[targets[n] * FEATURES + i];
        assertEquals(x[n * FEATURES + i] * w, ixg[n * FEATURES + i], 1e-5);
        assertEquals(Math.abs(w), saliency[n * FEATURES + i], 1e-6);
      }
    }
  }

  @Test
  void methodsLeaveOnlyTheirResultsInTheCallersManager() {
    List<AttributionMethod> methods = List.of(
        IntegratedGradients.builder().optSteps(6).optInternalBatchSize(4).build(),
        Occlusion.builder(3, 2, 2).optStrides(1, 2, 2).optPerturbationsPerEval(3).build(),
        NoiseTunnel.builder(IntegratedGradients.builder().optSteps(3).build()).optSamples(3).optSamplesBatchSize(2).build(),
        GradientShap.builder(new NpyArray(new int[] {2, 3, 4, 5}, new float[2 * FEATURES])).build(),
        new Saliency(),
        new InputXGradient());
    for (AttributionMethod method : methods) {
      try (NDManager scope = manager.newSubManager()) {
        NDArray batch = scope.create(x, SHAPE);
        Attribution result = method.attribute(quadratic, batch, targets, AttributionContext.defaults().withBudget(new BatchBudget(1)));
        int expected = 2 + (result.convergenceDelta().isPresent() ? 1 : 0);
        assertEquals(expected, ManagedArrays.count(scope), method.id() + " left intermediate arrays behind");
      }
    }
  }

  @Test
  void cancellationStopsBetweenBatchesAndFreesEverything() {
    AtomicInteger batches = new AtomicInteger();
    List<Long> progress = new ArrayList<>();
    try (NDManager scope = manager.newSubManager()) {
      NDArray batch = scope.create(x, SHAPE);
      AttributionContext context = AttributionContext.defaults()
          .withProgress((done, total) -> progress.add(done))
          .withCancellation(() -> batches.incrementAndGet() > 3);
      IntegratedGradients ig = IntegratedGradients.builder().optSteps(50).optInternalBatchSize(2).build();
      assertThrows(CancelledException.class, () -> ig.attribute(quadratic, batch, targets, context));
      assertEquals(List.of(2L, 4L, 6L), progress, "three batches of one step × two examples ran");
      assertEquals(1, ManagedArrays.count(scope), "only the input is left");
    }
  }

  @Test
  void progressReachesTheTotalCost() {
    List<long[]> reports = new ArrayList<>();
    IntegratedGradients ig = IntegratedGradients.builder().optSteps(10).optInternalBatchSize(6).build();
    ig.attribute(linear, inputs, targets, AttributionContext.defaults().withProgress((d, t) -> reports.add(new long[] {d, t})));
    long[] last = reports.get(reports.size() - 1);
    assertEquals(ig.cost(2).total(), last[0]);
    assertEquals(last[0], last[1]);
    assertEquals(new PassCount(4, 20), ig.cost(2));
  }

  private static int[] toInt(Shape shape) {
    long[] dims = shape.getShape();
    int[] result = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      result[i] = (int) dims[i];
    }
    return result;
  }
}
