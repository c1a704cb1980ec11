package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.render.Sign;
import com.comprehendo.ui.comparison.ComparisonPanel;
import com.comprehendo.ui.comparison.ComparisonViewModel;
import com.comprehendo.ui.service.MethodChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Side-by-side panels: built from the cache where possible, re-rendered live, optionally on one scale. */
class ComparisonViewModelTest {

  @TempDir Path dir;

  private MainViewModel opened(ExplorerHarness harness) {
    Fixtures.images(dir.resolve("images"), 1);
    return harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;
  }

  @Test
  void methodModeShowsOnePanelPerMethodAndReusesTheExplainResult() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      assertEquals(1, harness.explainer().attributions.get(), "IG from the Explain tab");

      vm.comparison().run();

      List<ComparisonPanel> panels = vm.comparison().panels();
      assertEquals(List.of("Integrated Gradients", "NoiseTunnel (SmoothGrad)", "Occlusion", "Saliency", "Input × Gradient"),
          panels.stream().map(ComparisonPanel::title).toList());
      assertTrue(panels.stream().allMatch(p -> p.resultProperty().get() != null && p.imageProperty().get() != null));
      assertEquals(5, harness.explainer().attributions.get(), "IG came from the cache");
      assertFalse(vm.comparison().runningProperty().get());
    }
  }

  @Test
  void eachPanelRunsItsMethodWithTheSettingsItLastHadInExplainAndSaysThemAll() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      var attribution = vm.attribution();
      attribution.methodIdProperty().set("noise-tunnel");
      attribution.parameter("nt_samples").orElseThrow().valueProperty().set("7");
      attribution.methodIdProperty().set("occlusion");
      attribution.parameter("strides").orElseThrow().valueProperty().set("3,2,2");
      attribution.methodIdProperty().set("ig"); // Explain shows IG again; the others keep what was set

      vm.comparison().methods().setAll("ig", "noise-tunnel", "occlusion", "saliency");
      vm.comparison().run();

      ComparisonPanel noiseTunnel = panel(vm.comparison(), "noise-tunnel");
      assertEquals("7", noiseTunnel.key().method().parameters().get("nt_samples"));
      assertTrue(noiseTunnel.subtitle().contains("nt_samples 7"), noiseTunnel.subtitle());
      ComparisonPanel occlusion = panel(vm.comparison(), "occlusion");
      assertEquals("3,2,2", occlusion.key().method().parameters().get("strides"));
      for (String name : occlusion.key().method().parameters().keySet()) {
        assertTrue(occlusion.subtitle().contains(name + " "), name + " missing from " + occlusion.subtitle());
      }
      assertEquals(MethodChoice.suggested("saliency", vm.sessionProperty().get().facts()).parameters(),
          panel(vm.comparison(), "saliency").key().method().parameters(), "never set up: suggested settings");
    }
  }

  private static ComparisonPanel panel(ComparisonViewModel comparison, String methodId) {
    return comparison.panels().stream().filter(p -> p.key().method().methodId().equals(methodId)).findFirst()
        .orElseThrow(() -> new AssertionError("no panel for " + methodId));
  }

  @Test
  void theLayerMethodsPanelsExplainTheChosenLayerAndSayWhich() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      harness.layers = List.of("conv2", "conv1"); // a model exporting features_conv2/head_conv2 and conv1's
      MainViewModel vm = opened(harness);
      ComparisonViewModel comparison = vm.comparison();
      assertEquals(List.of("conv2", "conv1"), comparison.layers());
      assertEquals("conv2", comparison.layerProperty().get(), "the first layer at first");
      comparison.methods().setAll("grad-cam", "saliency", "layer-gradient-x-activation");
      comparison.run();
      assertEquals(List.of("conv2", "conv2"), layerPanels(comparison).stream()
          .map(p -> p.key().method().parameters().get("layer")).toList());
      assertTrue(layerPanels(comparison).stream().allMatch(p -> p.subtitle().contains("conv2")),
          comparison.panels().stream().map(ComparisonPanel::subtitle).toList().toString());
      assertTrue(layerPanels(comparison).stream().allMatch(p -> p.scaleProperty().get()
          .startsWith("fake-layer · 2×2, 4 channels summed · full colour at")), "the layer's resolution under the map: "
          + layerPanels(comparison).get(0).scaleProperty().get());
      int computed = harness.explainer().attributions.get();

      comparison.layerProperty().set("conv1");

      assertEquals(3, comparison.panels().size());
      for (ComparisonPanel panel : layerPanels(comparison)) {
        assertEquals("conv1", panel.key().method().parameters().get("layer"));
        assertTrue(panel.subtitle().contains("conv1") && !panel.subtitle().contains("conv2"), panel.subtitle());
        assertNotNull(panel.resultProperty().get());
      }
      assertEquals(computed + 2, harness.explainer().attributions.get(), "the two layer panels again, Saliency cached");
      assertEquals("conv1", harness.explainer().methods.get(harness.explainer().methods.size() - 1)
          .parameters().get("layer"), "the engine was asked for the chosen layer");
    }
  }

  @Test
  void aModelWithOneLayerOffersNoLayerChoice() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      harness.layers = List.of("block4");
      MainViewModel vm = opened(harness);
      assertTrue(vm.comparison().layers().isEmpty());
      assertNull(vm.comparison().layerProperty().get());
      vm.comparison().methods().setAll("grad-cam");
      vm.comparison().run();
      assertTrue(vm.comparison().panels().get(0).subtitle().contains("block4"), vm.comparison().panels().get(0).subtitle());
    }
  }

  private static List<ComparisonPanel> layerPanels(ComparisonViewModel comparison) {
    return comparison.panels().stream().filter(p -> p.key().method().parameters().containsKey("layer")).toList();
  }

  @Test
  void aSlowPanelShowsItsEstimateUntilItsResultArrives() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      harness.explainer().reportedSeconds = 100; // slow from now on
      vm.comparison().methods().setAll("saliency", "ig");
      vm.comparison().run(); // saliency (one pass) measures the speed; IG is then expected to be slow
      vm.display().signProperty().set(Sign.POSITIVE);
      vm.attribution().parameter("n_steps").orElseThrow().valueProperty().set("30");
      ComparisonPanel[] igPanel = new ComparisonPanel[1];
      List<String> seen = new ArrayList<>();
      vm.comparison().panels().addListener((javafx.collections.ListChangeListener<ComparisonPanel>) change -> {
        for (ComparisonPanel panel : vm.comparison().panels()) {
          if (panel.key().method().methodId().equals("ig") && igPanel[0] != panel) {
            igPanel[0] = panel;
            panel.stateProperty().addListener((obs, old, state) -> seen.add(state + (panel.estimateProperty().get() ? " (estimate)" : "")));
          }
        }
      });

      vm.comparison().run();

      assertTrue(seen.contains("Estimate: 4 of 30 steps (estimate)"), seen.toString());
      assertEquals("", igPanel[0].stateProperty().get());
      assertFalse(igPanel[0].estimateProperty().get());
      assertEquals(30 + 2, igPanel[0].resultProperty().get().passes().total(), "the result, not the estimate");
    }
  }

  @Test
  void classModeExplainsPredictedAndOtherClasses() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      vm.comparison().modeProperty().set(ComparisonViewModel.Mode.CLASSES);
      vm.comparison().run();

      List<ComparisonPanel> panels = vm.comparison().panels();
      assertEquals(2, panels.size());
      assertEquals(vm.predictionProperty().get().predictedIndex(), panels.get(0).key().target());
      assertTrue(panels.get(0).subtitle().startsWith("predicted"), panels.get(0).subtitle());
      assertTrue(vm.comparison().sharedScaleProperty().get(), "classes compare on one scale by default");
    }
  }

  @Test
  void sharedScaleUsesOneThresholdAndSettingsReRenderWithoutComputing() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = opened(harness);
      vm.comparison().methods().setAll("ig", "saliency");
      vm.comparison().run();
      int computed = harness.explainer().attributions.get();
      assertFalse(vm.comparison().sharedScaleProperty().get());
      assertNull(vm.comparison().colorBarProperty().get(), "own scales: no shared bar");
      assertEquals("", vm.comparison().scaleWarningProperty().get());
      assertTrue(vm.comparison().panels().get(0).scaleProperty().get().startsWith("full colour at"));
      // The fake's IG values are 52 times smaller than its saliency values: on a shared scale IG fades.
      int[] own = vm.comparison().panels().get(0).imageProperty().get().argb().clone();

      vm.comparison().sharedScaleProperty().set(true);

      assertNotNull(vm.comparison().colorBarProperty().get());
      assertTrue(vm.comparison().panels().get(0).scaleProperty().get().endsWith("× below the shared one: faint, not zero"),
          "IG says its own scale: " + vm.comparison().panels().get(0).scaleProperty().get());
      assertEquals("", vm.comparison().panels().get(1).scaleProperty().get(), "Saliency sets the shared scale");
      String warning = vm.comparison().scaleWarningProperty().get();
      assertTrue(warning.startsWith("Shared scale over methods in different units: Saliency reaches ")
          && warning.contains(", Integrated Gradients ") && warning.contains("× apart"), warning);
      assertFalse(java.util.Arrays.equals(own, vm.comparison().panels().get(0).imageProperty().get().argb()));
      int renders = vm.comparison().renderCountProperty().get();
      vm.display().signProperty().set(Sign.POSITIVE);
      vm.display().outlierPercentProperty().set(10);
      assertEquals(renders + 2, vm.comparison().renderCountProperty().get());
      assertEquals(computed, harness.explainer().attributions.get(), "nothing recomputed");
    }
  }

  @Test
  void aNewImageClearsThePanels() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      Fixtures.images(dir.resolve("images"), 2);
      MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;
      vm.comparison().run();
      assertFalse(vm.comparison().panels().isEmpty());

      vm.images().selectNext();

      assertTrue(vm.comparison().panels().isEmpty());
      vm.selectedTabProperty().set(MainTab.COMPARE); // the comparison computes while it is on screen
      assertFalse(vm.comparison().panels().isEmpty(), "the visible comparison computes itself");
    }
  }
}
