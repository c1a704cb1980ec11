package com.comprehendo.ui;

import atlantafx.base.theme.PrimerLight;
import com.comprehendo.analysis.TorchScriptExplainer;
import com.comprehendo.platform.DjlSettings;
import com.comprehendo.ui.support.RecentFiles;
import com.comprehendo.ui.task.UiTaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explorer application: {@code comprehendo [model.pt] [folder-or-image]}.
 *
 * <p>Without arguments it opens the demo ({@code assets/demo/model.pt} and its {@code images} folder,
 * or the folder named by the system property {@code comprehendo.demo.dir}) when there is one, and
 * otherwise an empty window that offers to open a model and images. With the system property {@code
 * comprehendo.screenshot=<folder>} it captures its main screens there and exits ({@link
 * ScreenshotDirector}), for the documentation.
 */
public final class ComprehendoApp extends Application {

  private static final Logger LOG = LoggerFactory.getLogger(ComprehendoApp.class);

  private MainViewModel viewModel;
  private UiTaskExecutor modelExecutor;
  private UiTaskExecutor ioExecutor;
  private Stage stage;

  /**
   * How long quitting waits for the model worker's current pass. Exiting while libtorch runs a pass
   * crashes the JVM (SIGSEGV in the pass as the process tears down, and an hs_err file in the working
   * folder): seen when quitting during an IG on ResNet-34, whose passes take about a second here.
   */
  private static final long QUIT_WAIT_SECONDS = 20;

  /** The model worker, closed by {@link #stop}, that {@link #launchApp} waits for. */
  private static volatile UiTaskExecutor stoppedModelWorker;

  /** Launches the explorer and blocks until its window closes. */
  public static void launchApp(String[] args) {
    Application.launch(ComprehendoApp.class, args);
    // The window is gone and the FX thread has ended; the launching thread, not the FX thread, waits
    // for the pass in flight (cancelled by stop) before the caller exits.
    UiTaskExecutor worker = stoppedModelWorker;
    if (worker != null) {
      awaitIdle(worker);
    }
  }

  @Override
  public void init() {
    // `mvn javafx:run` starts here, not through the Launcher: DJL must still stay offline.
    DjlSettings.configureOffline();
  }

  @Override
  public void start(Stage stage) {
    this.stage = stage;
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    modelExecutor = new UiTaskExecutor("comprehendo-model");
    ioExecutor = new UiTaskExecutor("comprehendo-io");
    UiTaskExecutor worker = modelExecutor;
    // Killed (SIGTERM, a logout): stop the model work at its next batch and let the pass end first.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.cancelAll();
      worker.close();
      awaitIdle(worker);
    }, "comprehendo-quit"));
    viewModel = new MainViewModel(
        new ExplorerContext(modelExecutor, ioExecutor, TorchScriptExplainer::open, RecentFiles.forUser()));
    MainWindow window = new MainWindow(viewModel);
    // 1440×900 where it fits; smaller screens (1280×800 laptops) get most of their visible area.
    javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
    double width = Math.min(1440, Math.floor(screen.getWidth() * 0.95));
    double height = Math.min(900, Math.floor(screen.getHeight() * 0.95));
    Scene scene = new Scene(window.root(), Math.max(980, width), Math.max(620, height));
    stage.setScene(scene);
    for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
      var icon = ComprehendoApp.class.getResource("icons/comprehendo-" + size + ".png");
      if (icon != null) {
        stage.getIcons().add(new javafx.scene.image.Image(icon.toExternalForm()));
      }
    }
    stage.titleProperty().bind(viewModel.titleProperty());
    stage.setMinWidth(980);
    stage.setMinHeight(620);
    openInitial(getParameters().getRaw());
    String screenshots = System.getProperty("comprehendo.screenshot");
    if (screenshots != null && !screenshots.isBlank()) {
      new ScreenshotDirector(viewModel, window, scene, Path.of(screenshots)).start();
    }
    stage.show();
  }

  private void openInitial(List<String> args) {
    if (args.isEmpty()) {
      if (!viewModel.openDemoIfPresent()) {
        LOG.info("no arguments and no demo in {}: showing the empty window",
            Path.of(System.getProperty("comprehendo.demo.dir", "assets/demo")).toAbsolutePath());
      }
      return;
    }
    // Models first, so images are preprocessed for the model the user named.
    List<Path> paths = args.stream().map(Path::of).toList();
    List<Path> ordered = new java.util.ArrayList<>(paths.stream().filter(MainViewModel::isModelFile).toList());
    paths.stream().filter(p -> !MainViewModel.isModelFile(p)).forEach(ordered::add);
    viewModel.open(ordered);
  }

  @Override
  public void stop() {
    if (stage != null) {
      stage.hide(); // gone at once, while the model worker finishes its pass below
    }
    if (viewModel != null) {
      viewModel.shutdown();
    }
    if (ioExecutor != null) {
      ioExecutor.close();
    }
    if (modelExecutor != null) {
      modelExecutor.close();
      // Waited for by launchApp, after the toolkit has stopped: stop() returns at once.
      stoppedModelWorker = modelExecutor;
    }
  }

  private static void awaitIdle(UiTaskExecutor worker) {
    try {
      if (!worker.awaitTermination(QUIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("the model worker did not stop within {} s; exiting anyway", QUIT_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
