package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.model.DifferentiableClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many steps share an Integrated Gradients pass: {@code internal_batch_size} when given (Captum's),
 * else a measured size within the memory budget, never simply the budget's ceiling (which ran ResNet-34
 * at 224² 1.8× slower per row than passes of 4 rows on 2 cores). The maps are the same either way.
 */
class IntegratedGradientsPassSizeTest {

  private static final Shape SHAPE = new Shape(1, 2, 3, 3);
  private NDManager manager;
  private LinearClassifier linear;
  private NDArray inputs;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager("PyTorch");
    Random random = new Random(5);
    linear = new LinearClassifier(manager, LinearClassifier.gaussians(random, 2 * 18), new float[] {0.5f, -0.5f}, true);
    inputs = manager.create(LinearClassifier.gaussians(random, 18), SHAPE);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  /** The rows of every gradient pass the method makes. */
  private static List<Long> passRows(AttributionMethod ig, DifferentiableClassifier model, NDArray inputs,
      AttributionContext context, float[][] result) {
    List<Long> rows = new ArrayList<>();
    result[0] = ig.attribute(watching(model, rows), inputs, new int[] {1}, context).values().toFloatArray();
    return rows;
  }

  /** {@code model}, adding the rows of each gradient pass to {@code rows}. */
  private static DifferentiableClassifier watching(DifferentiableClassifier model, List<Long> rows) {
    return new ForwardingClassifier(model) {
      @Override
      public TargetGradients targetGradients(NDArray input, int[] targets) {
        rows.add(input.getShape().get(0));
        return model.targetGradients(input, targets);
      }
    };
  }

  @Test
  void withoutInternalBatchSizeThePassesAreMeasuredNotTheBudgetsCeiling() {
    float[][] measured = new float[1][];
    List<Long> rows = passRows(IntegratedGradients.builder().optSteps(60).build(), linear, inputs,
        AttributionContext.defaults(), measured);
    int ceiling = BatchBudget.defaultBudget().maxRows(18, true);
    assertTrue(ceiling >= 60, "the budget alone would run all 60 steps in one pass: " + ceiling);
    assertEquals(60, rows.stream().mapToLong(Long::longValue).sum());
    assertTrue(rows.size() > 1 && rows.get(0) < 60, "a search from a small pass: " + rows);

    float[][] onePass = new float[1][];
    List<Long> given = passRows(IntegratedGradients.builder().optSteps(60).optInternalBatchSize(60).build(), linear,
        inputs, AttributionContext.defaults(), onePass);
    assertEquals(List.of(60L), given, "Captum's internal_batch_size is obeyed");
    assertArrayEquals(onePass[0], measured[0], 1e-5f);
  }

  @Test
  void aRowCapBoundsTheMeasuredPasses() {
    float[][] result = new float[1][];
    List<Long> rows = passRows(IntegratedGradients.builder().optSteps(20).build(), linear, inputs,
        AttributionContext.defaults().withBudget(BatchBudget.defaultBudget().withRowCap(3)), result);
    assertEquals(20, rows.stream().mapToLong(Long::longValue).sum());
    assertTrue(rows.stream().allMatch(r -> r <= 3), "at most the cap: " + rows);
  }

  @Test
  void passRowsChosenByTheCallerAreRunAsTheyAreWithoutASearchOfItsOwn() {
    NDArray three = manager.create(LinearClassifier.gaussians(new Random(8), 3 * 18), new Shape(3, 2, 3, 3));
    IntegratedGradients ig = IntegratedGradients.builder().optSteps(20).build();
    List<Long> rows = new ArrayList<>();
    DifferentiableClassifier watched = watching(linear, rows);
    int[] targets = {1, 0, 1};
    float[] chosen = ig.attribute(watched, three, targets, AttributionContext.defaults().withChosenPassRows(30))
        .values().toFloatArray();
    assertEquals(List.of(30L, 30L), rows, "10 steps of the three images a pass: 30 rows, as chosen");

    rows.clear();
    float[] searched = ig.attribute(watched, three, targets, AttributionContext.defaults()).values().toFloatArray();
    assertTrue(rows.get(0) < 30, "without a choice IG searches from a small pass: " + rows);
    assertArrayEquals(searched, chosen, 1e-5f);
  }

  @Test
  void noiseTunnelOverIgOnOneImageMeasuresItsStepsAndDrawsTheSameNoise() {
    IntegratedGradients ig = IntegratedGradients.builder().optSteps(20).build();
    float[][] measured = new float[1][];
    List<Long> rows = passRows(NoiseTunnel.builder(ig).optSamples(3).optSeed(9).build(), linear, inputs,
        AttributionContext.defaults(), measured);
    assertEquals(60, rows.stream().mapToLong(Long::longValue).sum());
    assertTrue(rows.get(0) < 20, "a search from a small pass, one noisy copy at a time: " + rows);

    float[][] together = new float[1][];
    List<Long> oneBatch = passRows(NoiseTunnel.builder(ig).optSamples(3).optSamplesBatchSize(3).optSeed(9).build(),
        linear, inputs, AttributionContext.defaults(), together);
    assertEquals(List.of(60L), oneBatch, "all three copies' 20 steps in one pass, as asked");
    assertArrayEquals(together[0], measured[0], 1e-5f);
  }
}
