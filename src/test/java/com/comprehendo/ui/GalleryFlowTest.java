package com.comprehendo.ui;

import static com.comprehendo.ui.OnFx.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.Styles;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.ui.dataset.TileScope;
import com.comprehendo.ui.gallery.DatasetFaithfulnessViewModel;
import com.comprehendo.ui.gallery.GalleryIds;
import com.comprehendo.ui.gallery.GalleryOverlay;
import com.comprehendo.ui.gallery.GalleryViewModel;
import com.comprehendo.ui.support.NodeIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.collections.MapChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.controlsfx.control.GridCell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The heat-map gallery in a real window: switched on, heat maps appear on the tiles while the rest are
 * computed; a double-click on an image whose map is not made yet shows that image's own explanation
 * before the gallery is done (the gallery makes way for it); switched off, the tiles are plain again.
 * A stand-in model whose attributions take 400 ms each makes the gallery take a few seconds. The
 * faithfulness menu measures the shown images and fills the table beside the grid; the gear beside the
 * method edits its parameters (a refused value marked at its field, the set's cost as they are typed,
 * and as the filter changes). At 1024 px the strip shows the dataset's status and the gallery's progress
 * and cost in full.
 */
@ExtendWith(ApplicationExtension.class)
class GalleryFlowTest {

  private static final long TIMEOUT_SECONDS = 60;

  @TempDir static Path dir;

  private Stage stage;
  private ExplorerWindow window;
  private MainViewModel viewModel;
  private FakeExplainer explainer;

