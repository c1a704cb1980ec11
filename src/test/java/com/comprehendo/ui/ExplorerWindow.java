package com.comprehendo.ui;

import atlantafx.base.theme.PrimerLight;
import com.comprehendo.analysis.ExplainerFactory;
import com.comprehendo.ui.support.RecentFiles;
import com.comprehendo.ui.task.UiTaskExecutor;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The explorer in a real window for the TestFX flows, opened in {@code @Start} and closed in {@code
 * @AfterEach}: its two workers, fresh preferences (no recent files from elsewhere), the main window in
 * the application's theme. Auto-run is off: flows start each computation themselves, so they can count
 * them.
 */
final class ExplorerWindow implements AutoCloseable {

  final UiTaskExecutor modelExecutor = new UiTaskExecutor("test-model");
  final UiTaskExecutor ioExecutor = new UiTaskExecutor("test-io");
  final MainViewModel viewModel;
  private final Preferences preferences = Preferences.userRoot().node("com/comprehendo/test/" + System.nanoTime());

  /** @param explainers opens model files: the real engine, or a stand-in */
  ExplorerWindow(Stage stage, ExplainerFactory explainers) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    viewModel = new MainViewModel(
        new ExplorerContext(modelExecutor, ioExecutor, explainers, new RecentFiles(preferences)));
    viewModel.attribution().autoRunProperty().set(false);
    // Within Monocle's default 1280×800 headless screen (a larger scene overflows its upload buffer).
    stage.setScene(new Scene(new MainWindow(viewModel).root(), 1200, 760));
    stage.sizeToScene(); // the stage is shared by a class's tests: one that resized it leaves no trace
    stage.titleProperty().bind(viewModel.titleProperty());
    stage.show();
  }

  /** Shuts the explorer down on the FX thread, then its workers, and forgets its preferences. */
  @Override
  public void close() throws Exception {
    // Cancelled before the shutdown, not after: the shutdown queues the model's closing, which must run
    // (cancelled, it left the test model's native memory to the garbage collector's warnings).
    modelExecutor.cancelAll();
    WaitForAsyncUtils.asyncFx(() -> viewModel.shutdown()).get();
    modelExecutor.close();
    ioExecutor.close();
    modelExecutor.awaitTermination(10, TimeUnit.SECONDS);
    preferences.removeNode();
  }
}
