package com.comprehendo.ui;

import static com.comprehendo.ui.OnFx.fx;
import static com.comprehendo.ui.OnFx.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.Explainer;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.TorchScriptExplainer;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.data.ImageTensors;
import com.comprehendo.job.BatchSizer;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.platform.DjlSettings;
import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.ui.gallery.GalleryIds;
import com.comprehendo.ui.gallery.GalleryViewModel;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.RecentFiles;
import com.comprehendo.ui.task.UiTaskExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.beans.InvalidationListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A measurement, not part of the suite (it runs only with {@code -Dcomprehendo.measure=gallery}): the
 * gallery of the 320 demo images in a real window with the real engine, timed from the click on
 * <em>Heat maps</em> until every tile has its map, three times (the maps cleared in between by a
 * change of method). Like the application it keeps the maps in a disk cache (a fresh folder, emptied
 * before each run, so every run computes every map; {@code -Dcomprehendo.measure.cache=false}: no
 * cache, as in tests). It checks that all 320 maps came and prints the times;
 * docs/benchmarks.md has the figures. The method is Grad-CAM (the demo's default), or the one named by
 * {@code -Dcomprehendo.measure.click=MILLIS} also opens the last tile in Explain that long after the click and
 * prints how long its explanation took. {@code -Dcomprehendo.measure.method} with the parameters of {@code -Dcomprehendo.measure.settings}
 * ({@code name=value,...}); {@code -Dcomprehendo.measure.runs} sets how many runs; {@code
 * -Dcomprehendo.measure.sizes=FILE} keeps settled pass sizes in FILE between processes, as the
 * application does; the demo opens as in the application, its first image explained by the Explain
 * panel's IG ({@code -Dcomprehendo.measure.autorun=false}: not explained, a colder first click). After each run it
 * times the same maps without the window (decoding, the method without its convergence delta, the
 * channel sum, on this thread while the window idles): what the gallery adds beyond that is the
 * window's and the disk cache's (drawing, publishing, stepping aside, hashing each image, writing its map).
 *
 * <pre>
 * ./mvnw -B -o test -Dtest=GalleryTimingTest -Dcomprehendo.measure=gallery -Dsurefire.failIfNoSpecifiedTests=false
 * ./mvnw -B -o test -Dtest=GalleryTimingTest -Dcomprehendo.measure=gallery -Dcomprehendo.measure.method=ig \
 *     -Dcomprehendo.measure.settings=n_steps=32 -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "comprehendo.measure", matches = "gallery")
@ExtendWith(ApplicationExtension.class)
class GalleryTimingTest {

  private static final Path DEMO = Path.of("assets", "demo");
  private static final int IMAGES = 320;
  private static final int RUNS = Integer.getInteger("comprehendo.measure.runs", 3);
  private static final String METHOD = System.getProperty("comprehendo.measure.method", "grad-cam");
  private static final Map<String, String> SETTINGS = settings(System.getProperty("comprehendo.measure.settings", ""));
  private static final long TIMEOUT_SECONDS = 300;
  private static final boolean AUTO_RUN = Boolean.parseBoolean(System.getProperty("comprehendo.measure.autorun", "true"));
  private static final boolean MAP_CACHE = Boolean.parseBoolean(System.getProperty("comprehendo.measure.cache", "true"));
  private static final long CLICK_AFTER_MILLIS = Long.getLong("comprehendo.measure.click", -1L);

  static {
    // As the application does before libtorch loads (OpenMP threads that wait without spinning).
    DjlSettings.configureOffline();
    // As the application does (Launcher): pass sizes settled in an earlier process are used at once.
    String sizes = System.getProperty("comprehendo.measure.sizes");
    if (sizes != null) {
      BatchSizer.persistIn(Path.of(sizes));
    }
  }

  private MainViewModel viewModel;
  private UiTaskExecutor modelExecutor;
  private UiTaskExecutor ioExecutor;
  private Preferences preferences;

  private Path mapCache;

