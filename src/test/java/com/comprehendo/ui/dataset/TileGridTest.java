package com.comprehendo.ui.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.PredictionAccumulator;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.ui.explain.TargetOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grid's filters, order and selection, without a toolkit or a model. */
class TileGridTest {

  private static final Path ROOT = Path.of("/pets");
  private static final List<String> CLASSES = List.of("cat", "dog");
  private static final int IMAGES = 30;

  private final List<String> opened = new ArrayList<>();

  private TileGrid grid() {
    TileGrid grid = new TileGrid((image, target) -> opened.add(image.getFileName() + ":" + target));
    grid.reset(CLASSES, false);
    return grid;
  }

  /**
   * Results after the first {@code count} of {@value #IMAGES} images: a few distinct scores only, so
   * many predictions tie and the order among them must be the order of arrival.
   */
  private static DatasetResults results(int count) {
    PredictionAccumulator accumulator = new PredictionAccumulator(CLASSES, ScoreKind.LOGITS);
    Map<Path, Integer> labels = new HashMap<>();
    Map<Path, Integer> nameRank = new HashMap<>();
    for (int i = 0; i < count; i++) {
      Path path = ROOT.resolve("img" + i + ".png");
      int actual = i % 2;
      labels.put(path, actual);
      nameRank.put(path, IMAGES - i);
      float margin = (i % 3) - 1; // -1, 0 or 1: wrong, a tie, right
      accumulator.add(path, actual, actual == 0 ? new float[] {margin, 0} : new float[] {0, margin});
    }
    return DatasetResults.of(accumulator.snapshot(), ROOT, IMAGES, true, labels, nameRank);
  }

  private static List<String> names(List<ImagePrediction> tiles) {
    return tiles.stream().map(p -> p.path().getFileName().toString()).toList();
  }

  @Test
  void tilesExtendedBatchByBatchAreThoseOfOneSortOfEverything() {
    for (TileOrder order : TileOrder.values()) {
      TileGrid growing = grid();
      growing.orderProperty().set(order);
      growing.filterActual(0);
      TileGrid whole = grid();
      whole.orderProperty().set(order);
      whole.filterActual(0);

      for (int count : new int[] {4, 5, 13, 13, 30}) {
        growing.show(results(count));
      }
      whole.show(results(30));

      assertEquals(15, whole.tiles().size(), order.toString());
      assertEquals(names(whole.tiles()), names(growing.tiles()), order.toString());
      assertEquals("15 of 30 images", growing.tileCountTextProperty().get());
    }
  }

  @Test
  void aClearedGridStartsAfreshInsteadOfExtending() {
    TileGrid grid = grid();
    grid.show(results(10));
    grid.clear();
    assertEquals(List.of(), grid.tiles());
    assertEquals("", grid.tileCountTextProperty().get());

    grid.show(results(12));

    TileGrid fresh = grid();
    fresh.show(results(12));
    assertEquals(names(fresh.tiles()), names(grid.tiles()));
    assertEquals(12, grid.tiles().size());
  }

  @Test
  void filtersFollowTheConfusionMatrixAndAMissingChoiceMeansAny() {
    TileGrid grid = grid();
    grid.show(results(30));

    grid.filterCell(0, 1);
    assertEquals("cat", grid.actualFilterProperty().get().label());
    assertEquals("dog", grid.predictedFilterProperty().get().label());
    grid.tiles().forEach(p -> assertEquals(List.of(0, 1), List.of(p.actual(), p.predicted())));

    grid.predictedFilterProperty().set(null); // a chooser whose items are being replaced
    assertEquals(ClassChoice.ANY, grid.predictedFilterProperty().get());
    assertEquals(15, grid.tiles().size());

    grid.filterCell(7, -1); // no such classes: no filter
    assertEquals(30, grid.tiles().size());
    assertEquals("30 images", grid.tileCountTextProperty().get());
  }

  @Test
  void selectionMovesWithinTheTilesAndOpensInExplain() {
    TileGrid grid = grid();
    grid.orderProperty().set(TileOrder.NAME);
    grid.show(results(6));
    assertEquals(List.of("img5.png", "img4.png", "img3.png", "img2.png", "img1.png", "img0.png"),
        names(grid.tiles()), "by name rank");

    grid.moveSelection(3);
    assertEquals(0, grid.selectedIndex(), "the first move selects the first tile");
    grid.moveSelection(100);
    assertEquals(5, grid.selectedIndex(), "clamped");
    grid.openSelected();
    ImagePrediction last = grid.tiles().get(5);
    grid.explainTrueClass(last);
    assertEquals(List.of("img0.png:" + TargetOption.PREDICTED, "img0.png:0"), opened);

    grid.filterActual(1); // img0 is a cat: filtered out, so no longer selected
    assertNull(grid.selectedProperty().get());
  }

  @Test
  void withoutLabelsThereIsNoLossOrder() {
    TileGrid grid = grid();
    assertEquals(TileOrder.LOSS, grid.orderProperty().get());
    grid.withoutLosses();
    assertEquals(TileOrder.LEAST_CONFIDENT, grid.orderProperty().get());

    grid.reset(CLASSES, false);
    assertEquals(TileOrder.LOSS, grid.orderProperty().get(), "a labelled dataset orders by loss again");
    grid.reset(CLASSES, true);
    assertEquals(TileOrder.LEAST_CONFIDENT, grid.orderProperty().get());
    assertEquals("dog", grid.className(1));
    assertEquals("", grid.className(2));
  }
}
