package com.comprehendo.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.attribution.Attribution;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.attribution.Saliency;
import com.comprehendo.job.CancelledException;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.TorchScriptClassifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cascading randomization on real TorchScript modules: DJL writes into the module's own parameter
 * tensors, the forward sees the change, and restoring gives the loaded model back bit for bit.
 */
class SanityCheckTest {

  private static float[] randomInput(int size, long seed) {
    Random random = new Random(seed);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  /** Flatten, Linear(48, 8), ReLU, Linear(8, 2) on 3×4×4 inputs (src/test/resources/metrics/make_two_layer.py). */
  private static TorchScriptClassifier twoLayerModel() throws Exception {
    return TorchScriptClassifier.load(
        java.nio.file.Path.of(SanityCheckTest.class.getResource("/metrics/two-layer.pt").toURI()), Device.cpu());
  }

  @Test
  void randomizingAModuleChangesTheForwardAndRestoringUndoesIt() throws Exception {
    try (TorchScriptClassifier model = TorchScriptClassifier.load(MetricsReference.file("tinycnn.pt"), Device.cpu());
        NDManager manager = model.manager().newSubManager()) {
      assertEquals(List.of("features.0", "features.1", "features.4", "features.5", "features.8", "features.9", "classifier"),
          model.parameterGroups());
      NDArray input = manager.create(MetricsReference.array("tinycnn_input.npy").data(), new Shape(1, 3, 64, 64));
      float[] loaded = model.forward(input).toFloatArray();
      model.randomize("classifier", 1);
      float[] randomHead = model.forward(input).toFloatArray();
      assertFalse(java.util.Arrays.equals(loaded, randomHead), "the forward uses the new head");
      model.randomize("classifier", 1);
      assertArrayEquals(randomHead, model.forward(input).toFloatArray(), "seeded, and drawn from the loaded scale");
      model.randomize("features.8", 2);
      assertFalse(java.util.Arrays.equals(randomHead, model.forward(input).toFloatArray()));
      model.restoreParameters();
      assertArrayEquals(loaded, model.forward(input).toFloatArray(), "restored bit for bit");
      assertThrows(IllegalArgumentException.class, () -> model.randomize("no.such.module", 0));
    }
  }

  @Test
  void randomizingTheHeadChangesSaliencyOnATwoLayerModel() throws Exception {
    try (TorchScriptClassifier model = twoLayerModel();
        NDManager manager = model.manager().newSubManager()) {
      assertEquals(List.of("1", "3"), model.parameterGroups());
      NDArray input = manager.create(randomInput(48, 5), new Shape(1, 3, 4, 4));
      float[] before = new Saliency(false).attribute(model, input, new int[] {1}, AttributionContext.defaults())
          .values().toFloatArray();
      List<SanityCheck.Step> steps = new SanityCheck(5, 11).run(model, new Saliency(false), input, 1, AttributionContext.defaults());
      assertEquals(2, steps.size(), "two modules: the head, then the hidden layer");
      assertEquals("3", steps.get(0).randomized());
      assertEquals("1", steps.get(1).randomized());
      for (SanityCheck.Step step : steps) {
        assertTrue(step.spearman() < 0.9, "a map that depends on the weights changes: " + step);
      }
      float[] after = new Saliency(false).attribute(model, input, new int[] {1}, AttributionContext.defaults())
          .values().toFloatArray();
      assertArrayEquals(before, after, "the parameters are restored after the check");
    }
  }

  /** The paper's point: a "map" that ignores the model (here the input itself) keeps ρ = 1 throughout. */
  @Test
  void aMapThatIgnoresTheModelStaysPerfectlyCorrelated() throws Exception {
    AttributionMethod edges = new AttributionMethod() {
      @Override
      public String id() {
        return "input";
      }

      @Override
      public Map<String, Object> parameters() {
        return Map.of();
      }

      @Override
      public PassCount cost(int examples) {
        return new PassCount(examples, 0);
      }

      @Override
      public Attribution attribute(DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext c) {
        return new Attribution(inputs.duplicate(), Optional.empty(), cost(1));
      }
    };
    try (TorchScriptClassifier model = twoLayerModel();
        NDManager manager = model.manager().newSubManager()) {
      NDArray input = manager.create(randomInput(48, 6), new Shape(1, 3, 4, 4));
      for (SanityCheck.Step step : new SanityCheck(2, 0).run(model, edges, input, 0, AttributionContext.defaults())) {
        assertEquals(1.0, step.spearman(), 1e-12);
        assertEquals(1.0, step.spearmanAbsolute(), 1e-12);
      }
      float[] loaded = model.forward(input).toFloatArray();
      // Cancelled once the head is randomized: the check stops and the parameters come back.
      java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
      AttributionContext cancelled = AttributionContext.defaults()
          .withProgress((maps, total) -> done.set(maps)).withCancellation(() -> done.get() >= 2);
      assertThrows(CancelledException.class, () -> new SanityCheck(2, 0).run(model, new Saliency(), input, 0, cancelled));
      assertEquals(2, done.get());
      assertArrayEquals(loaded, model.forward(input).toFloatArray(), "restored after a cancelled check");
    }
  }
}
