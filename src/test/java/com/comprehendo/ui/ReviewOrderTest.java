package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.ui.dataset.TileGrid;
import com.comprehendo.ui.support.ImageEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reviewing the top losses one by one: Alt+↓/↑ walk the Dataset grid's current filter and order, not
 * the file names, and the Explain header says where the image stands in it.
 */
class ReviewOrderTest {

  @TempDir Path dir;

  /** Logits per file: cat_2 and dog_1 are mispredicted, dog_1 with the higher loss; cat_3 is nearly a tie. */
  private static final Map<String, float[]> SCORES = Map.of(
      "cat_1.png", new float[] {4f, -4f}, "cat_2.png", new float[] {-1f, 1f}, "cat_3.png", new float[] {0.1f, -0.1f},
      "dog_1.png", new float[] {3f, -3f}, "dog_2.png", new float[] {-2f, 2f}, "dog_3.png", new float[] {-5f, 5f});

  private ExplorerHarness opened(ExplorerHarness harness) {
    Fixtures.images(dir.resolve("pets"), 3);
    harness.datasetScores = (file, input) -> SCORES.get(file.getFileName().toString());
    return harness.open(dir.resolve("model.pt"), dir.resolve("pets"));
  }

  private static String shown(MainViewModel vm) {
    return vm.currentImageProperty().get().entry().path().getFileName().toString();
  }

  @Test
  void nextAndPreviousFollowTheMispredictedByLoss() {
    try (ExplorerHarness harness = opened(new ExplorerHarness())) {
      MainViewModel vm = harness.viewModel;
      TileGrid grid = vm.dataset().grid();
      grid.showMispredicted();
      List<String> order = grid.tiles().stream().map(p -> p.path().getFileName().toString()).toList();
      assertEquals(List.of("dog_1.png", "cat_2.png"), order, "top losses first");

      grid.openInExplain(grid.tiles().get(0));
      assertEquals(MainTab.EXPLAIN, vm.selectedTabProperty().get());
      assertEquals("dog_1.png", shown(vm));
      assertEquals("1 of 2 mispredicted · Top losses", vm.gridPosition());

      vm.stepImage(1);
      assertEquals("cat_2.png", shown(vm), "the next mispredicted image, not the next file name (dog_2)");
      assertEquals("2 of 2 mispredicted · Top losses", vm.gridPosition());
      vm.stepImage(1);
      assertEquals("cat_2.png", shown(vm), "the last one stays");
      vm.stepImage(-1);
      assertEquals("dog_1.png", shown(vm));
      assertEquals(MainTab.EXPLAIN, vm.selectedTabProperty().get());
    }
  }

  @Test
  void theSidebarListsTheGridsFilteredSetInTheGridsOrderAndADoubleClickExplains() {
    try (ExplorerHarness harness = opened(new ExplorerHarness())) {
      MainViewModel vm = harness.viewModel;
      TileGrid grid = vm.dataset().grid();
      List<String> byName = List.of("cat_1.png", "cat_2.png", "cat_3.png", "dog_1.png", "dog_2.png", "dog_3.png");
      assertEquals(byName, sidebar(vm), "no filter: the folder by name (nothing moves when predictions finish)");
      assertEquals("6 images", vm.images().summaryProperty().get());

      grid.showMispredicted();
      assertEquals(List.of("dog_1.png", "cat_2.png"), sidebar(vm), "the grid's filter and order");
      assertEquals("2 of 6 images · as the Dataset grid: 2 mispredicted · Top losses",
          vm.images().summaryProperty().get());
      vm.images().filterProperty().set("cat");
      assertEquals(List.of("cat_2.png"), sidebar(vm), "the sidebar's text filter on top");
      vm.images().filterProperty().set("");

      vm.images().followsOrderProperty().set(false);
      assertEquals(byName, sidebar(vm), "switched off: the folder by name");
      assertEquals("6 images", vm.images().summaryProperty().get());
      vm.images().followsOrderProperty().set(true);
      grid.clearFilters();
      assertEquals(byName, sidebar(vm));

      vm.selectedTabProperty().set(MainTab.DATASET);
      vm.images().explain(vm.images().filteredImages().get(4));
      assertEquals(MainTab.EXPLAIN, vm.selectedTabProperty().get(), "a double-click opens Explain");
      assertEquals("dog_2.png", shown(vm));
    }
  }

  private static List<String> sidebar(MainViewModel vm) {
    return vm.images().filteredImages().stream().map(ImageEntry::fileName).toList();
  }

  @Test
  void aCellFilterIsNamedAndTheDatasetTabMovesTheGridSelection() {
    try (ExplorerHarness harness = opened(new ExplorerHarness())) {
      MainViewModel vm = harness.viewModel;
      TileGrid grid = vm.dataset().grid();
      grid.filterCell(0, 0); // true cat, predicted cat
      grid.openInExplain(grid.tiles().get(0));
      assertEquals("1 of 2 images true “cat” predicted “cat” · Top losses", vm.gridPosition());

      vm.selectedTabProperty().set(MainTab.DATASET);
      ImagePrediction before = grid.selectedProperty().get();
      vm.stepImage(1);
      assertEquals(grid.tiles().get(1), grid.selectedProperty().get(), "on the Dataset tab the grid's selection moves");
      assertTrue(before != grid.selectedProperty().get());
      assertEquals(MainTab.DATASET, vm.selectedTabProperty().get(), "and the tab stays");
    }
  }

  @Test
  void anImageTheGridLeavesOutMovesToTheFirstOfTheSet() {
    try (ExplorerHarness harness = opened(new ExplorerHarness())) {
      MainViewModel vm = harness.viewModel;
      TileGrid grid = vm.dataset().grid();
      grid.showMispredicted();
      vm.explain(dir.resolve("pets/cat/cat_1.png"), -1);
      assertEquals("", vm.gridPosition(), "cat_1 is predicted right: not in the grid's set");
      vm.stepImage(1);
      assertEquals("dog_1.png", shown(vm), "the sidebar lists the grid's set: an image outside it goes to its first");
    }
  }
}
