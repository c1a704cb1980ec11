package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.ConfusedPair;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.ui.dataset.ConfusionTable;
import com.comprehendo.ui.dataset.DatasetViewModel;
import com.comprehendo.ui.dataset.TileOrder;
import com.comprehendo.ui.dataset.TileScope;
import com.comprehendo.ui.explain.TargetOption;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.CurrentThreadTaskExecutor;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset browser on the current thread with a fake model whose scores are set per file: no
 * toolkit, no libtorch. The folder holds cat/cat_1, cat/cat_2 (predicted as a dog), dog/dog_1,
 * dog/dog_2 (a hesitant dog) and cat/broken.png (not an image).
 */
class DatasetViewModelTest {

  /** Logits (cat, dog) per file: one mistake, one hesitation. */
  private static final Map<String, float[]> SCORES = Map.of(
      "cat_1.png", new float[] {4f, -4f},
      "cat_2.png", new float[] {-1f, 1f},
      "dog_1.png", new float[] {-3f, 3f},
      "dog_2.png", new float[] {-0.2f, 0.2f});
  private static final BiFunction<Path, float[], float[]> BY_NAME =
      (file, input) -> SCORES.get(file.getFileName().toString());

  @TempDir Path dir;
  private Path folder;
  private List<Path> images;

  @BeforeEach
  void createImages() throws Exception {
    folder = dir.resolve("pets");
    images = Fixtures.images(folder, 2);
    Files.writeString(folder.resolve("cat/broken.png"), "not a png");
  }

  private ExplorerHarness open(ExplorerHarness harness) {
    harness.datasetScores = BY_NAME;
    return harness.open(dir.resolve("model.pt"), folder);
  }

  private static List<String> names(List<ImagePrediction> predictions) {
    return predictions.stream().map(p -> p.path().getFileName().toString()).toList();
  }

  private static ImagePrediction tile(DatasetViewModel dataset, String fileName) {
    return dataset.grid().tiles().stream().filter(p -> p.path().getFileName().toString().equals(fileName))
        .findFirst().orElseThrow();
  }

  @Test
  void predictionsFillTheGridAndTheSummaryAndTheDatasetTabIsShown() {
    try (ExplorerHarness harness = open(new ExplorerHarness())) {
      MainViewModel vm = harness.viewModel;
      DatasetViewModel dataset = vm.dataset();

      assertEquals(MainTab.DATASET, vm.selectedTabProperty().get(), "a labelled folder opens on its overview");
      assertFalse(dataset.run().runningProperty().get());
      assertEquals(4, dataset.grid().tiles().size());
      assertEquals("75.0%", dataset.summary().accuracyTextProperty().get());
      assertEquals("25.0%", dataset.summary().errorRateTextProperty().get());
      assertEquals("4 of 5", dataset.summary().predictedTextProperty().get());
      assertEquals("4", dataset.summary().labelledTextProperty().get());
      assertEquals("1", dataset.summary().unreadableTextProperty().get());
      assertEquals("broken.png", dataset.summary().unreadable().get(0).path().getFileName().toString());
      assertFalse(dataset.summary().unreadable().get(0).reason().isBlank());
      assertTrue(dataset.scan().labelRuleProperty().get().startsWith("auto: 2 subfolders contain images"),
          dataset.scan().labelRuleProperty().get());
      assertTrue(dataset.run().statusTextProperty().get().startsWith("Predicted 4 images in"),
          dataset.run().statusTextProperty().get());
      assertTrue(dataset.run().statusTextProperty().get().endsWith("1 unreadable"));

      ConfusionTable confusion = dataset.summary().confusionProperty().get();
      assertEquals(List.of("cat", "dog"), confusion.names());
      assertEquals(List.of(1, 1), List.of(confusion.counts()[0][0], confusion.counts()[0][1]));
      assertEquals(List.of(0, 2), List.of(confusion.counts()[1][0], confusion.counts()[1][1]));
      assertEquals(List.of(new ConfusedPair("cat", "dog", 0, 1, 1)), dataset.summary().mostConfused());
      assertEquals(4, harness.explainer().datasetPredictions.get());
    }
  }