  @Start
  void start(Stage stage) throws IOException {
    this.stage = stage;
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("model.pt"), "stand-in");
    Fixtures.images(dir.resolve("images"), 12);
    window = new ExplorerWindow(stage, (file, device) -> {
      explainer = new FakeExplainer(file);
      explainer.attributionMillis = 400;
      return explainer;
    });
    viewModel = window.viewModel;
    viewModel.attribution().autoRunProperty().set(true);
  }

  @AfterEach
  void closeExplorer() throws Exception {
    window.close();
  }

  /** Opens the model and the images, waits for their predictions and shows the Dataset tab. */
  private void openDataset() {
    fx(() -> {
      viewModel.open(List.of(dir.resolve("model.pt"), dir.resolve("images")));
      return null;
    });
    waitUntil("the dataset is predicted", () -> viewModel.dataset().resultsProperty().get() != null
        && viewModel.dataset().resultsProperty().get().complete() && !viewModel.dataset().run().runningProperty().get()
        && !viewModel.attribution().runningProperty().get());
    fx(() -> {
      viewModel.selectedTabProperty().set(MainTab.DATASET);
      return null;
    });
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void faithfulnessIsMeasuredFromTheMenuIntoATableAndTheGearSetsTheMethodsParametersForTheSet(FxRobot robot) {
    openDataset();
    explainer.attributionMillis = 0;
    DatasetFaithfulnessViewModel faithfulness = viewModel.dataset().gallery().faithfulness();
    assertFalse(robot.lookup("#" + GalleryIds.FAITHFULNESS_PANEL).query().isVisible(), "no table before a measurement");

    robot.clickOn("#" + GalleryIds.FAITHFULNESS_MENU);
    robot.clickOn("Measure over the shown images");
    waitUntil("the means are measured", () -> !faithfulness.runningProperty().get()
        && faithfulness.statusProperty().get().startsWith("24 maps in"));

    WaitForAsyncUtils.waitForFxEvents();
    Node panel = robot.lookup("#" + GalleryIds.FAITHFULNESS_PANEL).query();
    assertTrue(fx(() -> shown(panel)), "the table is beside the grid");
    GridPane table = robot.lookup("#" + GalleryIds.FAITHFULNESS_TABLE).queryAs(GridPane.class);
    List<String> cells = fx(() -> table.getChildren().stream().map(cell -> ((Label) cell).getText()).toList());
    assertEquals(List.of("Method", "Images", "Deletion \u2193", "Insertion \u2191", "Best"), cells.subList(0, 5));
    assertEquals("Saliency", cells.get(5));
    assertEquals("24", cells.get(6));
    assertTrue(cells.get(7).matches("0\\.\\d{3}"), cells.get(7));

    // The gear beside the method: IG's parameters, a refused value at its field, the cost of the whole set.
    GalleryViewModel gallery = viewModel.dataset().gallery();
    fx(() -> {
      gallery.methodProperty().set("ig");
      return null;
    });
    Label rowCost = robot.lookup("#" + GalleryIds.COST).queryAs(Label.class);
    long passesAt16 = passes(fx(rowCost::getText));
    assertTrue(fx(rowCost::getText).contains("16 steps"), fx(rowCost::getText));
    robot.clickOn("#" + GalleryIds.SETTINGS);
    Node settings = robot.lookup("#" + GalleryIds.SETTINGS_PANEL).query();
    TextField steps = robot.from(settings).lookup("#" + NodeIds.parameter("n_steps")).queryAs(TextField.class);
    Label settingsCost = robot.from(settings).lookup("#" + GalleryIds.SETTINGS_COST).queryAs(Label.class);
    Node apply = robot.from(settings).lookup("#" + GalleryIds.SETTINGS_APPLY).query();
    assertEquals("16", fx(steps::getText));

    robot.doubleClickOn(steps).eraseText(2).write("0");
    Label message = robot.from(settings).lookup("#" + GalleryIds.SETTINGS_MESSAGE).queryAs(Label.class);
    assertEquals("n_steps must be at least 1, got 0", fx(message::getText));
    assertTrue(fx(() -> steps.getPseudoClassStates().contains(Styles.STATE_DANGER)), "the field is marked");
    assertTrue(fx(apply::isDisabled));

    robot.doubleClickOn(steps).eraseText(1).write("32");
    assertFalse(fx(message::isVisible));
    assertEquals(2 * passesAt16, passes(fx(settingsCost::getText)), fx(settingsCost::getText));
    assertEquals(passesAt16, passes(fx(rowCost::getText)), "the row says what runs until Apply");
    robot.clickOn(apply);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(Map.of("n_steps", "32"), fx(() -> gallery.settingsProperty().get()));
    assertEquals(2 * passesAt16, passes(fx(rowCost::getText)), fx(rowCost::getText));
    assertTrue(fx(rowCost::getText).contains("32 steps"), fx(rowCost::getText));
    assertFalse(fx(() -> settings.getScene().getWindow().isShowing()), "Apply closes the settings");
  }

  @Test
  void theGearsCostFollowsTheFilterWhileItIsOpen(FxRobot robot) {
    openDataset();
    GalleryViewModel gallery = viewModel.dataset().gallery();
    fx(() -> {
      gallery.methodProperty().set("ig");
      return null;
    });
    robot.clickOn("#" + GalleryIds.SETTINGS);
    Node settings = robot.lookup("#" + GalleryIds.SETTINGS_PANEL).query();
    Label settingsCost = robot.from(settings).lookup("#" + GalleryIds.SETTINGS_COST).queryAs(Label.class);
    Label rowCost = robot.lookup("#" + GalleryIds.COST).queryAs(Label.class);
    long perImage = passes(fx(settingsCost::getText)) / 24;
    assertEquals(24 * perImage, passes(fx(settingsCost::getText)), fx(settingsCost::getText));

    fx(() -> {
      viewModel.dataset().grid().scopeProperty().set(TileScope.MISPREDICTED);
      return null;
    });
    WaitForAsyncUtils.waitForFxEvents();
    int shown = fx(() -> viewModel.dataset().grid().tiles().size());
    assertTrue(shown > 0 && shown < 24, "the filter keeps some of the images: " + shown);
    assertTrue(fx(() -> settings.getScene().getWindow().isShowing()), "the settings are still open");
    Matcher open = IMAGES.matcher(fx(settingsCost::getText));
    assertTrue(open.find(), fx(settingsCost::getText));
    assertEquals(shown * perImage + " passes for " + shown + " images", open.group(), "the open settings follow the filter");
    assertTrue(fx(rowCost::getText).contains(open.group()), fx(rowCost::getText));

    // An edit after the filter: its cost for the images the filter keeps.
    TextField steps = robot.from(settings).lookup("#" + NodeIds.parameter("n_steps")).queryAs(TextField.class);
    robot.doubleClickOn(steps).eraseText(2).write("32");
    assertTrue(fx(settingsCost::getText).contains(2 * shown * perImage + " passes for " + shown + " images"),
        fx(settingsCost::getText));
  }

  @Test
  void heatMapsAppearTileByTileAndAClickIsExplainedBeforeTheGalleryEnds(FxRobot robot) {
    openDataset();
    GalleryViewModel gallery = viewModel.dataset().gallery();
    int tiles = fx(() -> viewModel.dataset().grid().tiles().size());
    assertEquals(24, tiles);

    // The method box names the gallery's method in full, however narrow the strip.
    ComboBox<?> methodBox = robot.lookup("#" + GalleryIds.METHOD_CHOICE).queryAs(ComboBox.class);
    String expected = MethodRegistry.builtIn().get(fx(() -> gallery.methodProperty().get())).displayName();
    // The box's own cell (a direct child; the popup's list cells are further down).
    assertEquals(expected, fx(() -> robot.from(methodBox).lookup(".list-cell").queryAll().stream()
        .filter(cell -> cell.getParent() == methodBox).map(cell -> ((ListCell<?>) cell).getText()).findFirst().orElse(null)));
    assertTrue(fx(() -> methodBox.getWidth() >= methodBox.prefWidth(-1) - 0.5), "the method box is not squeezed");

    List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    fx(() -> {
      gallery.statusProperty().addListener((obs, old, text) -> statuses.add(text));
      return null;
    });
    robot.clickOn("#" + GalleryIds.TOGGLE);
    waitUntil("the first heat maps are drawn on tiles", () -> visibleOverlays(robot) > 0);
    assertTrue(fx(() -> gallery.runningProperty().get()), "the first tiles come while the rest are computed");

    // A tile on screen whose map is not made yet (the gallery goes in grid order: the last one shown).
    Node grid = robot.lookup("#" + NodeIds.DATASET_GRID).query();
    GridCell<?> target = fx(() -> robot.lookup(".prediction-tile-cell").queryAllAs(GridCell.class).stream()
        .filter(cell -> !cell.isEmpty() && cell.getItem() != null && shown(cell)
            && grid.localToScene(grid.getLayoutBounds()).contains(cell.localToScene(cell.getLayoutBounds())))
        .max(Comparator.comparingInt(cell -> viewModel.dataset().grid().tiles().indexOf(cell.getItem())))
        .orElseThrow(() -> new AssertionError("no tile on screen")));
    Set<Path> mappedBefore = fx(() -> Set.copyOf(gallery.maps().keySet()));
    robot.doubleClickOn(target);
    // What the robot hit is what the grid selected.
    Path clicked = fx(() -> viewModel.dataset().grid().selectedProperty().get().path());
    assertEquals(fx(() -> ((ImagePrediction) target.getItem()).path()), clicked, "the robot hit the tile it aimed at");
    assertFalse(mappedBefore.contains(clicked), "the clicked image had no heat map yet");
    waitUntil("the clicked image is explained", () -> viewModel.currentImageProperty().get() != null
        && viewModel.currentImageProperty().get().entry().path().equals(clicked)
        && viewModel.attribution().resultProperty().get() != null && !viewModel.attribution().runningProperty().get());
    int mappedWhenExplained = fx(() -> gallery.maps().size());
    assertTrue(mappedWhenExplained < tiles, "explained after " + mappedWhenExplained + " of " + tiles
        + " heat maps: the click did not wait for the gallery");
    TabPane tabs = robot.lookup("#" + NodeIds.MAIN_TABS).queryAs(TabPane.class);
    assertEquals(NodeIds.EXPLAIN_TAB, fx(() -> tabs.getSelectionModel().getSelectedItem().getId()));

    waitUntil("the gallery goes on and finishes", () -> !gallery.runningProperty().get() && gallery.maps().size() == tiles);
    assertTrue(statuses.stream().anyMatch(text -> text.matches("\\d+ / 24 heat maps · about .+ left")),
        "the time left was told on the way: " + statuses);
    fx(() -> {
      viewModel.selectedTabProperty().set(MainTab.DATASET);
      return null;
    });
    waitUntil("the tiles on screen show heat maps", () -> visibleOverlays(robot) > 0);
    assertEquals(visibleOverlays(robot), greyThumbnails(robot), "every heat map is drawn over its image in grey");

    robot.clickOn("#" + GalleryIds.TOGGLE);
    waitUntil("the tiles are plain again", () -> visibleOverlays(robot) == 0);
    assertEquals(0, greyThumbnails(robot), "the images are in colour again");
    assertFalse(fx(() -> gallery.enabledProperty().get()));
    assertFalse(robot.lookup("#" + GalleryIds.CLASS_MAP).query().isVisible(), "the class map goes with the gallery");
  }

  @Test
  void theClassMapFollowsTheMapsWhileTheyCome(FxRobot robot) {
    openDataset();
    // Maps reach the window every 250 ms (five maps), inside the class map's 300 ms pause: a pause
    // restarted by each publication would not end before the last map, 1.2 s from the click.
    explainer.attributionMillis = 50;
    GalleryViewModel gallery = viewModel.dataset().gallery();
    ImageView classMap = robot.lookup("#" + GalleryIds.CLASS_MAP_IMAGE).queryAs(ImageView.class);
    List<Integer> mapsWhenDrawn = new java.util.concurrent.CopyOnWriteArrayList<>();
    fx(() -> {
      classMap.imageProperty().addListener((obs, old, image) -> {
        if (image != null) {
          mapsWhenDrawn.add(gallery.maps().size());
        }
      });
      return null;
    });

    robot.clickOn("#" + GalleryIds.TOGGLE);
    waitUntil("the gallery finishes", () -> !gallery.runningProperty().get() && gallery.maps().size() == 24);
    waitUntil("the class map has all maps", () -> !mapsWhenDrawn.isEmpty() && mapsWhenDrawn.get(mapsWhenDrawn.size() - 1) == 24);

    assertTrue(mapsWhenDrawn.get(0) < 24, "the class map was drawn while maps still came, not only after the last: "
        + mapsWhenDrawn);
    // The gallery's progress, in the strip below its row, is shown in full.
    Label status = robot.lookup("#" + GalleryIds.STATUS).queryAs(Label.class);
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(fx(status::getText).startsWith("24 heat maps in"), fx(status::getText));
    assertTrue(fx(() -> shown(status) && status.getWidth() >= status.prefWidth(-1) - 0.5), "not cut short");
  }

  @Test
  void theFirstHeatMapIsShownAtOnce(FxRobot robot) {
    openDataset();
    explainer.attributionMillis = 20;
    GalleryViewModel gallery = viewModel.dataset().gallery();
    CountDownLatch firstShown = new CountDownLatch(1);
    AtomicInteger made = new AtomicInteger();
    AtomicBoolean shownBeforeTheSecond = new AtomicBoolean();
    // The second map waits (3 s at most) until the first is in the window: published with the next ones,
    // as when publications only came after the interval, it would not be before the wait ran out.
    explainer.maps = (method, input) -> {
      if (made.incrementAndGet() == 2) {
        try {
          shownBeforeTheSecond.set(firstShown.await(3, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return input.clone();
    };
    fx(() -> {
      gallery.maps().addListener((MapChangeListener<Object, Object>) change -> firstShown.countDown());
      return null;
    });

    robot.clickOn("#" + GalleryIds.TOGGLE);
    waitUntil("the gallery finishes", () -> !gallery.runningProperty().get() && gallery.maps().size() == 24);
    assertTrue(shownBeforeTheSecond.get(), "the first map reached the window before the second was made");
  }

  @Test
  void stoppedTheGalleryResumesAndFinishedItHasNothingToResume(FxRobot robot) {
    openDataset();
    explainer.attributionMillis = 100;
    GalleryViewModel gallery = viewModel.dataset().gallery();
    robot.clickOn("#" + GalleryIds.TOGGLE);
    waitUntil("the first maps", () -> gallery.maps().size() >= 2);
    robot.clickOn("#" + GalleryIds.STOP);
    waitUntil("stopped", () -> !gallery.runningProperty().get());
    javafx.scene.control.Button resume = robot.lookup("#" + GalleryIds.RESUME).queryAs(javafx.scene.control.Button.class);
    assertTrue(fx(() -> shown(resume) && !resume.isDisabled()), "a stopped gallery can be resumed");
    explainer.attributionMillis = 0;
    robot.clickOn(resume);
    waitUntil("the gallery finishes", () -> !gallery.runningProperty().get() && gallery.maps().size() == 24);
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(fx(() -> shown(resume) && resume.isDisabled()), "a finished gallery has nothing to resume");
  }

  @Test
  void atTenTwentyFourPixelsTheStripShowsThePredictionAndTheGalleryInFull(FxRobot robot) {
    openDataset();
    explainer.attributionMillis = 0;
    GalleryViewModel gallery = viewModel.dataset().gallery();
    Stage small = fx(() -> {
      // As the explorer opens in a 1024 × 700 window: without the image list. A window of its own: Monocle's
      // painter cannot grow a window again (the next test's 1200 × 760 overflowed its buffer).
      Scene scene = stage.getScene();
      stage.hide();
      stage.setScene(new Scene(new javafx.scene.Group()));
      Stage window = new Stage();
      window.setScene(scene);
      window.setWidth(1024);
      window.setHeight(700);
      window.show();
      viewModel.imageListShownProperty().set(false);
      gallery.methodProperty().set("ig"); // the longest cost: "…: 16 steps, gausslegendre · 384 passes for …"
      gallery.enabledProperty().set(true);
      return window;
    });
    waitUntil("the gallery finishes", () -> !gallery.runningProperty().get() && gallery.maps().size() == 24);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(1024, fx(() -> small.getScene().getWidth()), 0.5);

    Label predicted = robot.lookup("#" + NodeIds.DATASET_PROGRESS_TEXT).queryAs(Label.class);
    Label status = robot.lookup("#" + GalleryIds.STATUS).queryAs(Label.class);
    Label cost = robot.lookup("#" + GalleryIds.COST).queryAs(Label.class);
    assertTrue(fx(predicted::getText).startsWith("Predicted 24 images in"), fx(predicted::getText));
    assertTrue(fx(status::getText).contains("24 heat maps in"), fx(status::getText));
    assertTrue(fx(cost::getText).contains("Heat maps by Integrated Gradients: 16 steps"), fx(cost::getText));
    for (Label label : List.of(predicted, status, cost)) {
      assertTrue(fx(() -> shown(label)), label.getId() + " is shown");
      assertEquals(fx(label::getText), fx(() -> displayed(label)), label.getId() + " is not cut short");
    }

    // IG's cost does not fit beside the progress at 1024 px: it goes on in a second line rather than being cut.
    assertTrue(fx(cost::getHeight) > 1.5 * fx(status::getHeight), "wrapped: " + fx(cost::getHeight) + " px high");
    fx(() -> {
      small.close();
      return null;
    });
  }

  /** The text a label draws: its own, or a shortened one ending in an ellipsis when it has no room. */
  private static String displayed(Label label) {
    return label.lookupAll(".text").stream().filter(Text.class::isInstance).map(node -> ((Text) node).getText())
        .findFirst().orElse("");
  }

  /** "N passes for M images" in a cost text. */
  private static final Pattern IMAGES = Pattern.compile("[\\d,]+ passes for [\\d,]+ images");

  /** The passes for the whole set in a cost text, e.g. 384 in "…, 16 steps · 384 passes for 24 images". */
  private static long passes(String costText) {
    Matcher matcher = Pattern.compile("([\\d,]+) passes for 24 images").matcher(costText);
    assertTrue(matcher.find(), costText);
    return Long.parseLong(matcher.group(1).replace(",", ""));
  }

  /** Whether the node and every parent are visible (the grid keeps spare rows hidden in place). */
  private static boolean shown(Node node) {
    for (Node n = node; n != null; n = n.getParent()) {
      if (!n.isVisible()) {
        return false;
      }
    }
    return true;
  }

  private static long visibleOverlays(FxRobot robot) {
    return fx(() -> robot.lookup("#" + GalleryIds.TILE_OVERLAY).queryAll().stream()
        .filter(GalleryFlowTest::shown).filter(node -> ((ImageView) node).getImage() != null).count());
  }

  private static long greyThumbnails(FxRobot robot) {
    return fx(() -> robot.lookup("#" + GalleryIds.TILE_OVERLAY).queryAll().stream()
        .filter(GalleryFlowTest::shown).filter(node -> ((GalleryOverlay) node).greysThumbnail()).count());
  }

  private static void waitUntil(String what, Callable<Boolean> condition) {
    OnFx.waitUntil(what, TIMEOUT_SECONDS, condition);
  }
}
