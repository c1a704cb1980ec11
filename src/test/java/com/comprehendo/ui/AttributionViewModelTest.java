package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.attribution.IntegratedGradients;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.ui.explain.AttributionViewModel;
import com.comprehendo.ui.parameters.ParameterField;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.service.BaselineForm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The method editor, validation, cost estimate and convergence check. */
class AttributionViewModelTest {

  @TempDir Path dir;

  private AttributionViewModel opened(ExplorerHarness harness) {
    Fixtures.images(dir.resolve("images"), 1);
    harness.open(dir.resolve("model.pt"), dir.resolve("images"));
    return harness.viewModel.attribution();
  }

  @Test
  void editorShowsCaptumParametersWithDefaultsAndCost() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);

      assertEquals("ig", vm.methodIdProperty().get());
      assertEquals("50", vm.parameter("n_steps").orElseThrow().value());
      assertEquals("gausslegendre", vm.parameter("method").orElseThrow().value());
      assertEquals("", vm.parameter("internal_batch_size").orElseThrow().value(), "blank: fitted to memory");
      assertTrue(vm.costTextProperty().get().startsWith("≈ 52 passes"), vm.costTextProperty().get());

      vm.parameter("n_steps").orElseThrow().valueProperty().set("200");
      assertTrue(vm.costTextProperty().get().startsWith("≈ 202 passes"), vm.costTextProperty().get());
    }
  }

  @Test
  void invalidParametersShowTheEnginesMessageAndDisableRun() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);

      vm.parameter("n_steps").orElseThrow().valueProperty().set("many");

      assertEquals("n_steps: 'many' is not a whole number", vm.validationMessageProperty().get());
      assertNull(vm.choiceProperty().get());
      assertFalse(vm.canRunProperty().get());
      assertEquals("", vm.costTextProperty().get());

      vm.parameter("n_steps").orElseThrow().valueProperty().set("0");
      assertEquals("n_steps must be at least 1, got 0", vm.validationMessageProperty().get());

      vm.parameter("n_steps").orElseThrow().valueProperty().set("10");
      assertEquals("", vm.validationMessageProperty().get());
      assertTrue(vm.canRunProperty().get());
    }
  }

  @Test
  void aLayerMethodOnAModelWithoutASplitSaysWhyAndCannotRun() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);

      vm.methodIdProperty().set("grad-cam");

      assertTrue(vm.validationMessageProperty().get().startsWith("Grad-CAM needs a model split into features and head;"),
          vm.validationMessageProperty().get());
      assertTrue(vm.validationMessageProperty().get().contains("tools/export_for_comprehendo.py"));
      assertNull(vm.choiceProperty().get());
      assertFalse(vm.canRunProperty().get());

      vm.methodIdProperty().set("saliency");
      assertEquals("", vm.validationMessageProperty().get());
      assertTrue(vm.canRunProperty().get());
    }
  }

  @Test
  void switchingMethodsRebuildsTheEditorAndKeepsEdits() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);
      vm.parameter("n_steps").orElseThrow().valueProperty().set("16");

      vm.methodIdProperty().set("occlusion");
      assertEquals("3,2,2", vm.parameter("sliding_window_shapes").orElseThrow().value(), "a tenth of the side, at least 2");
      vm.methodIdProperty().set("ig");

      assertEquals("16", vm.parameter("n_steps").orElseThrow().value());
    }
  }

  @Test
  void noiseTunnelOffersTheParametersOfItsInnerMethod() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);
      vm.methodIdProperty().set("noise-tunnel");
      assertTrue(vm.parameter("abs").isPresent(), "saliency's parameter");
      assertTrue(vm.costTextProperty().get().startsWith("≈ 5 passes"), vm.costTextProperty().get());

      vm.parameter("nt_inner").orElseThrow().valueProperty().set("ig");

      assertTrue(vm.parameter("n_steps").isPresent());
      assertFalse(vm.parameter("abs").isPresent());
      assertEquals("", vm.validationMessageProperty().get());
      assertTrue(vm.costTextProperty().get().startsWith("≈ 260 passes"), vm.costTextProperty().get());
    }
  }

  @Test
  void everyMethodRunsWithItsDefaultParameters() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);
      for (String id : vm.methodIds()) {
        if (!MethodRegistry.builtIn().get(id).requirements().isEmpty()) {
          continue; // the fake model has no split: see aLayerMethodOnAModelWithoutASplitSaysWhyAndCannotRun
        }
        vm.methodIdProperty().set(id);
        assertEquals("", vm.validationMessageProperty().get(), id);
        vm.run();
        assertNotNull(vm.resultProperty().get(), id);
        assertEquals(id, vm.resultKeyProperty().get().method().methodId());
      }
    }
  }

  @Test
  void largeConvergenceDeltaWarns() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);
      assertFalse(vm.convergenceWarningProperty().get());
      assertTrue(vm.convergenceTextProperty().get().startsWith("δ = +1.00e−04"), vm.convergenceTextProperty().get());

      harness.explainer().delta = 5f;
      vm.parameter("n_steps").orElseThrow().valueProperty().set("7");
      vm.run();

      assertTrue(vm.convergenceWarningProperty().get());
      vm.methodIdProperty().set("saliency");
      vm.run();
      assertEquals("", vm.convergenceTextProperty().get(), "saliency has no delta");
      assertFalse(vm.convergenceWarningProperty().get());
    }
  }

  @Test
  void aSlowAttributionShowsItsEstimatesFirstThenTheFullResultWhichAloneIsCached() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);
      FakeExplainer explainer = harness.explainer();
      List<String> shown = new ArrayList<>();
      List<String> progressWhenShown = new ArrayList<>();
      vm.resultProperty().addListener((obs, old, value) -> {
        if (value != null) {
          shown.add((value.total() == 0 ? "zeros" : value.passes().total() + "") + (vm.previewingProperty().get() ? " preview" : " final"));
        }
      });
      vm.progressTextProperty().addListener((obs, old, text) -> {
        if (vm.previewingProperty().get()) {
          progressWhenShown.add(text);
        }
      });
      vm.parameter("n_steps").orElseThrow().valueProperty().set("40");
      vm.run();
      assertEquals(List.of("42 final"), shown, "no estimate on a fast model: the result follows at once");

      explainer.reportedSeconds = 10; // from now on a pass seems to take about a second
      vm.parameter("n_steps").orElseThrow().valueProperty().set("7");
      vm.run(); // measures that speed
      vm.parameter("n_steps").orElseThrow().valueProperty().set("41");
      shown.clear();
      int computedBefore = vm.sessionProperty().get().computationCount();
      int attributionsBefore = explainer.attributions.get();
      vm.run();

      assertEquals(List.of("zeros preview", "43 final"), shown, "IG's estimate after its first steps, then the result");
      // Said when the estimate is shown (the fake hands it on before any pass is reported), not only
      // with the next progress report.
      assertEquals("Estimate: 4 of 41 steps", progressWhenShown.get(0), progressWhenShown.toString());
      assertTrue(progressWhenShown.get(1).startsWith("Estimate: 4 of 41 steps · 1 / 43 passes"), progressWhenShown.toString());
      assertEquals(attributionsBefore + 1, explainer.attributions.get(), "the estimate came from the run itself");
      assertEquals(41, ((IntegratedGradients) explainer.methods.get(explainer.methods.size() - 1)).steps());
      assertFalse(vm.previewingProperty().get());
      assertEquals(computedBefore + 1, vm.sessionProperty().get().computationCount());

      shown.clear();
      vm.parameter("n_steps").orElseThrow().valueProperty().set("7");
      vm.parameter("n_steps").orElseThrow().valueProperty().set("41");
      vm.run();
      assertEquals(List.of("9 final", "43 final"), shown, "both from the cache: no estimates");
      assertEquals(attributionsBefore + 1, explainer.attributions.get());
      assertTrue(vm.statusTextProperty().get().startsWith("From cache"), vm.statusTextProperty().get());
    }
  }

  @Test
  void igToAPrecisionIsOfferedWithItsWorstCaseCost() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);
      assertEquals("", vm.parameter("tolerance").orElseThrow().value(), "blank: a fixed n_steps, as Captum");
      assertEquals("off", vm.parameter("tolerance").orElseThrow().spec().blankText(), "the placeholder says what blank means");
      assertEquals("auto", vm.parameter("internal_batch_size").orElseThrow().spec().blankText());

      vm.parameter("tolerance").orElseThrow().valueProperty().set("0.01");

      assertEquals("", vm.validationMessageProperty().get());
      // Rounds of 16, 32 and at most n_steps = 50 steps, each with 2 passes for its δ.
      assertTrue(vm.costTextProperty().get().startsWith("≈ 104 passes"), vm.costTextProperty().get());
      assertEquals("≤ 50 steps to 0.01, gausslegendre", vm.choiceProperty().get().shortSummary());

      vm.parameter("tolerance").orElseThrow().valueProperty().set("-1");
      assertEquals("tolerance must be positive, got -1.0", vm.validationMessageProperty().get());

      vm.parameter("tolerance").orElseThrow().valueProperty().set("");
      vm.methodIdProperty().set("noise-tunnel");
      vm.parameter("nt_inner").orElseThrow().valueProperty().set("ig");
      assertTrue(vm.parameter("n_steps").isPresent());
      assertFalse(vm.parameter("tolerance").isPresent(), "each noisy sample would stop at its own step count");
    }
  }

  @Test
  void choosingABlurredBaselineChangesTheParametersAndTheCacheKey() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);
      ParameterField baselines = vm.parameter("baselines").orElseThrow();
      assertEquals("0", baselines.value(), "Captum's default stays the default");
      assertEquals(BaselineForm.Kind.CONSTANT, baselines.baselineKindProperty().get());
      assertEquals(BaselineForm.Kind.BLACK, baselines.baselineKinds().get(0), "Black is the first choice");
      vm.run();
      AttributionKey plain = vm.resultKeyProperty().get();
      String cost = vm.costTextProperty().get();

      baselines.baselineKindProperty().set(BaselineForm.Kind.BLUR);

      assertEquals("blur:10", baselines.value());
      assertEquals("10", baselines.baselineArgumentProperty().get());
      assertEquals("", vm.validationMessageProperty().get());
      assertEquals("blur:10", vm.choiceProperty().get().parameters().get("baselines"));
      AttributionKey blurred = vm.currentKey().orElseThrow();
      assertNotEquals(plain, blurred, "another baseline is another computation");
      assertNull(vm.resultProperty().get(), "the plain result is not shown for the blurred settings");
      assertEquals(cost, vm.costTextProperty().get(), "the blur costs no model passes");

      baselines.baselineArgumentProperty().set("4");
      assertEquals("blur:4", vm.choiceProperty().get().parameters().get("baselines"));
      baselines.baselineArgumentProperty().set("-1");
      assertTrue(vm.validationMessageProperty().get().startsWith("baselines: 'blur:-1': the blur sigma must be"),
          vm.validationMessageProperty().get());
      assertNull(vm.choiceProperty().get());

      baselines.baselineKindProperty().set(BaselineForm.Kind.CONSTANT);
      assertEquals("0", baselines.value(), "the constant typed before comes back");
      assertEquals(plain, vm.currentKey().orElseThrow());
      vm.run();
      assertEquals(1, harness.viewModel.sessionProperty().get().computationCount(), "back to 0: the cached result");
    }
  }

  @Test
  void blackAndNoiseUseTheModelsNormalization() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);
      ParameterField baselines = vm.parameter("baselines").orElseThrow();
      baselines.baselineKindProperty().set(BaselineForm.Kind.BLACK);
      assertEquals("black", baselines.value());
      assertEquals("", vm.validationMessageProperty().get());
      baselines.baselineKindProperty().set(BaselineForm.Kind.NOISE);
      assertEquals("noise:0", baselines.value());
      baselines.baselineArgumentProperty().set("12");
      assertEquals("noise:12", vm.choiceProperty().get().parameters().get("baselines"));
      vm.run();
      assertNotNull(vm.resultProperty().get());
      assertEquals("noise:12", vm.resultKeyProperty().get().method().parameters().get("baselines"));
    }
  }

  @Test
  void gradientShapOffersImageBaselinesBesideItsDefaultDistribution() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      AttributionViewModel vm = opened(harness);
      vm.methodIdProperty().set("gradient-shap");
      ParameterField baselines = vm.parameter("baselines").orElseThrow();
      // A named distribution, not a temporary file: nothing to read, the same in every session.
      assertEquals(BaselineForm.Kind.BLACK_MEAN_WHITE, baselines.baselineKindProperty().get());
      assertEquals("black-mean-white", baselines.value());
      assertEquals("", vm.validationMessageProperty().get());
      assertFalse(baselines.baselineKinds().contains(BaselineForm.Kind.CONSTANT), "GradientSHAP takes no bare number");

      baselines.baselineKindProperty().set(BaselineForm.Kind.BLUR);
      assertEquals("", vm.validationMessageProperty().get());
      assertEquals("blur:10", vm.choiceProperty().get().parameters().get("baselines"));
      baselines.baselineKindProperty().set(BaselineForm.Kind.BLACK_MEAN_WHITE);
      assertEquals("black-mean-white", baselines.value(), "the default comes back");
    }
  }

}