  @Test
  void imagesWithNanOutputsAreCountedAndTheirTilesKnowIt() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      harness.datasetScores = (file, input) -> file.getFileName().toString().equals("dog_2.png")
          ? new float[] {Float.NaN, 0.2f}
          : SCORES.get(file.getFileName().toString());
      harness.open(dir.resolve("model.pt"), folder);
      DatasetViewModel dataset = harness.viewModel.dataset();

      assertEquals("1", dataset.summary().nonFiniteTextProperty().get());
      assertFalse(tile(dataset, "dog_2.png").finite());
      assertTrue(tile(dataset, "dog_1.png").finite());
    }
  }

  @Test
  void theGridShowsTopLossesFirstAndSortsByConfidenceOrName() {
    try (ExplorerHarness harness = open(new ExplorerHarness())) {
      DatasetViewModel dataset = harness.viewModel.dataset();

      assertEquals(TileOrder.LOSS, dataset.grid().orderProperty().get());
      assertEquals(List.of("cat_2.png", "dog_2.png", "dog_1.png", "cat_1.png"), names(dataset.grid().tiles()));
      dataset.grid().orderProperty().set(TileOrder.LEAST_CONFIDENT);
      assertEquals("dog_2.png", names(dataset.grid().tiles()).get(0));
      dataset.grid().orderProperty().set(TileOrder.MOST_CONFIDENT);
      assertEquals("cat_1.png", names(dataset.grid().tiles()).get(0));
      dataset.grid().orderProperty().set(TileOrder.NAME);
      assertEquals(List.of("cat_1.png", "cat_2.png", "dog_1.png", "dog_2.png"), names(dataset.grid().tiles()));
    }
  }

  @Test
  void theMispredictedFilterShowsOnlyTheMistakes() {
    try (ExplorerHarness harness = open(new ExplorerHarness())) {
      DatasetViewModel dataset = harness.viewModel.dataset();

      dataset.grid().showMispredicted();

      assertEquals(List.of("cat_2.png"), names(dataset.grid().tiles()));
      assertEquals("1 of 4 images", dataset.grid().tileCountTextProperty().get());
      dataset.grid().scopeProperty().set(TileScope.CORRECT);
      assertEquals(3, dataset.grid().tiles().size());
      dataset.grid().clearFilters();
      assertEquals("4 images", dataset.grid().tileCountTextProperty().get());
    }
  }

  @Test
  void aConfusionCellOrAClassFiltersTheGrid() {
    try (ExplorerHarness harness = open(new ExplorerHarness())) {
      DatasetViewModel dataset = harness.viewModel.dataset();

      dataset.grid().filterCell(0, 1);
      assertEquals(List.of("cat_2.png"), names(dataset.grid().tiles()));
      assertEquals("cat", dataset.grid().actualFilterProperty().get().label());
      assertEquals("dog", dataset.grid().predictedFilterProperty().get().label());

      dataset.grid().filterCell(1, 1);
      assertEquals(List.of("dog_2.png", "dog_1.png"), names(dataset.grid().tiles()), "highest loss first");

      dataset.grid().filterActual(0);
      assertEquals(List.of("cat_2.png", "cat_1.png"), names(dataset.grid().tiles()));
      dataset.grid().filterPredicted(1);
      assertEquals(3, dataset.grid().tiles().size());
      ConfusedPair worst = dataset.summary().mostConfused().get(0);
      dataset.grid().filterCell(worst.actualIndex(), worst.predictedIndex());
      assertEquals(List.of("cat_2.png"), names(dataset.grid().tiles()));
    }
  }

  @Test
  void openingATileShowsItInExplainWithThePredictedClassAsTarget() {
    try (ExplorerHarness harness = open(new ExplorerHarness())) {
      MainViewModel vm = harness.viewModel;
      DatasetViewModel dataset = vm.dataset();
      ImagePrediction mistake = tile(dataset, "cat_2.png");

      dataset.grid().openInExplain(mistake);

      assertEquals(MainTab.EXPLAIN, vm.selectedTabProperty().get());
      assertEquals(images.get(1), vm.images().selectedProperty().get().path());
      assertEquals(images.get(1), vm.currentImageProperty().get().entry().path());
      assertEquals(0, vm.currentImageProperty().get().trueClass().getAsInt());
      assertEquals(CurrentImage.FROM_DATASET, vm.currentImageProperty().get().trueClassSource());
      assertEquals(TargetOption.PREDICTED, vm.attribution().targetProperty().get().index());
      int predicted = vm.predictionProperty().get().predictedIndex();
      assertEquals(predicted, vm.attribution().resultKeyProperty().get().target(), "explains the prediction");

      dataset.grid().explainTrueClass(mistake);

      assertEquals(0, vm.attribution().targetProperty().get().index());
      assertEquals(0, vm.attribution().resultKeyProperty().get().target());
      assertEquals(mistake, dataset.grid().selectedProperty().get());
    }
  }

  @Test
  void enterOpensTheSelectedTileAndArrowsMoveTheSelection() {
    try (ExplorerHarness harness = open(new ExplorerHarness())) {
      MainViewModel vm = harness.viewModel;
      DatasetViewModel dataset = vm.dataset();
      dataset.grid().orderProperty().set(TileOrder.NAME);

      dataset.grid().moveSelection(1);
      assertEquals(0, dataset.grid().selectedIndex(), "the first move selects the first tile");
      dataset.grid().moveSelection(2);
      dataset.grid().moveSelection(5);
      assertEquals(3, dataset.grid().selectedIndex(), "clamped to the last tile");
      dataset.grid().openSelected();

      assertEquals(MainTab.EXPLAIN, vm.selectedTabProperty().get());
      assertEquals(images.get(3), vm.currentImageProperty().get().entry().path());
    }
  }

  @Test
  void theImageListShowsTheDatasetLabelsAndPredictions() {
    try (ExplorerHarness harness = open(new ExplorerHarness())) {
      var lookup = harness.viewModel.images().lookupProperty().get();

      assertEquals(0, lookup.trueClass(images.get(1)).getAsInt());
      assertEquals(1, lookup.prediction(images.get(1)).orElseThrow().predicted());
      assertTrue(lookup.prediction(folder.resolve("cat/broken.png")).isEmpty());
    }
  }

  @Test
  void cancellingKeepsWhatWasPredictedAndResumeFinishesTheRest() {
    try (ExplorerHarness harness = new ExplorerHarness()) {
      DatasetViewModel dataset = harness.viewModel.dataset();
      AtomicBoolean cancelled = new AtomicBoolean();
      harness.datasetScores = (file, input) -> {
        if (file.getFileName().toString().equals("dog_1.png") && !cancelled.getAndSet(true)) {
          dataset.run().cancel(); // the user presses Stop while this batch is being predicted
        }
        return BY_NAME.apply(file, input);
      };
      harness.open(dir.resolve("model.pt"), folder);

      assertFalse(dataset.run().runningProperty().get());
      assertTrue(dataset.run().resumableProperty().get());
      assertEquals("Stopped after 3 of 5 images", dataset.run().statusTextProperty().get());
      assertEquals(List.of("cat_2.png", "cat_1.png"), names(dataset.grid().tiles()), "what was predicted stays");
      assertEquals("50.0%", dataset.summary().accuracyTextProperty().get());

      dataset.run().resume();

      assertFalse(dataset.run().runningProperty().get());
      assertFalse(dataset.run().resumableProperty().get());
      assertEquals(4, dataset.grid().tiles().size());
      assertEquals(4, new HashSet<>(dataset.grid().tiles()).size(), "nothing predicted twice");
      assertEquals("75.0%", dataset.summary().accuracyTextProperty().get());
      assertTrue(dataset.run().statusTextProperty().get().startsWith("Predicted 4 images"));
    }
  }

  @Test
  void predictionsStepAsideForQueuedModelWorkAndContinueBehindIt() {
    // An executor that always has work waiting: each chunk predicts one batch, then queues the next.
    CurrentThreadTaskExecutor direct = new CurrentThreadTaskExecutor();
    TaskExecutor busy = new TaskExecutor() {
      @Override
      public <V> TaskHandle execute(BackgroundTask<V> task) {
        return direct.execute(task);
      }

      @Override
      public boolean hasWaitingWork() {
        return true;
      }

      @Override
      public void close() {}
    };
    try (ExplorerHarness harness = open(new ExplorerHarness(busy))) {
      DatasetViewModel dataset = harness.viewModel.dataset();

      assertEquals(4, dataset.grid().tiles().size());
      assertEquals(4, new HashSet<>(dataset.grid().tiles()).size());
      assertEquals(1, dataset.summary().unreadable().size());
      assertEquals(4, harness.explainer().datasetPredictions.get(), "every image once");
      assertTrue(dataset.run().statusTextProperty().get().startsWith("Predicted 4 images"));
    }
  }

  @Test
  void labelsThatAreNotModelClassesGiveANoticeAndPredictionsRunWithoutThem() throws Exception {
    Path other = dir.resolve("zoo");
    for (String label : List.of("bird", "fish")) {
      Files.createDirectories(other.resolve(label));
      Files.copy(images.get(0), other.resolve(label).resolve(label + ".png"));
    }
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), other).viewModel;
      DatasetViewModel dataset = vm.dataset();

      Notices.Notice notice = vm.notices().items().stream()
          .filter(n -> n.severity() == Notices.Severity.WARNING).findFirst().orElseThrow();
      assertEquals("The labels do not match the model's classes", notice.title());
      assertTrue(notice.message().contains("'bird'"), notice.message());
      assertTrue(dataset.scan().labelProblemProperty().get().contains("The model has 2 classes: 'cat', 'dog'"),
          dataset.scan().labelProblemProperty().get());
      assertEquals(2, dataset.grid().tiles().size(), "predicted all the same");
      assertFalse(dataset.labelledProperty().get());
      assertEquals("—", dataset.summary().accuracyTextProperty().get());
      assertTrue(dataset.summary().confusionProperty().get().isEmpty());
      assertEquals(TileOrder.LEAST_CONFIDENT, dataset.grid().orderProperty().get(), "no losses without labels");
      assertTrue(vm.currentImageProperty().get().trueClass().isEmpty());
    }
  }

  @Test
  void aFolderWithoutLabelsIsPredictedButStaysOnExplain() throws Exception {
    Path flat = dir.resolve("flat");
    Files.createDirectories(flat);
    Files.copy(images.get(0), flat.resolve("a.png"));
    Files.copy(images.get(2), flat.resolve("b.png"));
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), flat).viewModel;

      assertEquals(MainTab.EXPLAIN, vm.selectedTabProperty().get());
      assertEquals(2, vm.dataset().grid().tiles().size());
      assertTrue(vm.dataset().scan().labelRuleProperty().get().startsWith("auto: no labels, predictions only"));
      assertTrue(vm.notices().items().isEmpty(), vm.notices().items().toString());
    }
  }

  @Test
  void exportWritesOneRowPerPredictionWithRelativePaths() throws Exception {
    try (ExplorerHarness harness = open(new ExplorerHarness())) {
      Path csv = dir.resolve("out/predictions.csv");

      harness.viewModel.dataset().exportCsv(csv);

      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      assertEquals("path,label,predicted,probability,loss", lines.get(0));
      assertEquals(5, lines.size(), "a header and four predictions; the unreadable file has none");
      String[] mistake = lines.stream().filter(l -> l.startsWith("cat/cat_2.png,")).findFirst().orElseThrow()
          .split(",");
      assertEquals(List.of("cat/cat_2.png", "cat", "dog"), List.of(mistake[0], mistake[1], mistake[2]));
      assertEquals(0.8808, Double.parseDouble(mistake[3]), 1e-4);
      assertEquals(2.1269, Double.parseDouble(mistake[4]), 1e-4);
      assertEquals("pets_predictions.csv", harness.viewModel.dataset().suggestedCsvName());
    }
  }

  @Test
  void aNewModelPredictsTheDatasetAgain() {
    try (ExplorerHarness harness = open(new ExplorerHarness())) {
      DatasetViewModel dataset = harness.viewModel.dataset();
      dataset.grid().showMispredicted();

      harness.viewModel.openModel(dir.resolve("other.pt"));

      assertEquals(4, harness.explainer().datasetPredictions.get(), "the new model predicted everything");
      assertEquals(TileScope.ALL, dataset.grid().scopeProperty().get(), "filters start afresh");
      assertEquals(4, dataset.grid().tiles().size());
      assertNull(dataset.grid().selectedProperty().get());
    }
  }
}
