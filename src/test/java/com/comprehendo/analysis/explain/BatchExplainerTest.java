package com.comprehendo.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.job.CancelledException;
import com.comprehendo.model.TorchScriptClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch explainer on demo images: shared batches, per-image seeds, unreadable files, cancelling. */
class BatchExplainerTest {

  @TempDir static Path dir;
  static TorchScriptClassifier model;
  static Preprocessing pre;
  static List<ExplainItem> items;

  @BeforeAll
  static void load() throws Exception {
    model = ExplainFixtures.demoModel();
    pre = model.spec().preprocessing();
    items = ExplainFixtures.items(ExplainFixtures.dataset(dir), model);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static List<ImageExplanation> explain(BatchExplainer explainer, List<ExplainItem> these) throws Exception {
    List<ImageExplanation> results = new ArrayList<>();
    explainer.explain(these, results::add);
    return results;
  }

  @Test
  void imagesSharingABatchGetTheMapsTheyGetAlone() throws Exception {
    // The class activation maps at the demo model's block4 (4×4), signed so negative evidence counts too.
    for (MethodRecipe recipe : List.of(MethodRecipe.of("saliency", Map.of(), pre),
        MethodRecipe.of("ig", Map.of("n_steps", "8"), pre), MethodRecipe.of("grad-cam", Map.of(), pre),
        MethodRecipe.of("grad-cam-plus-plus", Map.of("relu_attributions", "false"), pre),
        MethodRecipe.of("hires-cam", Map.of("relu_attributions", "false"), pre),
        MethodRecipe.of("layer-cam", Map.of(), pre))) {
      assertTrue(recipe.sharesBatches(), recipe.id());
      List<ImageExplanation> together = explain(BatchExplainer.builder(model, recipe).optImagesPerCall(8).build(), items);
      BatchExplainer single = BatchExplainer.builder(model, recipe).build();
      for (int i = 0; i < items.size(); i++) {
        ImageExplanation alone = single.explainOne(items.get(i));
        ImageExplanation shared = together.get(i);
        assertEquals(alone.key(), shared.key());
        assertEquals(alone.readable(), shared.readable());
        if (alone.readable()) {
          // Other batch sizes round the outputs differently: equal classes, probabilities to float rounding.
          assertEquals(alone.prediction().get().predicted(), shared.prediction().get().predicted());
          assertEquals(alone.prediction().get().probability(), shared.prediction().get().probability(), 1e-5);
          assertEquals(alone.prediction().get().loss(), shared.prediction().get().loss(),
              1e-5 * Math.max(1, alone.prediction().get().loss()));
          assertEquals(alone.target(), shared.target());
          assertArrayEquals(alone.map().get().shape(), shared.map().get().shape());
          double distance = ExplainFixtures.relativeL2(alone.map().get().data(), shared.map().get().data());
          assertTrue(distance < 1e-5, recipe.id() + " " + alone.key() + ": " + distance);
        }
      }
    }
  }

  @Test
  void predictionsReadFromTheMethodsOwnPassAreTheModelsForwardPass() throws Exception {
    // Saliency and Grad-CAM take each image's prediction from their gradient pass; items that carry
    // the outputs of a separate forward pass must get the same classes, probabilities, targets and maps.
    List<ExplainItem> withScores = new ArrayList<>();
    ai.djl.ndarray.NDManager scope = model.manager().newSubManager();
    try (scope) {
      for (ExplainItem item : items) {
        if (item.key().equals(ExplainFixtures.BROKEN)) {
          withScores.add(item);
          continue;
        }
        java.awt.image.BufferedImage image = item.source().decode(com.comprehendo.data.ImageDecoder.createDefault());
        float[] chw = com.comprehendo.data.ImageTensors.toChw(image, pre);
        ai.djl.ndarray.NDArray input = scope.create(chw, new ai.djl.ndarray.types.Shape(1, pre.channels(),
            pre.height(), pre.width()));
        withScores.add(item.withScores(model.forward(input).toFloatArray()));
      }
    }
    for (MethodRecipe recipe : List.of(MethodRecipe.of("saliency", Map.of(), pre),
        MethodRecipe.of("grad-cam", Map.of(), pre))) {
      List<ImageExplanation> fromPass = explain(BatchExplainer.builder(model, recipe).optImagesPerCall(4).build(), items);
      List<ImageExplanation> given = explain(BatchExplainer.builder(model, recipe).optImagesPerCall(4).build(),
          withScores);
      int readable = 0;
      for (int i = 0; i < items.size(); i++) {
        ImageExplanation a = fromPass.get(i);
        ImageExplanation b = given.get(i);
        assertEquals(b.readable(), a.readable());
        if (!a.readable()) {
          continue;
        }
        readable++;
        assertEquals(b.prediction().get().predicted(), a.prediction().get().predicted(), a.key());
        assertEquals(b.prediction().get().probability(), a.prediction().get().probability(), 1e-5, a.key());
        assertEquals(b.target(), a.target(), a.key());
        assertTrue(ExplainFixtures.relativeL2(b.map().get().data(), a.map().get().data()) < 1e-5, a.key());
      }
      assertEquals(items.size() - 1, readable);
    }
  }

  @Test
  void anUnreadableImageIsListedWithItsReasonInItsPlaceAndTheRunGoesOn() throws Exception {
    MethodRecipe saliency = MethodRecipe.of("saliency", Map.of(), pre);
    List<ImageExplanation> results = explain(BatchExplainer.builder(model, saliency).optImagesPerCall(3).build(), items);
    assertEquals(items.size(), results.size());
    for (int i = 0; i < items.size(); i++) {
      assertEquals(items.get(i).key(), results.get(i).key(), "input order");
    }
    ImageExplanation broken = results.stream().filter(r -> r.key().equals(ExplainFixtures.BROKEN)).findFirst().get();
    assertFalse(broken.readable());
    assertTrue(broken.unreadable().get().contains("not an image"), broken.unreadable().get());
    assertEquals(Optional.empty(), broken.prediction());
    assertEquals(items.size() - 1, results.stream().filter(ImageExplanation::readable).count());
    ImageExplanation star = results.stream().filter(r -> r.key().equals("star/img_0091.png")).findFirst().get();
    assertEquals(List.of(3, 64, 64), List.of(star.map().get().shape()[0], star.map().get().shape()[1],
        star.map().get().shape()[2]));
    assertEquals(2, star.target(), "the predicted class, star");
    assertEquals(128, star.imageWidth());
  }

  @Test
  void randomDrawsAreSeededByTheImagesPathNotItsPlaceInTheRun() throws Exception {
    MethodRecipe noisy = MethodRecipe.of("noise-tunnel", Map.of("nt_inner", "saliency", "nt_samples", "2"), pre);
    assertFalse(noisy.sharesBatches());
    List<ExplainItem> forward = List.of(items.get(0), items.get(2), items.get(3));
    List<ExplainItem> backward = List.of(items.get(3), items.get(0));
    BatchExplainer explainer = BatchExplainer.builder(model, noisy).build();
    List<ImageExplanation> first = explain(explainer, forward);
    List<ImageExplanation> second = explain(explainer, backward);
    assertArrayEquals(first.get(0).map().get().data(), second.get(1).map().get().data());
    assertArrayEquals(first.get(2).map().get().data(), second.get(0).map().get().data());
    assertEquals(first.get(0).seed(), second.get(1).seed());
    assertNotEquals(first.get(0).seed(), first.get(1).seed(), "each image has its own seed");
    // Another run seed gives other draws.
    MethodRecipe reseeded = MethodRecipe.of("noise-tunnel",
        Map.of("nt_inner", "saliency", "nt_samples", "2", "seed", "7"), pre);
    ImageExplanation other = BatchExplainer.builder(model, reseeded).build().explainOne(items.get(0));
    assertFalse(java.util.Arrays.equals(first.get(0).map().get().data(), other.map().get().data()));
  }

  @Test
  void theTargetRuleChoosesTheExplainedClass() throws Exception {
    MethodRecipe saliency = MethodRecipe.of("saliency", Map.of(), pre);
    ExplainItem markedTriangle = items.stream().filter(i -> i.key().equals("triangle/img_0296.png")).findFirst().get();
    assertEquals(2, BatchExplainer.builder(model, saliency).build().explainOne(markedTriangle).target(), "predicted star");
    assertEquals(3, BatchExplainer.builder(model, saliency).optTarget(TargetChoice.LABEL).build()
        .explainOne(markedTriangle).target());
    assertEquals(1, BatchExplainer.builder(model, saliency).optTarget(TargetChoice.parse("cross", model.classNames()))
        .build().explainOne(markedTriangle).target());
  }

  @Test
  void boxesGiveLocalizationScores() throws Exception {
    MethodRecipe saliency = MethodRecipe.of("saliency", Map.of(), pre);
    BoundingBox whole = new BoundingBox(0, 0, 128, 128);
    BatchExplainer explainer = BatchExplainer.builder(model, saliency)
        .optBoxes(key -> key.startsWith("star/") ? Optional.of(whole) : Optional.empty()).build();
    for (ImageExplanation result : explain(explainer, items)) {
      if (result.readable() && result.key().startsWith("star/")) {
        assertEquals(1.0, result.localization().energyInBox().getAsDouble(), 1e-9, "the whole image holds it all");
        assertEquals(Optional.of(true), result.localization().pointingHit());
      } else {
        assertTrue(result.localization().energyInBox().isEmpty(), result.key());
      }
    }
  }

  @Test
  void aCancelKeepsWhatWasHandedOverAndNothingOfTheBatchInProgress() throws Exception {
    MethodRecipe saliency = MethodRecipe.of("saliency", Map.of(), pre);
    AtomicInteger reported = new AtomicInteger();
    List<ImageExplanation> results = new ArrayList<>();
    BatchExplainer explainer = BatchExplainer.builder(model, saliency).optImagesPerCall(2)
        .optProgress((done, total) -> reported.set((int) done))
        .optCancellation(() -> reported.get() >= 4).build();
    assertThrows(CancelledException.class, () -> explainer.explain(items, results::add));
    assertEquals(4, results.size());
    assertEquals(4, reported.get());
  }

  @Test
  void parametersAreCheckedWhenTheRecipeIsMade() {
    assertThrows(IllegalArgumentException.class, () -> MethodRecipe.of("ig", Map.of("n_steps", "0"), pre));
    assertThrows(IllegalArgumentException.class, () -> MethodRecipe.of("saliency", Map.of("n_steps", "5"), pre));
    assertThrows(IllegalArgumentException.class, () -> MethodRecipe.of("nope", Map.of(), pre));
    assertNotEquals(MethodRecipe.seedFor("a.png", 0), MethodRecipe.seedFor("b.png", 0));
    assertNotEquals(MethodRecipe.seedFor("a.png", 0), MethodRecipe.seedFor("a.png", 1));
    assertTrue(MethodRecipe.seedFor("a.png", 0) >= 0);
  }
}
