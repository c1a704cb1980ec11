package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.gallery.GalleryMap;
import com.comprehendo.ui.gallery.GalleryViewModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gallery on the current thread with a fake model: every tile gets a map, a second session on the
 * same disk cache shows the same maps without asking the model, and another method computes again.
 */
class GalleryCacheTest {

  @TempDir Path dir;
  private Path folder;

  @BeforeEach
  void createImages() throws Exception {
    folder = Fixtures.standInModelAndPets(dir);
    System.setProperty(GalleryViewModel.CACHE_PROPERTY, dir.resolve("cache").toString());
  }

  @AfterEach
  void forgetCache() {
    System.clearProperty(GalleryViewModel.CACHE_PROPERTY);
  }

  /** Opens the model and folder, switches the gallery on and returns its maps and the model's attributions. */
  private static Map<Path, GalleryMap> gallery(ExplorerHarness harness, String method, int[] attributions) {
    GalleryViewModel gallery = harness.viewModel.dataset().gallery();
    int before = harness.explainer().attributions.get();
    if (method != null) {
      gallery.methodProperty().set(method);
    }
    gallery.enabledProperty().set(true);
    assertFalse(gallery.runningProperty().get(), "done on the current thread");
    attributions[0] = harness.explainer().attributions.get() - before;
    return new HashMap<>(gallery.maps());
  }

