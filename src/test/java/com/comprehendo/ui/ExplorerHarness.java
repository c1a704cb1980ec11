package com.comprehendo.ui;

import com.comprehendo.ui.support.RecentFiles;
import com.comprehendo.ui.task.CurrentThreadTaskExecutor;
import com.comprehendo.ui.task.TaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * A {@link MainViewModel} on the current thread with {@link FakeExplainer}s: every action completes
 * before it returns, and no JavaFX toolkit is needed.
 */
final class ExplorerHarness implements AutoCloseable {

  final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
  final List<FakeExplainer> explainers = new ArrayList<>();
  final Preferences preferences;
  final MainViewModel viewModel;
  /** Dataset scores given to every fake model opened from now on; null for the fake's own. */
  BiFunction<Path, float[], float[]> datasetScores;
  /** The layers of every fake model opened from now on; none by default. */
  List<String> layers = List.of();

  ExplorerHarness() {
    this(null);
  }

  /** @param executor runs everything (model and file work); null for a plain current-thread executor */
  ExplorerHarness(TaskExecutor executor) {
    preferences = Preferences.userRoot().node("com/comprehendo/test/" + System.nanoTime());
    viewModel = new MainViewModel(ExplorerContext.of(executor == null ? this.executor : executor, (file, device) -> {
      FakeExplainer explainer = new FakeExplainer(file);
      explainer.datasetScores = datasetScores;
      explainer.layers = layers;
      explainers.add(explainer);
      return explainer;
    }, new RecentFiles(preferences)));
  }

  FakeExplainer explainer() {
    return explainers.get(explainers.size() - 1);
  }

  /** Opens a (fake) model and a folder of images. */
  ExplorerHarness open(Path model, Path folder) {
    viewModel.openModel(model);
    viewModel.openFolder(folder, null);
    return this;
  }

  @Override
  public void close() {
    try {
      preferences.removeNode();
    } catch (BackingStoreException e) {
      // a leftover test node is harmless
    }
  }
}
