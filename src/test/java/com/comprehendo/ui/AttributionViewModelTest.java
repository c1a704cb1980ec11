package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.ui.explain.AttributionViewModel;
import java.nio.file.Path;
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
}
