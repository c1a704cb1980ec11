package com.comprehendo.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.Baseline;
import com.comprehendo.attribution.Saliency;
import com.comprehendo.data.NpyArray;
import com.comprehendo.model.TorchScriptClassifier;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every case of the reference set's {@code metrics/}: deletion, insertion, infidelity and sensitivity_max. */
class CaptumMetricsReferenceTest {

  private static TorchScriptClassifier model;

  @BeforeAll
  static void loadModel() throws Exception {
    model = TorchScriptClassifier.load(MetricsReference.file("tinycnn.pt"), Device.cpu());
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  static Stream<JsonObject> curveCases() {
    List<JsonObject> cases = new ArrayList<>();
    for (JsonElement element : MetricsReference.index().getAsJsonArray("deletion_insertion")) {
      cases.add(element.getAsJsonObject());
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("curveCases")
  void curveAndAreaMatchEveryPoint(JsonObject entry) {
    CurveKind kind = CurveKind.valueOf(entry.get("metric").getAsString().toUpperCase(java.util.Locale.ROOT));
    DeletionInsertion metric = new DeletionInsertion(
        kind, entry.get("step").getAsInt(), Baseline.constant(entry.get("baselines").getAsFloat()));
    NpyArray input = MetricsReference.array(entry.get("input").getAsString());
    NpyArray attribution = MetricsReference.array(entry.get("attribution").getAsString());
    FaithfulnessCurve curve;
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray image = manager.create(input.data(), new Shape(input.longShape()));
      curve = metric.run(model, ScoreKind.LOGITS, image, attribution.data(), attribution.shape()[1],
          entry.get("target").getAsInt(), AttributionContext.defaults());
    }
    JsonArray expected = entry.getAsJsonArray("curve");
    assertEquals(expected.size(), curve.points(), entry.get("name").getAsString());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).getAsDouble(), curve.probabilities()[i], 1e-5, entry.get("name") + " point " + i);
    }
    assertEquals(entry.get("auc").getAsDouble(), curve.auc(), 1e-5, entry.get("name").getAsString());
  }

  /**
   * Captum's infidelity, plain and normalized, replaying its recorded perturbations, to 5e-5 relative.
   * The value hangs on F_t(x) − F_t(x − I), differences of 5e-4 between logits of 0.1, so it follows
   * the model's float32 rounding, and that rounding follows the CPU's kernels as much as the batch
   * layout: on an AVX2 machine Comprehendo was 2.3e-6 / 4.4e-6 off, on an AVX-512 one (libtorch picks
   * other kernels) 1.3e-5 / 2.0e-5, and Captum's own run on PyTorch 1.13 was 4.3e-5 / 2.5e-5 off its
   * recorded value; the exact (float64) answer is 1.1e-5 / 1.8e-5 away (docs/metrics.md). A tighter
   * bound would hold on one CPU only. Captum's layout of the passes, which moves the value by 1.5e-5,
   * is checked on its own in AnalyticMetricsTest.
   */
  @ParameterizedTest
  @ValueSource(strings = {"infidelity_plain", "infidelity_norm"})
  void infidelityReplaysCaptum(String name) {
    JsonObject entry = MetricsReference.index().getAsJsonObject("captum_metrics").getAsJsonObject(name);
    NpyArray input = MetricsReference.array(entry.get("input").getAsString());
    NpyArray attribution = MetricsReference.array(entry.get("attribution").getAsString());
    Perturbations recorded = Perturbations.recorded(
        MetricsReference.array("metrics/" + entry.get("perturbations").getAsString()).data());
    double value;
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray image = manager.create(input.data(), new Shape(input.longShape()));
      value = new Infidelity(entry.get("n_perturb_samples").getAsInt(), entry.get("normalize").getAsBoolean())
          .run(model, image, attribution.data(), entry.get("target").getAsInt(), recorded, AttributionContext.defaults());
    }
    double expected = entry.get("value").getAsDouble();
    assertTrue(Math.abs(value - expected) <= 5e-5 * expected, name + " " + value + " vs Captum's " + expected);
  }

  @Test
  void sensitivityMaxOfSaliencyReplaysCaptum() {
    JsonObject entry = MetricsReference.index().getAsJsonObject("captum_metrics").getAsJsonObject("sensitivity_max_saliency");
    NpyArray input = MetricsReference.array(entry.get("input").getAsString());
    Perturbations recorded = Perturbations.recorded(
        MetricsReference.array("metrics/" + entry.get("perturbations").getAsString()).data());
    double value;
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray image = manager.create(input.data(), new Shape(input.longShape()));
      value = new SensitivityMax(entry.get("n_perturb_samples").getAsInt())
          .run(model, new Saliency(true), image, entry.get("target").getAsInt(), recorded, AttributionContext.defaults());
    }
    double expected = entry.get("value").getAsDouble();
    assertTrue(Math.abs(value - expected) <= 1e-5 * expected, "sensitivity_max " + value + " vs Captum's " + expected);
  }
}
