package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Auto computes a newly chosen method when it is known to be quick (ModelSession.isSlow: within a second). */
class AutoRunOnMethodChangeTest {

  @TempDir Path dir;

  private MainViewModel opened(ExplorerHarness harness) {
    Fixtures.images(dir.resolve("images"), 1);
    MainViewModel vm = harness.viewModel;
    vm.attribution().autoRunProperty().set(false);
    vm.attribution().methodIdProperty().set("saliency");
    harness.open(dir.resolve("model.pt"), dir.resolve("images"));
    vm.attribution().run(); // the model's speed is known from here on
    vm.attribution().autoRunProperty().set(true);
    return vm;
  }

  @Test
  void aQuickMethodIsComputedAsSoonAsItIsChosen() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      int before = harness.explainer().attributions.get();

      vm.attribution().methodIdProperty().set("input-x-gradient");

      assertEquals(before + 1, harness.explainer().attributions.get(), "computed without pressing Run");
      assertNotNull(vm.attribution().resultProperty().get());
      assertEquals("input-x-gradient", vm.attribution().resultKeyProperty().get().method().methodId());
    }
  }

  @Test
  void aSlowMethodWaitsForRun() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      Fixtures.images(dir.resolve("images"), 1);
      MainViewModel vm = harness.viewModel;
      vm.attribution().autoRunProperty().set(false);
      vm.attribution().methodIdProperty().set("saliency");
      harness.open(dir.resolve("model.pt"), dir.resolve("images"));
      harness.explainer().reportedSeconds = 3; // a pass takes 3 s on this model: every method is slow here
      vm.attribution().run();
      vm.attribution().autoRunProperty().set(true);
      int before = harness.explainer().attributions.get();

      vm.attribution().methodIdProperty().set("input-x-gradient");

      assertEquals(before, harness.explainer().attributions.get(), "not computed until Run");
      assertNull(vm.attribution().resultProperty().get());
      assertEquals("Press Run to compute", vm.attribution().statusTextProperty().get());
      vm.attribution().run();
      assertEquals(before + 1, harness.explainer().attributions.get());
    }
  }
}
