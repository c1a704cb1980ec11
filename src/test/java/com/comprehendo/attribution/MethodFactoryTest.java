package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code baselines} parameter as text: numbers, words for image baselines, files; and its errors. */
class MethodFactoryTest {

  private static final Preprocessing IMAGENET = Preprocessing.imagenetDefault();

  private static Baseline igBaseline(String text) {
    return ((IntegratedGradients) MethodFactory.create("ig", Map.of("baselines", text), IMAGENET)).baseline();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0|0.0",
      "-0.5|-0.5",
      "blur|blur:10",
      "BLUR|blur:10",
      "blur:2.5|blur:2.5",
      " blur : 4 |blur:4",
      "noise|noise:0[-2.1179..2.2489, -2.0357..2.4286, -1.8044..2.64]",
      "noise:42|noise:42[-2.1179..2.2489, -2.0357..2.4286, -1.8044..2.64]",
      "black|black[-2.1179, -2.0357, -1.8044]",
      "Black|black[-2.1179, -2.0357, -1.8044]"})
  void baselinesAreParsedFromText(String text, String described) {
    assertEquals(described, igBaseline(text).describe());
  }

  @Test
  void blackAndNoiseFollowTheModelsNormalization() {
    Baseline.PerChannel black = assertInstanceOf(Baseline.PerChannel.class, igBaseline("black"));
    assertArrayEquals(IMAGENET.inputValues(0f), black.values());
    Baseline.UniformNoise noise = assertInstanceOf(Baseline.UniformNoise.class, igBaseline("noise:7"));
    assertArrayEquals(IMAGENET.inputValues(0f), noise.low());
    assertArrayEquals(IMAGENET.inputValues(1f), noise.high());
    assertEquals(7, noise.seed());
    assertEquals(10, assertInstanceOf(Baseline.Blurred.class, igBaseline("blur")).sigma());
  }

  @Test
  void aNpyFileIsATensorBaseline(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("b.npy");
    new NpyArray(new int[] {3, 2, 2}, new float[12]).write(file);
    assertEquals("tensor[3, 2, 2]", igBaseline(file.toString()).describe());
  }

  @Test
  void everyMethodWithBaselinesTakesTheWords() {
    Occlusion occlusion = (Occlusion) MethodFactory.create("occlusion",
        Map.of("sliding_window_shapes", "3,8,8", "baselines", "black"), IMAGENET);
    assertTrue(occlusion.parameters().get("baselines").toString().startsWith("black["));
    AttributionMethod smoothed = MethodFactory.create("noise-tunnel", Map.of("nt_inner", "ig", "baselines", "blur:3"), IMAGENET);
    assertEquals("blur:3", smoothed.parameters().get("baselines"));
    for (String text : new String[] {"black", "blur:5", "noise:1"}) {
      AttributionMethod shap = MethodFactory.create("gradient-shap", Map.of("baselines", text), IMAGENET);
      assertTrue(shap.parameters().get("baselines").toString().startsWith(text.replaceAll(":.*", "")), text);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ig|blur:0|baselines: 'blur:0': the blur sigma must be a positive number of pixels, e.g. blur:10",
      "ig|blur:-2|baselines: 'blur:-2': the blur sigma must be a positive number of pixels",
      "ig|blur:wide|baselines: 'blur:wide': the blur sigma must be a positive number of pixels",
      "ig|noise:x|baselines: 'noise:x': the noise seed must be a whole number, e.g. noise:0",
      "ig|black:2|baselines: 'black:2': black takes no argument",
      "occlusion|grey|baselines: 'grey' is neither a number nor an existing .npy file (accepted: a number in normalized "
          + "input space (e.g. 0); black; blur or blur:SIGMA in pixels (default 10); noise or noise:SEED",
      "gradient-shap|0|baselines: gradient-shap needs a distribution of baselines as a .npy of shape (K, C, H, W), "
          + "or black, blur[:SIGMA] or noise[:SEED] as one baseline per image; not the number 0.0"})
  void wrongBaselinesNameTheParameterAndTheAcceptedForms(String method, String text, String expected) {
    Map<String, String> parameters = method.equals("occlusion")
        ? Map.of("sliding_window_shapes", "3,8,8", "baselines", text)
        : Map.of("baselines", text);
    // A file is only named while the method is built (no I/O); reading it ahead reports a missing one.
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> {
      MethodFactory.create(method, parameters, IMAGENET);
      MethodRegistry.builtIn().get(method).readFiles(parameters);
    });
    assertTrue(error.getMessage().startsWith(expected), error.getMessage());
  }

  @Test
  void blackAndNoiseNeedTheModelsPreprocessing() {
    for (String text : new String[] {"black", "noise:3"}) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
          () -> MethodFactory.create("ig", Map.of("baselines", text)));
      assertTrue(error.getMessage().startsWith("baselines: '" + text + "'"), error.getMessage());
      assertTrue(error.getMessage().contains("model's preprocessing"), error.getMessage());
    }
    // The blur is linear, so it needs no normalization: blurring normalized pixels is normalizing blurred ones.
    assertEquals("blur:10", ((IntegratedGradients) MethodFactory.create("ig", Map.of("baselines", "blur"))).baseline().describe());
  }
}
