package com.comprehendo.ui;

import static com.comprehendo.ui.OnFx.fx;
import static com.comprehendo.ui.OnFx.onFx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.Prediction;
import com.comprehendo.ui.support.ImageEntry;
import com.comprehendo.ui.support.RecentFiles;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.UiTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The shown image and the dataset share the workers, with the real (threaded) executors and a fake
 * model. A picked image is decoded once, by the file worker or the model worker, whichever is free
 * first: it shows while the model worker finishes other work, and it is predicted while the file worker
 * is busy elsewhere. Picked during a long dataset run, it is predicted after a batch, not after the
 * whole dataset, and the run then goes on and finishes. Quick picks end with the last image's own
 * prediction, and neither a picked-over image nor an unreadable one leaves a worker waiting for a
 * decoding that never comes. No window is needed, only the toolkit that delivers the callbacks.
 */
@ExtendWith(ApplicationExtension.class)
class SharedWorkersFlowTest {

  @TempDir Path dir;
  private final UiTaskExecutor modelExecutor = new UiTaskExecutor("test-model");
  private final UiTaskExecutor ioExecutor = new UiTaskExecutor("test-io");
  private final Preferences preferences = Preferences.userRoot().node("com/comprehendo/test/" + System.nanoTime());
  private final List<FakeExplainer> explainers = new ArrayList<>();
  private FakeExplainer explainer;

  @AfterEach
  void close() throws Exception {
    modelExecutor.cancelAll();
    modelExecutor.close();
    ioExecutor.close();
    modelExecutor.awaitTermination(10, TimeUnit.SECONDS);
    preferences.removeNode();
  }

  private MainViewModel open() {
    MainViewModel vm = openWithBatchesOf(0);
    waitUntil("the dataset is predicted", () -> vm.dataset().resultsProperty().get() != null
        && !vm.dataset().run().runningProperty().get());
    return vm;
  }

  /** Opens the model and the images; each of the model's dataset batches takes {@code batchMillis}. */
  private MainViewModel openWithBatchesOf(long batchMillis) {
    return fx(() -> {
      MainViewModel created = new MainViewModel(new ExplorerContext(modelExecutor, ioExecutor, (file, device) -> {
        explainer = new FakeExplainer(file);
        explainer.batchMillis = batchMillis;
        explainers.add(explainer);
        return explainer;
      }, new RecentFiles(preferences)));
      created.attribution().autoRunProperty().set(false);
      created.open(List.of(dir.resolve("model.pt"), dir.resolve("images")));
      return created;
    });
  }

  private static ImageEntry entry(MainViewModel vm, String fileName) {
    return vm.images().images().stream().filter(e -> e.fileName().endsWith(fileName)).findFirst().orElseThrow();
  }

  private static void select(MainViewModel vm, String fileName) {
    onFx(() -> vm.images().selectedProperty().set(entry(vm, fileName)));
  }

  /** Waits for the shown image's prediction and checks it is that image's own. */
  private void assertPredictionOfShownImage(MainViewModel vm, String fileName) {
    waitUntil(fileName + " is shown with a prediction", () -> vm.predictionProperty().get() != null
        && vm.currentImageProperty().get() != null
        && vm.currentImageProperty().get().entry().fileName().endsWith(fileName));
    float[] tensor = fx(() -> vm.currentImageProperty().get().prepared().tensor());
    Prediction shown = fx(() -> vm.predictionProperty().get());
    assertArrayEquals(explainer.predict(tensor).scores(), shown.scores(), "the prediction of " + fileName + "'s pixels");
  }

  @Test
  void anImagePickedDuringALongDatasetRunIsPredictedBeforeTheRunEnds() {
    Fixtures.images(dir.resolve("images"), 20);
    MainViewModel vm = openWithBatchesOf(60); // 20 batches: about 1.2 s for the dataset
    waitUntil("the run is under way", () -> vm.dataset().resultsProperty().get() != null
        && vm.dataset().resultsProperty().get().snapshot().predictedCount() > 0);

    select(vm, "dog_20.png");
    assertPredictionOfShownImage(vm, "dog_20.png");

    assertTrue(fx(() -> vm.dataset().run().runningProperty().get()), "the dataset stepped aside, it did not finish first");
    waitUntil("the run finishes", () -> !vm.dataset().run().runningProperty().get());
    assertEquals(40, fx(() -> vm.dataset().grid().tiles().size()));
    assertEquals(1, explainers.size());
    assertEquals(40, explainer.datasetPredictions.get(), "every image once, across the chunks");
  }

  @Test
  void quickPicksEndWithTheLastImagesOwnPrediction() {
    Fixtures.images(dir.resolve("images"), 6);
    MainViewModel vm = open();

    onFx(() -> {
      for (String name : List.of("cat_2.png", "dog_5.png", "cat_4.png", "dog_3.png")) {
        vm.images().selectedProperty().set(entry(vm, name));
      }
    });
    assertPredictionOfShownImage(vm, "dog_3.png");

    select(vm, "cat_6.png");
    assertPredictionOfShownImage(vm, "cat_6.png");
  }

  @Test
  void aClickShowsItsImageWhileTheModelWorkerIsBusyAndPredictsItAfter() throws Exception {
    Fixtures.images(dir.resolve("images"), 3);
    MainViewModel vm = open();
    CountDownLatch release = new CountDownLatch(1);
    fx(() -> modelExecutor.execute(BackgroundTask.of("a long pass", ctx -> release.await(20, TimeUnit.SECONDS))));

    select(vm, "dog_2.png");
    waitUntil("dog_2.png is shown", () -> vm.currentImageProperty().get() != null
        && vm.currentImageProperty().get().entry().fileName().endsWith("dog_2.png"));
    assertNull(fx(() -> vm.predictionProperty().get()), "the model worker is still busy");

    release.countDown();
    assertPredictionOfShownImage(vm, "dog_2.png");
  }

  @Test
  void theModelWorkerDecodesAndPredictsWhenTheFileWorkerIsBusy() throws Exception {
    Fixtures.images(dir.resolve("images"), 3);
    MainViewModel vm = open();
    CountDownLatch release = new CountDownLatch(1);
    fx(() -> ioExecutor.execute(BackgroundTask.of("a slow read", ctx -> release.await(20, TimeUnit.SECONDS))));

    select(vm, "cat_3.png");
    assertPredictionOfShownImage(vm, "cat_3.png");
    assertEquals(1, release.getCount(), "shown and predicted while the file worker was still busy");
    release.countDown();
  }

  @Test
  void anUnreadableImageDoesNotHoldTheModelWorker() throws Exception {
    Fixtures.images(dir.resolve("images"), 2);
    Files.writeString(dir.resolve("images/cat/broken.png"), "not a png");
    MainViewModel vm = open();

    // Sorted first, it is skipped on opening: the folder opens on its first readable image.
    waitUntil("the notice says it cannot be read", () -> vm.notices().items().stream()
        .anyMatch(notice -> notice.title().equals("Cannot read broken.png")));
    assertPredictionOfShownImage(vm, "cat_1.png");

    select(vm, "broken.png"); // chosen by the user: shown as unreadable
    waitUntil("the broken image is selected and nothing shown", () -> vm.currentImageProperty().get() == null);
    assertNull(fx(() -> vm.predictionProperty().get()));

    select(vm, "dog_2.png");
    assertPredictionOfShownImage(vm, "dog_2.png");
    assertEquals("dog_2.png", fx(() -> vm.currentImageProperty().get().entry().path().getFileName().toString()));
  }

  private static void waitUntil(String what, Callable<Boolean> condition) {
    OnFx.waitUntil(what, 30, condition);
  }
}
