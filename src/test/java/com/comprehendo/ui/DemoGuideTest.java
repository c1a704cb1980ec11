package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.platform.BuildInfo;
import com.comprehendo.ui.dataset.TileGrid;
import com.comprehendo.ui.dataset.TileOrder;
import com.comprehendo.ui.dataset.TileScope;
import com.comprehendo.ui.help.DemoGuide;
import com.comprehendo.ui.help.HelpDialogs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help ▸ What to look for in the demo: its links set the Dataset grid; About names the version. */
class DemoGuideTest {

  @TempDir Path dir;
  private final ExplorerHarness harness = new ExplorerHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void theDemoGuidesLinksSetTheGridAndShowTheDatasetTab() throws Exception {
    Path folder = dir.resolve("pets");
    Fixtures.images(folder, 2);
    // cat_2 is called dog: three images are predicted dog, one is mispredicted.
    harness.datasetScores = (file, input) -> file.getFileName().toString().equals("cat_1.png")
        ? new float[] {3f, -3f} : new float[] {-2f, 2f};
    harness.open(dir.resolve("model.pt"), folder);
    TileGrid grid = harness.viewModel.dataset().grid();
    harness.viewModel.selectedTabProperty().set(MainTab.EXPLAIN);

    DemoGuide.Link dogs = DemoGuide.predictedAs(grid, "dog", () -> harness.viewModel.selectedTabProperty()
        .set(MainTab.DATASET)).orElseThrow();
    dogs.apply().run();
    assertEquals("dog", grid.predictedFilterProperty().get().label());
    assertEquals(3, grid.tiles().size());
    assertTrue(grid.tiles().stream().allMatch(t -> t.predicted() == 1));
    assertEquals(MainTab.DATASET, harness.viewModel.selectedTabProperty().get());

    // This model has no star class: the guide offers no link that would show nothing.
    assertTrue(DemoGuide.predictedAs(grid, "star", () -> { }).isEmpty());
    List<DemoGuide.Point> points = DemoGuide.points(grid, () -> { });
    assertTrue(points.get(0).links().isEmpty());
    grid.orderProperty().set(TileOrder.NAME);
    points.get(1).links().get(0).apply().run();
    assertEquals(TileScope.MISPREDICTED, grid.scopeProperty().get());
    assertEquals(TileOrder.LOSS, grid.orderProperty().get());
    assertEquals(1, grid.tiles().size());
    assertEquals("Any", grid.predictedFilterProperty().get().label());
  }

  @Test
  void aboutNamesTheVersion() {
    assertTrue(HelpDialogs.versionLine().startsWith("Comprehendo " + BuildInfo.version() + " · Java "),
        HelpDialogs.versionLine());
    assertFalse(BuildInfo.version().isBlank());
  }
}
