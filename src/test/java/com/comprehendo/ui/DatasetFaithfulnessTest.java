package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.metrics.CurveKind;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.data.NpyArray;
import com.comprehendo.ui.faithfulness.FaithfulnessMeasurement;
import com.comprehendo.ui.gallery.DatasetFaithfulnessViewModel;
import com.comprehendo.ui.gallery.DatasetFaithfulnessViewModel.Row;
import com.comprehendo.ui.gallery.GalleryViewModel;
import com.comprehendo.ui.support.ImageInput;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faithfulness over the dataset on the fake model, whose logits are (mean, −mean) of its input and
 * which here calls every image a cat: a map ranking the largest inputs first (Saliency here) deletes
 * the cat fastest, its opposite (Occlusion here) slowest. The means are over the grid's current filter
 * (the dogs, mispredicted), the gallery's maps are reused, the other method's are computed.
 */
class DatasetFaithfulnessTest {

  @TempDir Path dir;

  private ExplorerHarness opened(ExplorerHarness harness) {
    harness.datasetScores = (file, input) -> new float[] {1, -1};
    Fixtures.images(dir.resolve("images"), 3);
    harness.open(dir.resolve("model.pt"), dir.resolve("images"));
    harness.explainer().maps = (method, input) -> {
      float[] map = new float[input.length];
      for (int i = 0; i < map.length; i++) {
        map[i] = method.id().equals("occlusion") ? -input[i] : input[i];
      }
      return map;
    };
    harness.viewModel.dataset().grid().showMispredicted();
    return harness;
  }

  /** The mean AUC of {@code kind} over the images, the map ranking each image's own inputs (sign +1 or −1). */
  private static double expectedMean(FakeExplainer explainer, List<ImagePrediction> images, CurveKind kind, float sign)
      throws Exception {
    double sum = 0;
    for (ImagePrediction image : images) {
      float[] input = ImageInput.load(image.path(), FakeExplainer.INPUT).tensor();
      float[] map = new float[input.length];
      for (int i = 0; i < map.length; i++) {
        map[i] = sign * input[i];
      }
      sum += explainer.curve(new NpyArray(new int[] {3, 8, 8}, input), map, 3, 0,
          FaithfulnessMeasurement.curve(kind, FakeExplainer.INPUT), AttributionContext.defaults()).auc();
    }
    return sum / images.size();
  }

  @Test
  void meanAucsPerMethodOverTheFilterWithTheGallerysMapsReusedAndTheBestStarred() throws Exception {
    try (ExplorerHarness harness = opened(new ExplorerHarness())) {
      GalleryViewModel gallery = harness.viewModel.dataset().gallery();
      DatasetFaithfulnessViewModel faithfulness = gallery.faithfulness();
      List<ImagePrediction> shown = List.copyOf(harness.viewModel.dataset().grid().tiles());
      assertEquals(3, shown.size(), "the three dogs, called cats");
      assertEquals(List.of("saliency"), faithfulness.methodsToMeasure(), "the gallery's method by default");
      gallery.enabledProperty().set(true);
      assertEquals(3, gallery.maps().size());
      FakeExplainer model = harness.explainer();
      model.log.clear();
      model.measured.clear();

      faithfulness.choose("occlusion", true);
      faithfulness.measureShown();

      assertFalse(faithfulness.runningProperty().get());
      assertEquals(List.of("occlusion:0", "occlusion:0", "occlusion:0"), model.log,
          "the gallery's Saliency maps are reused, Occlusion's computed, each for the predicted class");
      assertEquals(12, model.measured.size(), "a deletion and an insertion curve per map");
      List<Row> rows = List.copyOf(faithfulness.rows());
      assertEquals(List.of("saliency", "occlusion"), rows.stream().map(Row::method).toList());
      Row saliency = rows.get(0);
      Row occlusion = rows.get(1);
      assertEquals(3, saliency.images());
      assertEquals(3, occlusion.images());
      assertEquals(expectedMean(model, shown, CurveKind.DELETION, 1), saliency.meanDeletionAuc(), 1e-12);
      assertEquals(expectedMean(model, shown, CurveKind.INSERTION, 1), saliency.meanInsertionAuc(), 1e-12);
      assertEquals(expectedMean(model, shown, CurveKind.DELETION, -1), occlusion.meanDeletionAuc(), 1e-12);
      assertTrue(saliency.meanDeletionAuc() < occlusion.meanDeletionAuc());
      assertTrue(saliency.meanInsertionAuc() > occlusion.meanInsertionAuc());
      assertTrue(saliency.bestDeletion() && saliency.bestInsertion(), "the faithful map is starred on both");
      assertFalse(occlusion.bestDeletion() || occlusion.bestInsertion());
      assertEquals(1.0, faithfulness.progressProperty().get());
      assertTrue(faithfulness.statusProperty().get().startsWith("6 maps in"), faithfulness.statusProperty().get());
      assertTrue(faithfulness.scopeProperty().get().startsWith("Over the 3 images shown"),
          faithfulness.scopeProperty().get());

      model.log.clear();
      faithfulness.measureShown();
      assertEquals(List.of("occlusion:0", "occlusion:0", "occlusion:0"), model.log,
          "without a disk cache, maps the gallery does not show are computed again");
      assertEquals(occlusion, faithfulness.rows().get(1), "the same numbers again");
    }
  }

  @Test
  void stopKeepsTheMeansOfTheImagesDone() {
    try (ExplorerHarness harness = opened(new ExplorerHarness())) {
      DatasetFaithfulnessViewModel faithfulness = harness.viewModel.dataset().gallery().faithfulness();
      FakeExplainer model = harness.explainer();
      faithfulness.choose("occlusion", true);
      model.afterMeasure = entry -> {
        if (model.measured.size() == 4) {
          faithfulness.cancel(); // Stop, as the second image's insertion curve ends
        }
      };

      faithfulness.measureShown();

      assertFalse(faithfulness.runningProperty().get());
      assertEquals("Stopped · 2 / 6 maps", faithfulness.statusProperty().get());
      assertEquals(2, faithfulness.rows().get(0).images());
      assertEquals(0, faithfulness.rows().get(1).images());
      assertTrue(Double.isNaN(faithfulness.rows().get(1).meanDeletionAuc()));
      assertFalse(faithfulness.rows().get(0).bestDeletion(), "a best of one method says nothing");
    }
  }
}
