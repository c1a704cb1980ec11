package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.ResizeMethod;
import com.comprehendo.job.BatchBudget;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The baselines with known answers: constants, the Gaussian blur, seeded noise, black. */
class BaselineTest {

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private float[] materialize(Baseline baseline, float[] values, Shape shape) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray inputs = scope.create(values, shape);
      try (NDManager job = scope.newSubManager()) {
        NDArray result = baseline.materialize(job, inputs);
        assertEquals(shape, result.getShape());
        assertEquals(1, ManagedArrays.count(job), baseline.describe() + " left intermediates in the job's manager");
        assertEquals(2, ManagedArrays.count(scope), baseline.describe() + " left arrays in the inputs' manager (only the inputs and the job belong there)");
        return result.toFloatArray();
      }
    }
  }

  @Test
  void blurOfConstantImageIsTheConstant() {
    // Radius ⌈3·2⌉ = 6 exceeds the 5×7 image: the edge is repeated, so constants stay exact.
    Shape shape = new Shape(2, 3, 5, 7);
    float[] image = new float[(int) shape.size()];
    for (int i = 0; i < image.length; i++) {
      image[i] = -1.5f + (i / 35) * 0.75f; // one value per (n, c) plane
    }
    float[] blurred = materialize(Baseline.blurred(2), image, shape);
    for (int i = 0; i < image.length; i++) {
      assertEquals(image[i], blurred[i], 1e-6, "element " + i);
    }
  }

  @Test
  void blurOfImpulseSumsToOneIsSymmetricAndSeparable() {
    int side = 21;
    float[] impulse = new float[side * side];
    impulse[10 * side + 10] = 1f;
    float[] blurred = materialize(Baseline.blurred(2), impulse, new Shape(1, 1, side, side));
    float[] kernel = Baseline.Blurred.kernel(2);
    int radius = kernel.length / 2;
    double sum = 0;
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        float value = blurred[y * side + x];
        sum += value;
        assertEquals(value, blurred[x * side + y], 1e-7, "transpose symmetry at " + y + "," + x);
        assertEquals(value, blurred[(side - 1 - y) * side + (side - 1 - x)], 1e-7, "point symmetry at " + y + "," + x);
        int dy = y - 10;
        int dx = x - 10;
        double expected = Math.abs(dy) <= radius && Math.abs(dx) <= radius ? kernel[dy + radius] * kernel[dx + radius] : 0;
        assertEquals(expected, value, 1e-7, "outer product of the 1-D kernel at " + y + "," + x);
      }
    }
    assertEquals(1.0, sum, 1e-5);
  }

  @Test
  void oneDimensionalBlurMatchesHandComputedKernel() {
    // σ = 1: radius 3, weights e^(−i²/2) = 1, 0.60653066, 0.13533528, 0.01110900, sum 2.50594987.
    double[] taps = {0.39905028, 0.24203623, 0.05400558, 0.00443305};
    float[] kernel = Baseline.Blurred.kernel(1);
    assertEquals(7, kernel.length);
    for (int i = 0; i <= 3; i++) {
      assertEquals(taps[i], kernel[3 + i], 1e-7);
      assertEquals(taps[i], kernel[3 - i], 1e-7);
    }
    // A row (H = 1, so the vertical pass sees only copies of it): an impulse and an edge.
    float[] impulse = {0, 0, 0, 0, 1, 0, 0, 0, 0};
    float[] blurredImpulse = materialize(Baseline.blurred(1), impulse, new Shape(1, 1, 1, 9));
    double[] expected = {0, taps[3], taps[2], taps[1], taps[0], taps[1], taps[2], taps[3], 0};
    for (int i = 0; i < 9; i++) {
      assertEquals(expected[i], blurredImpulse[i], 1e-6, "impulse element " + i);
    }
    // At the border the first pixel stands in for everything left of it.
    float[] row = {2, 1, 0, 0};
    float[] blurredRow = materialize(Baseline.blurred(1), row, new Shape(1, 1, 1, 4));
    double first = (taps[0] + taps[1] + taps[2] + taps[3]) * 2 + taps[1] * 1;
    double last = taps[3] * 2 + taps[2] * 1;
    assertEquals(first, blurredRow[0], 1e-6);
    assertEquals(last, blurredRow[3], 1e-6);
  }

  @Test
  void blurMatchesDirectConvolutionWithRepeatedEdges() {
    Shape shape = new Shape(2, 3, 6, 9);
    float[] image = randomValues((int) shape.size(), 3);
    float[] blurred = materialize(Baseline.blurred(1.5), image, shape);
    assertArrayEquals(referenceBlur(image, 6, 9, 1.5), blurred, 1e-5f);
  }

  /** A plain double-precision 2-D Gaussian blur with repeated edges, for comparison. */
  static float[] referenceBlur(float[] image, int height, int width, double sigma) {
    float[] kernel = Baseline.Blurred.kernel(sigma);
    int radius = kernel.length / 2;
    int plane = height * width;
    float[] result = new float[image.length];
    for (int p = 0; p < image.length / plane; p++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double sum = 0;
          for (int dy = -radius; dy <= radius; dy++) {
            int yy = Math.min(height - 1, Math.max(0, y + dy));
            for (int dx = -radius; dx <= radius; dx++) {
              int xx = Math.min(width - 1, Math.max(0, x + dx));
              sum += kernel[dy + radius] * kernel[dx + radius] * image[p * plane + yy * width + xx];
            }
          }
          result[p * plane + y * width + x] = (float) sum;
        }
      }
    }
    return result;
  }

  @Test
  void blurRefusesNonPositiveSigmaAndNonImages() {
    assertThrows(IllegalArgumentException.class, () -> Baseline.blurred(0));
    assertThrows(IllegalArgumentException.class, () -> Baseline.blurred(-1));
    assertThrows(IllegalArgumentException.class, () -> Baseline.blurred(Double.NaN));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> materialize(Baseline.blurred(1), new float[6], new Shape(2, 3)));
    assertTrue(error.getMessage().contains("(N, C, H, W)"), error.getMessage());
  }

  @Test
  void noiseStaysInEachChannelsRangeAndFollowsTheSeed() {
    float[] low = {-1f, 0f, 5f};
    float[] high = {1f, 0.5f, 6f};
    Shape shape = new Shape(1, 3, 32, 32);
    float[] zeros = new float[(int) shape.size()];
    float[] a = materialize(Baseline.uniformNoise(low, high, 7), zeros, shape);
    float[] again = materialize(Baseline.uniformNoise(low, high, 7), zeros, shape);
    float[] other = materialize(Baseline.uniformNoise(low, high, 8), zeros, shape);
    assertArrayEquals(a, again, "same seed, same baseline");
    assertFalse(Arrays.equals(a, other), "another seed, another baseline");
    int plane = 32 * 32;
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        assertTrue(a[i] >= low[c] && a[i] <= high[c], "channel " + c + " value " + a[i]);
        sum += a[i];
      }
      double range = high[c] - low[c];
      assertEquals((low[c] + high[c]) / 2, sum / plane, 0.05 * range, "channel " + c + " mean");
    }
    // The values are RandomDraws.seeded(seed).uniform(...) scaled into the range, in (N, C, H, W) order.
    float[] u = RandomDraws.seeded(7).uniform(3 * plane);
    assertEquals(low[2] + u[2 * plane + 5] * (high[2] - low[2]), a[2 * plane + 5], 1e-6);
    // Noise does not depend on the input values, only on their shape.
    float[] ones = new float[zeros.length];
    Arrays.fill(ones, 1f);
    assertArrayEquals(a, materialize(Baseline.uniformNoise(low, high, 7), ones, shape));
  }

  @Test
  void noiseOverThePixelRangeIsMappedThroughTheNormalization() {
    Preprocessing pre = new Preprocessing(4, 4, ResizeMethod.SQUISH, new float[] {0.5f, 0.25f, 0f}, new float[] {0.5f, 0.25f, 1f});
    float[] values = materialize(Baseline.uniformNoise(pre, 0), new float[48], new Shape(1, 3, 4, 4));
    float[][] ranges = {{-1f, 1f}, {-1f, 3f}, {0f, 1f}};
    for (int i = 0; i < values.length; i++) {
      float[] range = ranges[i / 16];
      assertTrue(values[i] >= range[0] && values[i] <= range[1], "element " + i + " = " + values[i]);
    }
  }

  @Test
  void blackIsZeroMinusMeanOverStdPerChannel() {
    Preprocessing imagenet = Preprocessing.imagenetDefault();
    float[] values = materialize(Baseline.black(imagenet), randomValues(2 * 3 * 4 * 5, 1), new Shape(2, 3, 4, 5));
    float[] mean = imagenet.mean();
    float[] std = imagenet.std();
    for (int i = 0; i < values.length; i++) {
      int c = (i / 20) % 3;
      assertEquals((0 - mean[c]) / std[c], values[i], 1e-6, "element " + i);
    }
    assertEquals(-2.1179, values[0], 1e-4);
    assertTrue(Baseline.black(imagenet).describe().startsWith("black[-2.1179, -2.0357, -1.8044"),
        Baseline.black(imagenet).describe());
    // A model that normalizes inside itself (mean 0, std 1): black is plain 0.
    Preprocessing raw = new Preprocessing(4, 5, ResizeMethod.SQUISH, new float[3], new float[] {1f, 1f, 1f});
    assertArrayEquals(new float[60], materialize(Baseline.black(raw), randomValues(60, 2), new Shape(1, 3, 4, 5)));
  }

  @Test
  void broadcastBaselinesOwnTheirMemory() throws InterruptedException {
    // Black and an image-shaped tensor are broadcast from a small array made from Java data, whose
    // memory only that array keeps alive. The baseline must not be a view of it: after the array is
    // closed, a garbage collection frees the memory and a view reads whatever is allocated there next.
    Shape shape = new Shape(2, 3, 4, 5);
    float[] row = new float[60];
    for (int i = 0; i < row.length; i++) {
      row[i] = i / 10f;
    }
    List<Baseline> broadcast = List.of(
        new Baseline.PerChannel("black", new float[] {-2.1f, -2.0f, -1.8f}),
        Baseline.tensor(new NpyArray(new int[] {3, 4, 5}, row)));
    try (NDManager job = manager.newSubManager()) {
      NDArray inputs = job.zeros(shape);
      List<NDArray> baselines = broadcast.stream().map(b -> b.materialize(job, inputs)).toList();
      List<float[]> expected = baselines.stream().map(NDArray::toFloatArray).toList();
      for (int round = 0; round < 5; round++) {
        System.gc();
        Thread.sleep(10);
        for (int i = 0; i < 200; i++) {
          float[] junk = new float[3 + i % 60];
          Arrays.fill(junk, 1e30f);
          job.create(junk);
        }
        for (int b = 0; b < baselines.size(); b++) {
          assertArrayEquals(expected.get(b), baselines.get(b).toFloatArray(), broadcast.get(b).describe() + ", round " + round);
        }
      }
    }
  }

  @Test
  void perChannelValuesMustMatchTheChannels() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> materialize(Baseline.black(Preprocessing.imagenetDefault()), new float[16], new Shape(1, 1, 4, 4)));
    assertTrue(error.getMessage().contains("3 channel values"), error.getMessage());
  }

  @Test
  void constantAndTensorBaselinesKeepTheirBehaviour() {
    Shape shape = new Shape(2, 1, 2, 2);
    float[] constant = materialize(Baseline.constant(0.25f), new float[8], shape);
    float[] expected = new float[8];
    Arrays.fill(expected, 0.25f);
    assertArrayEquals(expected, constant);
    float[] one = {1, 2, 3, 4};
    assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4},
        materialize(Baseline.tensor(new NpyArray(new int[] {1, 2, 2}, one)), new float[8], shape));
    assertEquals("0.25", Baseline.constant(0.25f).describe());
    assertEquals("tensor[1, 2, 2]", Baseline.tensor(new NpyArray(new int[] {1, 2, 2}, one)).describe());
  }

  @Test
  void descriptionsSayWhatToRetype() {
    assertEquals("blur:10", Baseline.blurred(10).describe());
    assertEquals("blur:2.5", Baseline.blurred(2.5).describe());
    assertEquals("noise:3[0..1]", Baseline.uniformNoise(new float[] {0}, new float[] {1}, 3).describe());
  }

  @Test
  void methodsWithImageBaselinesLeaveOnlyTheirResults() {
    Random random = new Random(5);
    float[] weights = new float[3 * 60];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    LinearClassifier model = new LinearClassifier(manager, weights, new float[3], true);
    Baseline blur = Baseline.blurred(1);
    List<AttributionMethod> methods = List.of(
        IntegratedGradients.builder().optSteps(4).optInternalBatchSize(2).optBaseline(blur).build(),
        Occlusion.builder(3, 2, 2).optStrides(1, 2, 2).optPerturbationsPerEval(3)
            .optBaseline(Baseline.uniformNoise(new float[] {0}, new float[] {1}, 1)).build(),
        NoiseTunnel.builder(IntegratedGradients.builder().optSteps(3).optBaseline(blur).build())
            .optSamples(3).optSamplesBatchSize(2).build(),
        GradientShap.builder(Baseline.black(Preprocessing.imagenetDefault())).optSamples(3).build());
    for (AttributionMethod method : methods) {
      try (NDManager scope = manager.newSubManager()) {
        NDArray batch = scope.create(randomValues(120, 9), new Shape(2, 3, 4, 5));
        Attribution result = method.attribute(model, batch, new int[] {0, 2},
            AttributionContext.defaults().withBudget(new BatchBudget(1)));
        int expected = 2 + (result.convergenceDelta().isPresent() ? 1 : 0);
        assertEquals(expected, ManagedArrays.count(scope), method.id() + " left intermediate arrays behind");
      }
    }
  }

  @Test
  void blurOfAModelSizedImageIsQuick() {
    // Not a benchmark: a guard against an accidentally quadratic blur (measured 9–17 ms on two busy cores).
    Shape shape = new Shape(1, 3, 224, 224);
    float[] image = randomValues((int) shape.size(), 4);
    materialize(Baseline.blurred(10), image, shape); // warm-up
    long started = System.nanoTime();
    materialize(Baseline.blurred(10), image, shape);
    double millis = (System.nanoTime() - started) / 1e6;
    assertTrue(millis < 2000, "blurring 3×224×224 took " + millis + " ms");
  }

  static float[] randomValues(int count, long seed) {
    Random random = new Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