  @Start
  void start(Stage stage) throws IOException {
    if (MAP_CACHE) { // as the Launcher does: the gallery's maps are kept on disk
      mapCache = Files.createTempDirectory("gallery-measure-cache");
      System.setProperty(GalleryViewModel.CACHE_PROPERTY, mapCache.toString());
    }
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    modelExecutor = new UiTaskExecutor("measure-model");
    ioExecutor = new UiTaskExecutor("measure-io");
    preferences = Preferences.userRoot().node("com/comprehendo/test/" + System.nanoTime());
    viewModel = new MainViewModel(new ExplorerContext(modelExecutor, ioExecutor, TorchScriptExplainer::open,
        new RecentFiles(preferences)));
    // As the application opens a folder: its first image selected and explained (Auto on, IG by default).
    // -Dcomprehendo.measure.autorun=false measures a colder first click, with no gradient pass before it.
    viewModel.attribution().autoRunProperty().set(AUTO_RUN);
    stage.setScene(new Scene(new MainWindow(viewModel).root(), 1200, 760));
    stage.show();
  }

  @AfterEach
  void closeExplorer() throws Exception {
    WaitForAsyncUtils.asyncFx(() -> viewModel.shutdown()).get();
    modelExecutor.close();
    ioExecutor.close();
    modelExecutor.awaitTermination(10, TimeUnit.SECONDS);
    preferences.removeNode();
    if (mapCache != null) {
      System.clearProperty(GalleryViewModel.CACHE_PROPERTY);
      emptyMapCache();
      Files.delete(mapCache);
    }
  }

  /** Deletes the cached maps, so that the next run computes every map. */
  private void emptyMapCache() throws IOException {
    if (mapCache != null) {
      try (Stream<Path> entries = Files.list(mapCache)) {
        for (Path entry : (Iterable<Path>) entries::iterator) {
          Files.delete(entry);
        }
      }
    }
  }