  @Test
  void mapsComeBackFromTheDiskCacheIdenticalAndAnotherMethodIsComputed() {
    int[] attributions = new int[1];
    Map<Path, GalleryMap> first;
    List<ImagePrediction> tiles;
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      tiles = List.copyOf(harness.viewModel.dataset().grid().tiles());
      assertEquals(6, tiles.size());
      assertEquals("saliency", harness.viewModel.dataset().gallery().methodProperty().get(),
          "no split: Saliency by default");
      first = gallery(harness, null, attributions);
      assertEquals(6, first.size(), "every tile has its map");
      assertEquals(6, attributions[0], "one attribution per image");
      assertTrue(harness.viewModel.dataset().gallery().statusProperty().get().startsWith("6 heat maps in"),
          harness.viewModel.dataset().gallery().statusProperty().get());
    }
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      Map<Path, GalleryMap> again = gallery(harness, null, attributions);
      assertEquals(0, attributions[0], "all from the cache");
      assertEquals(first.keySet(), again.keySet());
      for (Path image : first.keySet()) {
        assertArrayEquals(first.get(image).summed().values(), again.get(image).summed().values(), image.toString());
        assertEquals(first.get(image).imageWidth(), again.get(image).imageWidth());
      }
      Map<Path, GalleryMap> other = gallery(harness, "input-x-gradient", attributions);
      assertEquals(6, other.size());
      assertEquals(6, attributions[0], "another method is another key");
    }
  }

  @Test
  void settingsOverTheGallerysOwnReachTheModelAndAreAnotherKeyUntilTheMethodChanges() {
    int[] attributions = new int[1];
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      GalleryViewModel gallery = harness.viewModel.dataset().gallery();
      gallery(harness, "ig", attributions);
      assertEquals(6, attributions[0]);
      AttributionMethod asked = harness.explainer().methods.get(harness.explainer().methods.size() - 1);
      assertEquals(16, steps(asked), "the gallery's own IG");
      assertEquals(0, asked.cost(1).forward(), "without the convergence delta's forward passes");
      assertTrue(gallery.costTextProperty().get().contains("16 steps"), gallery.costTextProperty().get());
      // The run timed its passes: the set's time now comes from them, not from one image's attribution.
      ModelSession session = harness.viewModel.sessionProperty().get();
      double perPass = session.datasetSecondsPerPass("ig").orElseThrow();
      assertTrue(gallery.costTextProperty().get().endsWith("96 passes for 6 images · about "
          + Formats.duration(96 * perPass)), gallery.costTextProperty().get());
      session.recordDatasetPasses("ig", new PassCount(0, 96), 2 * 96 * 1_000_000_000L - (long) (96 * perPass * 1e9));
      assertEquals(1.0, session.datasetSecondsPerPass("ig").orElseThrow(), 1e-6, "a running average of the runs");
      // Shown (as the status line shows it), the time is told again as a run goes, from what it measures.
      gallery.costTextProperty().addListener((obs, old, value) -> { });
      harness.explainer().attributionMillis = 20;

      int before = harness.explainer().attributions.get();
      gallery.settingsProperty().set(Map.of("n_steps", "32"));
      assertEquals(6, gallery.maps().size(), "computed again at once");
      assertEquals(6, harness.explainer().attributions.get() - before, "the cache held no 32-step maps");
      assertEquals(32, steps(harness.explainer().methods.get(harness.explainer().methods.size() - 1)));
      assertTrue(gallery.costTextProperty().get().contains("32 steps"), gallery.costTextProperty().get());
      double after = session.datasetSecondsPerPass("ig").orElseThrow();
      assertTrue(after < 0.5, "the 32-step run's passes took about 20 ms / 32 each: " + after);
      assertTrue(gallery.costTextProperty().get().endsWith("192 passes for 6 images · about " + Formats.duration(192 * after)),
          gallery.costTextProperty().get());
      harness.explainer().attributionMillis = 0;

      gallery.methodProperty().set("saliency");
      assertEquals(Map.of(), gallery.settingsProperty().get(), "IG's steps mean nothing to Saliency");
      before = harness.explainer().attributions.get();
      gallery.methodProperty().set("ig");
      assertEquals(6, gallery.maps().size());
      assertEquals(0, harness.explainer().attributions.get() - before, "the gallery's own 16-step maps, cached");
      assertTrue(gallery.costTextProperty().get().contains("16 steps"), gallery.costTextProperty().get());
    }
  }

  @Test
  void imagesShareACallWhereTheMethodAllowsItInTheGridsOrderAndCachedOnesStayOutOfIt() {
    int[] attributions = new int[1];
    Map<Path, GalleryMap> alone;
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      alone = gallery(harness, "input-x-gradient", attributions);
      assertEquals(List.of(1, 1, 1, 1, 1, 1), harness.explainer().togetherCalls,
          "a pass of one row fits one image: one call each");
    }
    System.setProperty(GalleryViewModel.CACHE_PROPERTY, dir.resolve("another-cache").toString());
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      harness.explainer().sharedPassRows = 4; // Saliency and Input×Gradient take one gradient row per image
      List<String> before = List.copyOf(harness.explainer().log);
      Map<Path, GalleryMap> together = gallery(harness, "input-x-gradient", attributions);
      assertEquals(List.of(4, 2), harness.explainer().togetherCalls, "passes of 4 rows: 4 images, then the 2 left");
      assertEquals(6, attributions[0]);
      List<String> targets = harness.explainer().log.subList(before.size(), harness.explainer().log.size());
      List<String> expected = harness.viewModel.dataset().grid().tiles().stream()
          .map(tile -> "input-x-gradient:" + tile.predicted()).toList();
      assertEquals(expected, targets, "in the grid's order, each image with its own target");
      assertEquals(alone.keySet(), together.keySet());
      for (Path image : alone.keySet()) {
        assertArrayEquals(alone.get(image).summed().values(), together.get(image).summed().values(), image.toString());
      }

    }
    // Two of the six cached maps go: a new session computes those two alone, in calls of at most 4.
    try (var maps = Files.list(dir.resolve("another-cache"))) {
      List<Path> npy = maps.filter(file -> file.toString().endsWith(".npy")).sorted().limit(2).toList();
      assertEquals(2, npy.size());
      for (Path map : npy) {
        Files.delete(map);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      harness.explainer().sharedPassRows = 4;
      Map<Path, GalleryMap> again = gallery(harness, "input-x-gradient", attributions);
      assertEquals(2, attributions[0], "four maps from the cache");
      assertEquals(2, harness.explainer().togetherCalls.stream().mapToInt(Integer::intValue).sum(),
          "only the two missing maps go to the model: " + harness.explainer().togetherCalls);
      assertTrue(harness.explainer().togetherCalls.stream().allMatch(size -> size <= 4));
      for (Path image : alone.keySet()) {
        assertArrayEquals(alone.get(image).summed().values(), again.get(image).summed().values(), image.toString());
      }
    }
  }

  @Test
  void anImageThatCannotBeReadAnyMoreLeavesItsGroupToTheOthers() throws IOException {
    int[] attributions = new int[1];
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      Path broken = harness.viewModel.dataset().grid().tiles().get(1).path(); // in the first group of four
      Files.writeString(broken, "no longer a picture");
      harness.explainer().sharedPassRows = 4;
      Map<Path, GalleryMap> maps = gallery(harness, "saliency", attributions);
      assertEquals(5, maps.size());
      assertFalse(maps.containsKey(broken));
      assertEquals(List.of(3, 2), harness.explainer().togetherCalls, "the group of four went on with its three others");
      String status = harness.viewModel.dataset().gallery().statusProperty().get();
      assertTrue(status.startsWith("5 heat maps in") && status.endsWith("· 1 unreadable"), status);
    }
  }

  @Test
  void igTakesAsManyImagesAsItsStepsFitInThePass() {
    int[] attributions = new int[1];
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      harness.explainer().sharedPassRows = 40; // the gallery's IG: 16 steps, two images' steps in 40 rows
      gallery(harness, "ig", attributions);
      assertEquals(List.of(2, 2, 2), harness.explainer().togetherCalls);
      harness.explainer().togetherCalls.clear();
      harness.explainer().sharedPassRows = 1000;
      gallery(harness, "saliency", attributions);
      assertEquals(List.of(6), harness.explainer().togetherCalls, "at most 16 a call: all six at once");
      harness.explainer().togetherCalls.clear();
      gallery(harness, "occlusion", attributions);
      assertEquals(6, attributions[0]);
      assertEquals(List.of(), harness.explainer().togetherCalls, "Occlusion's passes are its own: image by image");
    }
  }

  private static int steps(AttributionMethod method) {
    return ((Number) method.parameters().get("n_steps")).intValue();
  }
}
