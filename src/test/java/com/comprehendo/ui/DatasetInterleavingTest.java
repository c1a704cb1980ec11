package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.ui.support.RecentFiles;
import com.comprehendo.ui.task.UiTaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A long dataset run shares the model worker with the image being explained: with the real (threaded)
 * executors and a slow fake model, picking an image while the dataset is predicted gets its prediction
 * after a batch, not after the whole dataset; the run then goes on and finishes. No window is needed,
 * only the toolkit that delivers the callbacks.
 */
@ExtendWith(ApplicationExtension.class)
class DatasetInterleavingTest {

  @TempDir Path dir;
  private final UiTaskExecutor modelExecutor = new UiTaskExecutor("test-model");
  private final UiTaskExecutor ioExecutor = new UiTaskExecutor("test-io");
  private final Preferences preferences = Preferences.userRoot().node("com/comprehendo/test/" + System.nanoTime());
  private final List<FakeExplainer> explainers = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    modelExecutor.cancelAll();
    modelExecutor.close();
    ioExecutor.close();
    modelExecutor.awaitTermination(10, TimeUnit.SECONDS);
    preferences.removeNode();
  }

  private static <T> T fx(Callable<T> read) {
    try {
      return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void waitUntil(String what, Callable<Boolean> condition) {
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(condition));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out waiting until " + what, e);
    }
  }

  @Test
  void anImagePickedDuringALongRunIsPredictedBeforeTheRunEnds() {
    List<Path> images = Fixtures.images(dir.resolve("images"), 20);
    MainViewModel vm = fx(() -> {
      MainViewModel created = new MainViewModel(new ExplorerContext(modelExecutor, ioExecutor, (file, device) -> {
        FakeExplainer explainer = new FakeExplainer(file);
        explainer.batchMillis = 60; // 20 batches: about 1.2 s for the dataset
        explainers.add(explainer);
        return explainer;
      }, new RecentFiles(preferences)));
      created.attribution().autoRunProperty().set(false);
      created.open(List.of(dir.resolve("model.pt"), dir.resolve("images")));
      return created;
    });
    waitUntil("the run is under way", () -> vm.dataset().resultsProperty().get() != null
        && vm.dataset().resultsProperty().get().snapshot().predictedCount() > 0);

    Path last = images.get(images.size() - 1);
    fx(() -> {
      vm.images().selectedProperty().set(vm.images().images().stream()
          .filter(e -> e.path().equals(last)).findFirst().orElseThrow());
      return null;
    });
    waitUntil("the picked image is predicted", () -> vm.predictionProperty().get() != null
        && vm.currentImageProperty().get().entry().path().equals(last));

    assertTrue(fx(() -> vm.dataset().runningProperty().get()), "the dataset stepped aside, it did not finish first");
    waitUntil("the run finishes", () -> !vm.dataset().runningProperty().get());
    assertEquals(40, fx(() -> vm.dataset().tiles().size()));
    assertEquals(40, explainers.get(0).datasetPredictions.get(), "every image once, across the chunks");
  }
}
