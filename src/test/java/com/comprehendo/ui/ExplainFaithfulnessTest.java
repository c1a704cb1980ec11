package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.ui.explain.ExplainFaithfulness;
import com.comprehendo.ui.faithfulness.FaithfulnessScores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explain's faithfulness on request, on the fake model whose logits are (mean, −mean) of its input: the
 * shown map's deletion and insertion curves when asked, the sensitivity only with its box, nothing
 * measured twice, a new map clears the numbers, cancel keeps what finished.
 */
class ExplainFaithfulnessTest {

  @TempDir Path dir;

  private MainViewModel opened(ExplorerHarness harness) {
    Fixtures.images(dir.resolve("images"), 1);
    MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;
    vm.attribution().methodIdProperty().set("saliency");
    vm.attribution().run();
    return vm;
  }

  @Test
  void measuresTheShownMapOnRequestAndOnlyWhatIsMissing() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      ExplainFaithfulness faithfulness = vm.explainFaithfulness();
      assertNotNull(vm.attribution().resultProperty().get());
      assertTrue(harness.explainer().measured.isEmpty(), "nothing is measured until asked");
      assertTrue(faithfulness.canMeasureProperty().get());

      faithfulness.measure();

      assertEquals(List.of("deletion", "insertion"), harness.explainer().measured);
      FaithfulnessScores scores = faithfulness.map().scoresProperty().get();
      assertNotNull(scores.deletion());
      assertNotNull(scores.insertion());
      assertTrue(scores.sensitivity().isEmpty());
      assertEquals(65, scores.deletion().points(), "8×8 pixels, one per step, and the start");
      assertEquals("", faithfulness.map().stateProperty().get());
      assertFalse(faithfulness.runningProperty().get());

      faithfulness.measure();
      assertEquals(2, harness.explainer().measured.size(), "measured already: nothing again");

      faithfulness.withSensitivityProperty().set(true);
      faithfulness.measure();
      assertEquals(List.of("deletion", "insertion", "sensitivity:saliency"), harness.explainer().measured);
      assertTrue(faithfulness.map().scoresProperty().get().sensitivity().isPresent());
      assertNotNull(faithfulness.map().scoresProperty().get().deletion(), "the curves stay");
    }
  }

  @Test
  void aNewMapClearsTheNumbers() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      ExplainFaithfulness faithfulness = vm.explainFaithfulness();
      faithfulness.measure();
      assertNotNull(faithfulness.map().scoresProperty().get().deletion());

      vm.attribution().methodIdProperty().set("input-x-gradient");
      vm.attribution().run();

      assertEquals(FaithfulnessScores.NONE, faithfulness.map().scoresProperty().get(), "the old map's numbers are gone");
      faithfulness.measure();
      assertEquals(List.of("deletion", "insertion", "deletion", "insertion"), harness.explainer().measured);
    }
  }

  @Test
  void cancellingKeepsWhatFinished() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      ExplainFaithfulness faithfulness = vm.explainFaithfulness();
      harness.explainer().afterMeasure = entry -> faithfulness.cancel(); // Cancel pressed during the insertion

      faithfulness.measure();

      FaithfulnessScores scores = faithfulness.map().scoresProperty().get();
      assertNotNull(scores.deletion(), "the deletion finished and stays");
      assertNull(scores.insertion());
      assertEquals("Cancelled", faithfulness.map().stateProperty().get());
      assertFalse(faithfulness.runningProperty().get());

      harness.explainer().afterMeasure = entry -> {};
      harness.explainer().measured.clear();
      faithfulness.measure();
      assertEquals(List.of("insertion"), harness.explainer().measured, "only what the cancelled run left");
    }
  }
}
