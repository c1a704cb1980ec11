package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.ui.comparison.ComparisonPanel;
import com.comprehendo.ui.comparison.ComparisonViewModel;
import com.comprehendo.ui.comparison.FaithfulnessViewModel;
import com.comprehendo.ui.faithfulness.FaithfulnessScores;
import com.comprehendo.ui.faithfulness.MapFaithfulness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison's Faithfulness switch on the fake model, whose logits are (mean, −mean) of its input:
 * a map that ranks first the pixels pushing the target's logit most is the faithful one, and its
 * opposite the least faithful.
 */
class ComparisonFaithfulnessTest {

  @TempDir Path dir;

  /** Opens the fake with three panels: saliency faithful, occlusion its opposite, input × gradient a fixed scramble. */
  private MainViewModel opened(ExplorerHarness harness) {
    Fixtures.images(dir.resolve("images"), 1);
    MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;
    float sign = vm.predictionProperty().get().predictedIndex() == 0 ? 1 : -1;
    harness.explainer().maps = (method, input) -> {
      float[] map = new float[input.length];
      for (int i = 0; i < map.length; i++) {
        map[i] = switch (method.id()) {
          case "saliency" -> sign * input[i];
          case "occlusion" -> -sign * input[i];
          default -> (i * 7919 % 61) / 61f;
        };
      }
      return map;
    };
    vm.comparison().methods().setAll("saliency", "occlusion", "input-x-gradient");
    return vm;
  }

  private static MapFaithfulness of(MainViewModel vm, String method) {
    return vm.comparison().panels().stream().filter(p -> p.key().method().methodId().equals(method))
        .findFirst().orElseThrow().faithfulness();
  }

  private static FaithfulnessScores scores(MainViewModel vm, String method) {
    return of(vm, method).scoresProperty().get();
  }

  @Test
  void theSwitchMeasuresEveryPanelAfterItsMapAndStarsTheBest() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      FaithfulnessViewModel faithfulness = vm.comparison().faithfulness();
      vm.comparison().run();
      assertTrue(harness.explainer().measured.isEmpty(), "nothing measured while the switch is off");
      assertEquals("", faithfulness.noteProperty().get());

      faithfulness.enabledProperty().set(true);

      assertEquals(List.of("deletion", "insertion", "deletion", "insertion", "deletion", "insertion"),
          harness.explainer().measured, "both curves of each panel, no sensitivity unless asked");
      for (ComparisonPanel panel : vm.comparison().panels()) {
        FaithfulnessScores scores = panel.faithfulness().scoresProperty().get();
        assertNotNull(scores.deletion(), panel.title());
        assertEquals(65, scores.deletion().points(), "8×8 pixels, one per step, and the start");
        assertTrue(scores.sensitivity().isEmpty());
        assertEquals("", panel.faithfulness().stateProperty().get());
      }
      assertTrue(scores(vm, "saliency").deletionAuc() < scores(vm, "input-x-gradient").deletionAuc());
      assertTrue(scores(vm, "input-x-gradient").deletionAuc() < scores(vm, "occlusion").deletionAuc());
      assertTrue(scores(vm, "saliency").insertionAuc() > scores(vm, "occlusion").insertionAuc());
      assertTrue(of(vm, "saliency").bestDeletionProperty().get(), "the faithful map deletes the class fastest");
      assertTrue(of(vm, "saliency").bestInsertionProperty().get());
      assertFalse(of(vm, "occlusion").bestDeletionProperty().get());
      assertFalse(of(vm, "input-x-gradient").bestInsertionProperty().get());
      assertTrue(faithfulness.noteProperty().get().contains("Deletion AUC: lower is better"));
      assertTrue(faithfulness.noteProperty().get().contains("Insertion AUC: higher is better"));
      assertFalse(faithfulness.runningProperty().get());
    }
  }

  @Test
  void sensitivityIsMeasuredOnRequestWithoutMeasuringTheCurvesAgain() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      FaithfulnessViewModel faithfulness = vm.comparison().faithfulness();
      faithfulness.enabledProperty().set(true);
      vm.comparison().run();
      harness.explainer().measured.clear();

      faithfulness.withSensitivityProperty().set(true);

      assertEquals(List.of("sensitivity:occlusion", "sensitivity:saliency", "sensitivity:input-x-gradient"),
          harness.explainer().measured);
      assertTrue(scores(vm, "occlusion").sensitivity().isPresent());
      // The fake's stand-in is 1 / (1 + passes): Occlusion, with the most passes, is the steadiest.
      assertTrue(of(vm, "occlusion").bestSensitivityProperty().get());
      assertFalse(of(vm, "saliency").bestSensitivityProperty().get());

      harness.explainer().measured.clear();
      vm.comparison().run(); // the same maps, from the cache: their numbers too
      assertTrue(harness.explainer().measured.isEmpty(), harness.explainer().measured.toString());
      assertNotNull(scores(vm, "saliency").deletion());
    }
  }

  @Test
  void cancellingKeepsWhatFinishedAndTheNextRunMeasuresOnlyTheRest() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      FaithfulnessViewModel faithfulness = vm.comparison().faithfulness();
      vm.comparison().run();
      harness.explainer().afterMeasure = entry -> {
        if (harness.explainer().measured.size() == 3) {
          vm.comparison().cancel(); // the user presses Stop during the second panel
        }
      };

      faithfulness.enabledProperty().set(true);

      assertFalse(faithfulness.runningProperty().get());
      assertEquals("Faithfulness cancelled", faithfulness.statusProperty().get());
      // Panels in the registry's order: occlusion, saliency, input × gradient.
      assertNotNull(scores(vm, "occlusion").insertion(), "the first panel finished and stays");
      assertEquals("", of(vm, "occlusion").stateProperty().get());
      assertNotNull(scores(vm, "saliency").deletion(), "what finished of the second stays");
      assertNull(scores(vm, "saliency").insertion());
      assertEquals("Cancelled", of(vm, "saliency").stateProperty().get());
      assertEquals("Cancelled", of(vm, "input-x-gradient").stateProperty().get());
      assertNull(scores(vm, "input-x-gradient").deletion());

      harness.explainer().afterMeasure = entry -> {};
      harness.explainer().measured.clear();
      vm.comparison().run();

      assertEquals(List.of("insertion", "deletion", "insertion"), harness.explainer().measured,
          "only what the cancelled run left");
      assertNotNull(scores(vm, "input-x-gradient").insertion());
    }
  }

  @Test
  void classesAreNotRankedSinceEachPanelExplainsItsOwnClass() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      FaithfulnessViewModel faithfulness = vm.comparison().faithfulness();
      faithfulness.enabledProperty().set(true);
      vm.comparison().modeProperty().set(ComparisonViewModel.Mode.CLASSES);
      vm.comparison().run();

      assertEquals(2, vm.comparison().panels().size());
      for (ComparisonPanel panel : vm.comparison().panels()) {
        assertNotNull(panel.faithfulness().scoresProperty().get().insertion(), panel.title());
        assertFalse(panel.faithfulness().bestDeletionProperty().get(), panel.title());
        assertFalse(panel.faithfulness().bestInsertionProperty().get(), panel.title());
      }
      assertTrue(faithfulness.noteProperty().get().contains("not ranked"), faithfulness.noteProperty().get());
    }
  }
}
