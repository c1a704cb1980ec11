package com.comprehendo.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.Baseline;
import com.comprehendo.attribution.ForwardingClassifier;
import com.comprehendo.attribution.LinearClassifier;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.job.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The metrics on a two-class linear model, whose answers are known in closed form. */
class AnalyticMetricsTest {

  private static final int CHANNELS = 3;
  private static final int SIDE = 6;
  private static final int FEATURES = CHANNELS * SIDE * SIDE;
  private static final Shape SHAPE = new Shape(1, CHANNELS, SIDE, SIDE);
  private static final int TARGET = 1;

  private NDManager manager;
  private LinearClassifier model;
  private float[] weights;
  private float[] x;
  private NDArray input;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager("PyTorch");
    Random random = new Random(18);
    weights = new float[2 * FEATURES];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) (random.nextGaussian() * 0.3);
    }
    model = new LinearClassifier(manager, weights, new float[] {0.2f, -0.1f}, false);
    x = new float[FEATURES];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    input = manager.create(x, SHAPE);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  /** (x − b)·(w_target − w_other) per element: each element's exact share of the logit difference. */
  private float[] exactContribution(float baseline) {
    float[] contribution = new float[FEATURES];
    for (int i = 0; i < FEATURES; i++) {
      contribution[i] = (x[i] - baseline) * (weights[TARGET * FEATURES + i] - weights[(1 - TARGET) * FEATURES + i]);
    }
    return contribution;
  }

  private FaithfulnessCurve deletion(float[] attribution, int step, float baseline) {
    return new DeletionInsertion(CurveKind.DELETION, step, Baseline.constant(baseline))
        .run(model, ScoreKind.LOGITS, input, attribution, CHANNELS, TARGET, AttributionContext.defaults());
  }

  /**
   * Softmax of two logits is monotone in their difference, and deleting a pixel changes the difference
   * by minus its contribution, so the order of the exact contributions gives the lowest deletion curve
   * at every step, whatever other order is tried.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 5, 17})
  void exactContributionsGiveTheLowestDeletionCurveAtEveryStep(int step) {
    float baseline = 0.25f;
    double[] best = deletion(exactContribution(baseline), step, baseline).probabilities();
    Random random = new Random(step);
    List<float[]> others = new ArrayList<>();
    for (int trial = 0; trial < 30; trial++) {
      float[] other = new float[FEATURES];
      for (int i = 0; i < FEATURES; i++) {
        other[i] = (float) random.nextGaussian();
      }
      others.add(other);
    }
    float[] reversed = exactContribution(baseline);
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = -reversed[i];
    }
    others.add(reversed);
    for (float[] other : others) {
      double[] curve = deletion(other, step, baseline).probabilities();
      assertEquals(best.length, curve.length);
      for (int point = 0; point < curve.length; point++) {
        assertTrue(best[point] <= curve[point] + 1e-6, "step " + step + " point " + point + ": " + best[point]
            + " above another order's " + curve[point]);
      }
    }
    double[] worst = deletion(reversed, step, baseline).probabilities();
    assertTrue(best[best.length / 2] < worst[worst.length / 2] - 0.05, "the curves should differ clearly halfway");
  }

  @Test
  void insertionFromTheExactContributionsRisesFastestAndEndsAtTheInput() {
    float baseline = -0.5f;
    FaithfulnessCurve best = new DeletionInsertion(CurveKind.INSERTION, 4, Baseline.constant(baseline))
        .run(model, ScoreKind.LOGITS, input, exactContribution(baseline), CHANNELS, TARGET, AttributionContext.defaults());
    float[] reversed = exactContribution(baseline);
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = -reversed[i];
    }
    FaithfulnessCurve worst = new DeletionInsertion(CurveKind.INSERTION, 4, Baseline.constant(baseline))
        .run(model, ScoreKind.LOGITS, input, reversed, CHANNELS, TARGET, AttributionContext.defaults());
    double[] b = best.probabilities();
    double[] w = worst.probabilities();
    for (int i = 0; i < b.length; i++) {
      assertTrue(b[i] >= w[i] - 1e-6, "point " + i);
    }
    double atInput = probability(x);
    assertEquals(atInput, b[b.length - 1], 1e-6);
    assertTrue(best.auc() > worst.auc());
    assertEquals(SIDE * SIDE / 4 + 1, best.points());
  }

  @Test
  void channelsAreSummedAndTiesKeepRowMajorOrder() {
    float[] saliency = PixelOrder.saliency(new float[] {1, -0f, 2, 0, 0, 0, 3, 0f, 0}, 3, 3);
    assertArrayEquals(new float[] {4, 0, 2}, saliency);
    assertArrayEquals(new int[] {0, 2, 1, 3}, PixelOrder.descending(new float[] {5, 0f, 1, -0f}));
    assertArrayEquals(new int[] {1, 3, 0, 2}, PixelOrder.descending(new float[] {Float.NaN, 2, Float.NaN, 1}));
  }

  @Test
  void curvePointsFollowTheStepWithALastPartialStep() {
    FaithfulnessCurve curve = deletion(exactContribution(0), 5, 0);
    assertEquals((SIDE * SIDE + 4) / 5 + 1, curve.points());
    assertEquals(probability(x), curve.probabilities()[0], 1e-6);
    assertEquals(probability(new float[FEATURES]), curve.probabilities()[curve.points() - 1], 1e-6);
    double[] y = curve.probabilities();
    double sum = 0;
    for (int i = 1; i < y.length; i++) {
      sum += (y[i - 1] + y[i]) / 2 / (y.length - 1);
    }
    assertEquals(sum, curve.auc(), 1e-12);
  }

  @Test
  void batchesFollowTheBudgetAndCancellingStopsBetweenThem() {
    AtomicInteger calls = new AtomicInteger();
    AttributionContext small = AttributionContext.defaults()
        .withBudget(BatchBudget.defaultBudget().withRowCap(3))
        .withProgress((done, total) -> calls.incrementAndGet());
    FaithfulnessCurve batched = new DeletionInsertion(CurveKind.DELETION, 2, Baseline.zero())
        .run(model, ScoreKind.LOGITS, input, exactContribution(0), CHANNELS, TARGET, small);
    assertArrayEquals(deletion(exactContribution(0), 2, 0).probabilities(), batched.probabilities(), 1e-7);
    assertTrue(calls.get() >= (batched.points() + 2) / 3, "one progress report per batch of at most 3 images");
    AtomicInteger reports = new AtomicInteger();
    AttributionContext cancelling = small.withProgress((done, total) -> reports.incrementAndGet())
        .withCancellation(() -> reports.get() >= 2);
    assertThrows(CancelledException.class, () -> new DeletionInsertion(CurveKind.DELETION, 2, Baseline.zero())
        .run(model, ScoreKind.LOGITS, input, exactContribution(0), CHANNELS, TARGET, cancelling));
  }

  /**
   * F(x) − F(x − I) = w_t · I for a linear model, so its gradient w_t predicts every perturbation's
   * effect: infidelity 0 up to float rounding. Twice the gradient is off by (w_t · I)² on average,
   * unless normalized, which rescales it back.
   */
  @Test
  void theExactLinearContributionHasZeroInfidelity() {
    float[] gradient = new float[FEATURES];
    System.arraycopy(weights, TARGET * FEATURES, gradient, 0, FEATURES);
    float[] doubled = new float[FEATURES];
    for (int i = 0; i < FEATURES; i++) {
      doubled[i] = 2 * gradient[i];
    }
    double exact = infidelity(gradient, false);
    double scaled = infidelity(doubled, false);
    double scaledNormalized = infidelity(doubled, true);
    assertTrue(scaled > 0.1, "twice the gradient is off by E[(w·I)²], got " + scaled);
    assertTrue(exact < 1e-6 * scaled, "exact contribution: " + exact);
    assertTrue(scaledNormalized < 1e-6 * scaled, "normalized, the scale does not matter: " + scaledNormalized);
  }

  private double infidelity(float[] attribution, boolean normalize) {
    return new Infidelity(20, normalize)
        .run(model, input, attribution, TARGET, Perturbations.gaussian(0.5f, 3), AttributionContext.defaults());
  }

  /**
   * Captum's layout of the passes, which its float32 rounding follows (docs/metrics.md): F(x) in a pass
   * of its own, then every perturbed image in one pass while the budget allows, else in passes the
   * budget bounds. The reference test cannot pin this on every CPU (the layouts differ by about 1.5e-5
   * relative, the same order as one CPU's kernels against another's), so it is checked here.
   */
  @Test
  void infidelityRunsTheInputAloneThenThePerturbedImagesTogether() {
    List<Long> passes = new ArrayList<>();
    DifferentiableClassifier recording = new ForwardingClassifier(model) {
      @Override
      public NDArray forward(NDArray batch) {
        passes.add(batch.getShape().get(0));
        return super.forward(batch);
      }

      @Override
      public TargetGradients targetGradients(NDArray batch, int[] targets) {
        throw new AssertionError("infidelity needs no gradients");
      }
    };
    new Infidelity(20, false).run(recording, input, new float[FEATURES], TARGET, Perturbations.gaussian(0.5f, 3),
        AttributionContext.defaults());
    assertEquals(List.of(1L, 20L), passes);
    passes.clear();
    new Infidelity(20, true).run(recording, input, new float[FEATURES], TARGET, Perturbations.gaussian(0.5f, 3),
        AttributionContext.defaults().withBudget(BatchBudget.defaultBudget().withRowCap(8)));
    assertEquals(List.of(1L, 8L, 8L, 4L), passes);
  }

  @Test
  void recordedPerturbationsRunOutLoudly() {
    Perturbations recorded = Perturbations.recorded(new float[FEATURES * 2]);
    assertThrows(IllegalStateException.class, () -> new Infidelity(3, false)
        .run(model, input, new float[FEATURES], TARGET, recorded, AttributionContext.defaults()));
  }

  @Test
  void uniformPerturbationsStayInTheBall() {
    float[] values = Perturbations.uniform(0.02f, 1).next(4, 1000);
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= 0.02f && max > 0.019f, "max |δ| " + max);
    assertArrayEquals(values, Perturbations.uniform(0.02f, 1).next(4, 1000), "seeded");
  }

  @Test
  void spearmanUsesMeanRanksForTies() {
    assertEquals(1.0, RankCorrelation.spearman(new float[] {1, 2, 3, 4}, new float[] {10, 20, 30, 400}), 1e-12);
    assertEquals(-1.0, RankCorrelation.spearman(new float[] {1, 2, 3}, new float[] {3, 2, 1}), 1e-12);
    // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]).correlation = 0.9486832980505138
    assertEquals(0.9486832980505138, RankCorrelation.spearman(new float[] {1, 2, 2, 3}, new float[] {1, 3, 2, 4}), 1e-12);
    assertTrue(Double.isNaN(RankCorrelation.spearman(new float[] {1, 1}, new float[] {1, 2})));
  }

  private double probability(float[] image) {
    double difference = model.output(image, TARGET) - model.output(image, 1 - TARGET);
    return 1 / (1 + Math.exp(-difference));
  }
}
