package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.ModelLayer;
import com.comprehendo.model.TargetChooser;
import com.comprehendo.model.TorchScriptClassifier;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets chosen from the model's own outputs ({@link AttributionMethod#attributeChoosingTargets}): the
 * same maps as with those targets given, each row's outputs seen once and equal to the model's forward
 * pass, and no forward pass of their own for the methods whose gradient pass runs the model (or its
 * head) on the inputs. On {@code layer-models/linear-head.pt} (features = x, a linear head of the
 * channel means; two classes).
 */
class ChosenTargetsTest {

  private static final int ROWS = 6;

  @TempDir static Path dir;
  static TorchScriptClassifier model;
  static NDManager manager;
  static NDArray inputs;
  static float[][] forwardOutputs;

  @BeforeAll
  static void load() throws Exception {
    for (String name : List.of("linear-head.pt", "linear-head.json")) {
      try (InputStream in = ChosenTargetsTest.class.getResourceAsStream("/layer-models/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    model = TorchScriptClassifier.load(dir.resolve("linear-head.pt"), Device.cpu());
    manager = model.manager().newSubManager();
    Random random = new Random(11);
    float[] values = new float[ROWS * 3 * 8 * 8];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() + (i / (3 * 64)) % 2; // rows alternate their means
    }
    inputs = manager.create(values, new Shape(ROWS, 3, 8, 8));
    float[] flat = model.forward(inputs).toFloatArray();
    forwardOutputs = new float[ROWS][];
    for (int row = 0; row < ROWS; row++) {
      forwardOutputs[row] = java.util.Arrays.copyOfRange(flat, row * 2, row * 2 + 2);
    }
  }

  @AfterAll
  static void close() {
    manager.close();
    model.close();
  }

  /** The class with the larger output, as a prediction does, remembering what it saw. */
  private static final class Argmax implements TargetChooser {
    final float[][] seen = new float[ROWS][];
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public int targetFor(int row, float[] outputs) {
      calls.incrementAndGet();
      seen[row] = outputs;
      return outputs[1] > outputs[0] ? 1 : 0;
    }
  }

  private static int[] argmaxOfForward() {
    int[] targets = new int[ROWS];
    for (int row = 0; row < ROWS; row++) {
      targets[row] = forwardOutputs[row][1] > forwardOutputs[row][0] ? 1 : 0;
    }
    return targets;
  }

  private static AttributionMethod method(String id, Map<String, String> values) {
    return MethodRegistry.builtIn().create(id, values, ModelFacts.UNKNOWN);
  }

  @Test
  void chosenTargetsGiveTheMapsOfTheSameTargetsGiven() {
    int[] expectedTargets = argmaxOfForward();
    assertTrue(java.util.Arrays.stream(expectedTargets).distinct().count() == 2, "both classes among the rows");
    // Three rows per pass: the chooser must see every row once across chunks, with the rows' own outputs.
    AttributionContext context = AttributionContext.defaults().withBudget(BatchBudget.defaultBudget().withRowCap(4));
    for (AttributionMethod method : List.of(method("saliency", Map.of()), method("input-x-gradient", Map.of()),
        method("grad-cam", Map.of()), method("grad-cam-plus-plus", Map.of()),
        method("layer-gradient-x-activation", Map.of()), method("ig", Map.of("n_steps", "4")),
        method("occlusion", Map.of("sliding_window_shapes", "3,4,4")))) {
      Argmax chooser = new Argmax();
      float[] chosen = method.attributeChoosingTargets(model, inputs, chooser, context).values().toFloatArray();
      float[] given = method.attribute(model, inputs, expectedTargets, context).values().toFloatArray();
      assertEquals(ROWS, chooser.calls.get(), method.id() + ": each row's outputs seen once");
      for (int row = 0; row < ROWS; row++) {
        assertArrayEquals(forwardOutputs[row], chooser.seen[row], 1e-5f, method.id() + " row " + row);
      }
      assertArrayEquals(given, chosen, 1e-6f, method.id());
    }
  }

  @Test
  void methodsWhosePassRunsTheModelOnTheInputsSpendNoPassOnChoosing() {
    AtomicInteger forwards = new AtomicInteger();
    AtomicInteger heads = new AtomicInteger();
    DifferentiableClassifier counted = counting(forwards, heads);
    for (String id : List.of("saliency", "input-x-gradient", "grad-cam", "hires-cam", "layer-gradient-x-activation")) {
      forwards.set(0);
      heads.set(0);
      AttributionMethod method = method(id, Map.of());
      assertTrue(method.choosesTargetsInItsPass(), id);
      method.attributeChoosingTargets(counted, inputs, new Argmax(), AttributionContext.defaults());
      assertEquals(0, forwards.get() + heads.get(), id + ": forward passes spent on choosing the targets");
    }
    // Integrated Gradients' passes run between the baseline and the input: it needs a forward pass first.
    AttributionMethod ig = method("ig", Map.of("n_steps", "2"));
    assertFalse(ig.choosesTargetsInItsPass());
    forwards.set(0);
    ig.attribute(counted, inputs, argmaxOfForward(), AttributionContext.defaults());
    int ownForwards = forwards.get(); // its convergence delta's
    forwards.set(0);
    ig.attributeChoosingTargets(counted, inputs, new Argmax(), AttributionContext.defaults());
    assertEquals(ownForwards + 1, forwards.get(), "IG's passes and one forward pass to choose");
  }

  @Test
  void aChosenClassOutsideTheOutputsIsRefusedByName() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> method("saliency", Map.of()).attributeChoosingTargets(model, inputs, (row, outputs) -> 7,
            AttributionContext.defaults()));
    assertTrue(error.getMessage().contains("target 7 is outside 0..1"), error.getMessage());
    IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
        () -> method("grad-cam", Map.of()).attribute(model, inputs, new int[] {0, 1}, AttributionContext.defaults()));
    assertTrue(tooFew.getMessage().contains("target"), tooFew.getMessage());
  }

  /** The model, counting the forward passes of the whole model and of its head's. */
  private static DifferentiableClassifier counting(AtomicInteger forwards, AtomicInteger heads) {
    return new ForwardingClassifier(model) {
      @Override
      public NDArray forward(NDArray input) {
        forwards.incrementAndGet();
        return model.forward(input);
      }

      @Override
      public ModelLayer layer(String name) {
        ModelLayer layer = model.layer(name);
        return new ModelLayer() {
          @Override
          public String name() {
            return layer.name();
          }

          @Override
          public NDArray activations(NDArray input) {
            return layer.activations(input);
          }

          @Override
          public TargetGradients headGradients(NDArray activations, int[] targets) {
            return layer.headGradients(activations, targets);
          }

          @Override
          public TargetGradients headGradients(NDArray activations, TargetChooser targets) {
            return layer.headGradients(activations, targets);
          }

          @Override
          public NDArray head(NDArray activations) {
            heads.incrementAndGet();
            return layer.head(activations);
          }
        };
      }
    };
  }
}