  @Test
  void theDemoGalleryFromTheClick(FxRobot robot) throws Exception {
    onFx(() -> viewModel.open(List.of(DEMO.resolve("model.pt"), DEMO.resolve("images"))));
    OnFx.waitUntil("the demo is predicted", TIMEOUT_SECONDS, () -> viewModel.dataset().resultsProperty().get() != null
        && viewModel.dataset().resultsProperty().get().complete() && !viewModel.dataset().run().runningProperty().get()
        && !viewModel.attribution().runningProperty().get()
        && (!AUTO_RUN || viewModel.attribution().resultProperty().get() != null));
    onFx(() -> viewModel.selectedTabProperty().set(MainTab.DATASET));
    WaitForAsyncUtils.waitForFxEvents();
    GalleryViewModel gallery = viewModel.dataset().gallery();
    assertEquals("grad-cam", fx(() -> gallery.methodProperty().get()), "the demo has a split: Grad-CAM by default");
    assertEquals(IMAGES, (int) fx(() -> viewModel.dataset().grid().tiles().size()));
    Node toggle = robot.lookup("#" + GalleryIds.TOGGLE).query();
    for (int run = 1; run <= RUNS; run++) {
      if (run > 1) {
        robot.clickOn(toggle);
      }
      if (run > 1 || !METHOD.equals("grad-cam") || !SETTINGS.isEmpty()) {
        onFx(() -> {
          gallery.methodProperty().set(METHOD.equals("saliency") ? "grad-cam" : "saliency"); // forgets the maps
          gallery.methodProperty().set(METHOD);
          gallery.settingsProperty().set(SETTINGS);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(fx(() -> gallery.enabledProperty().get()));
        assertEquals(0, (int) fx(() -> gallery.maps().size()));
      }
      emptyMapCache();
      robot.moveTo(toggle);
      CompletableFuture<Long> allMaps = new CompletableFuture<>();
      InvalidationListener check = obs -> {
        if (!gallery.runningProperty().get() && gallery.maps().size() == IMAGES) {
          allMaps.complete(System.nanoTime());
        }
      };
      onFx(() -> {
        gallery.runningProperty().addListener(check);
        gallery.maps().addListener(check);
      });
      long start = System.nanoTime();
      robot.clickOn(toggle);
      if (CLICK_AFTER_MILLIS >= 0) {
        clickDuringTheGallery(gallery);
      }
      // Waits without polling: TestFX's waitFor asks the UI thread every 10 ms, and those hundred wakeups a
      // second took CPU from the model's two threads that the application, alone, does not lose.
      double seconds = (allMaps.get(TIMEOUT_SECONDS, TimeUnit.SECONDS) - start) / 1e9;
      onFx(() -> {
        gallery.runningProperty().removeListener(check);
        gallery.maps().removeListener(check);
      });
      System.out.printf(Locale.ROOT, "gallery run %d: %d %s %s maps %.2f s from the click; the gallery says '%s'%n",
          run, IMAGES, METHOD, SETTINGS, seconds, fx(() -> gallery.statusProperty().get()));
      System.out.printf(Locale.ROOT, "headless run %d: the same %d maps without the window %.2f s; rows per pass %s%n",
          run, IMAGES, headless(gallery), BatchSizer.settledSizes(
              ((TorchScriptExplainer) fx(() -> gallery.sessionProperty().get()).explainer()).classifier()));
    }
  }

  /**
   * With {@code -Dcomprehendo.measure.click=MILLIS}: that long after the gallery's click, the last tile
   * is opened in Explain (as a double-click does) and the time until its own explanation is shown is
   * printed: what the gallery's pass in progress adds to a click.
   */
  private void clickDuringTheGallery(GalleryViewModel gallery) throws Exception {
    Thread.sleep(CLICK_AFTER_MILLIS);
    ImagePrediction last = fx(() -> viewModel.dataset().grid().tiles().get(IMAGES - 1));
    boolean mappedBefore = fx(() -> gallery.maps().containsKey(last.path()));
    long clicked = System.nanoTime();
    onFx(() -> viewModel.dataset().grid().openInExplain(last));
    OnFx.waitUntil("the clicked image is explained", TIMEOUT_SECONDS, () -> viewModel.currentImageProperty().get() != null
        && viewModel.currentImageProperty().get().entry().path().equals(last.path())
        && viewModel.attribution().resultProperty().get() != null && !viewModel.attribution().runningProperty().get());
    System.out.printf(Locale.ROOT, "click: %s explained %.3f s after the click, the gallery at %d maps%s%n",
        last.path().getFileName(), (System.nanoTime() - clicked) / 1e9, fx(() -> gallery.maps().size()),
        mappedBefore ? " (its map was made before)" : "");
  }

  /**
   * Seconds to make the grid's maps as the gallery does, without the window: decoded, the method
   * (its registry values, the gallery's IG steps, the settings over them) without its delta, summed.
   */
  private double headless(GalleryViewModel gallery) throws Exception {
    ModelSession session = fx(() -> gallery.sessionProperty().get());
    List<ImagePrediction> tiles = fx(() -> List.copyOf(viewModel.dataset().grid().tiles()));
    Map<String, String> values = new LinkedHashMap<>(MethodRegistry.builtIn().get(METHOD).suggestedValues(session.facts()));
    if (METHOD.equals("ig")) {
      values.put("n_steps", "16"); // the gallery's own
    }
    values.putAll(SETTINGS);
    AttributionMethod method = MethodRegistry.builtIn().create(METHOD, values, session.facts()).withoutConvergenceDelta();
    Explainer explainer = session.explainer();
    ImageDecoder decoder = ImageDecoder.createDefault();
    double checksum = 0;
    long start = System.nanoTime();
    for (ImagePrediction tile : tiles) {
      float[] input = ImageTensors.toChw(decoder.decodeForTensors(tile.path()), explainer.preprocessing());
      AttributionResult result = explainer.attribute(input, tile.predicted(), method, ProgressListener.NONE,
          CancellationToken.NONE);
      checksum += AttributionNormalizer.sumChannels(result.values(), result.channels(), result.height(),
          result.width()).values()[0];
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(Double.isFinite(checksum));
    return seconds;
  }

  /** {@code n_steps=32,method=riemann_trapezoid} as a map. */
  private static Map<String, String> settings(String text) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (!pair.isBlank()) {
        int equals = pair.indexOf('=');
        settings.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
      }
    }
    return settings;
  }
}
