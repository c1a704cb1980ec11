package com.comprehendo.ui;

import static com.comprehendo.ui.OnFx.fx;
import static com.comprehendo.ui.OnFx.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.ToggleSwitch;
import com.comprehendo.analysis.TorchScriptExplainer;
import com.comprehendo.render.Sign;
import com.comprehendo.ui.faithfulness.CurvePlot;
import com.comprehendo.ui.heatmap.ZoomableImageView;
import com.comprehendo.ui.service.BaselineForm;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The explorer's main flows in a real window (headless Monocle by default) with the real engine on
 * the tiny test model: open, select, run, re-render without recomputing, compare, faithfulness,
 * cancel, errors. The window is {@link ExplorerWindow}, shared with the dataset and gallery flows.
 */
@ExtendWith(ApplicationExtension.class)
class ExplorerFlowTest {

  private static final long TIMEOUT_SECONDS = 60;
  @TempDir static Path data;
  private static Path model;
  private static List<Path> images;

  private ExplorerWindow window;
  private Stage stage;
  private MainViewModel viewModel;

  @BeforeAll
  static void createData() throws IOException {
    model = Fixtures.tinyModel(data.resolve("model"));
    images = Fixtures.images(data.resolve("images"), 2);
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
    window = new ExplorerWindow(stage, TorchScriptExplainer::open);
    viewModel = window.viewModel;
  }

  @AfterEach
  void closeExplorer() throws Exception {
    window.close();
  }

  // ---- helpers ----

  private void openModelAndImages() {
    onFx(() -> viewModel.open(List.of(model, data.resolve("images"))));
    waitUntil("the first image is predicted", () -> viewModel.predictionProperty().get() != null);
    // A labelled folder opens on the Dataset tab; these flows are about explaining one image.
    assertEquals(MainTab.DATASET, fx(() -> viewModel.selectedTabProperty().get()));
    onFx(() -> viewModel.selectedTabProperty().set(MainTab.EXPLAIN));
  }

  private int computations() {
    return fx(() -> viewModel.sessionProperty().get().computationCount());
  }

  /** The requested attribution is shown: not a preview, and nothing is running any more. */
  private boolean attributionDone() {
    return fx(() -> viewModel.attribution().resultProperty().get() != null
        && !viewModel.attribution().previewingProperty().get() && !viewModel.attribution().runningProperty().get());
  }

  private static int[] pixelsOf(Image image) {
    int width = (int) image.getWidth();
    int height = (int) image.getHeight();
    int[] pixels = new int[width * height];
    image.getPixelReader().getPixels(0, 0, width, height,
        javafx.scene.image.PixelFormat.getIntArgbInstance(), pixels, 0, width);
    return pixels;
  }

  private int[] shownHeatmap(FxRobot robot) {
    ZoomableImageView view = robot.lookup("#" + NodeIds.HEATMAP_IMAGE).queryAs(ZoomableImageView.class);
    return fx(() -> pixelsOf(view.imageProperty().get()));
  }

  // ---- flows ----

  @Test
  void opensAModelAndAFolderAndListsTheImages(FxRobot robot) {
    assertTrue(robot.lookup("#" + NodeIds.EMPTY_STATE).query().isVisible());
    assertNotNull(robot.lookup("#" + NodeIds.OPEN_MODEL_BUTTON).query());

    openModelAndImages();

    ListView<?> list = robot.lookup("#" + NodeIds.IMAGE_LIST).queryAs(ListView.class);
    assertEquals(4, fx(() -> list.getItems().size()));
    assertEquals(0, fx(() -> list.getSelectionModel().getSelectedIndex()));
    assertFalse(fx(() -> robot.lookup("#" + NodeIds.EMPTY_STATE).query().isVisible()));
    assertEquals("Comprehendo — tinycnn.pt — images", fx(() -> ((Stage) list.getScene().getWindow()).getTitle()));
    assertEquals("4 images", robot.lookup("#" + NodeIds.IMAGE_COUNT).queryAs(Label.class).getText());
  }

  @Test
  void selectingAnImageAndRunningIgShowsTheHeatmapAndConvergence(FxRobot robot) {
    openModelAndImages();
    robot.clickOn(images.get(3).getFileName().toString());
    waitUntil("dog_2 is shown", () -> viewModel.predictionProperty().get() != null
        && viewModel.currentImageProperty().get().entry().path().equals(images.get(3)));
    int[] plain = shownHeatmap(robot);

    robot.clickOn("#" + NodeIds.RUN_BUTTON);
    waitUntil("IG is done", this::attributionDone);

    assertEquals(1, computations());
    assertFalse(java.util.Arrays.equals(plain, shownHeatmap(robot)), "the heat map is drawn over the image");
    String delta = robot.lookup("#" + NodeIds.CONVERGENCE_DELTA).queryAs(Label.class).getText();
    assertTrue(delta.startsWith("δ = "), delta);
    assertTrue(robot.lookup("#" + NodeIds.COST_ESTIMATE).queryAs(Label.class).getText().startsWith("≈ 52 passes"));
  }

  @Test
  void signAndColormapReRenderWithoutANewComputation(FxRobot robot) {
    openModelAndImages();
    robot.clickOn("#" + NodeIds.RUN_BUTTON);
    waitUntil("IG is done", this::attributionDone);
    int[] before = shownHeatmap(robot);
    ComboBox<Sign> sign = robot.lookup("#" + NodeIds.SIGN_CHOICE).queryComboBox();
    ComboBox<String> colormap = robot.lookup("#" + NodeIds.COLORMAP_CHOICE).queryComboBox();

    onFx(() -> sign.setValue(Sign.ALL));
    int[] signed = shownHeatmap(robot);
    onFx(() -> colormap.setValue("viridis"));
    int[] viridis = shownHeatmap(robot);

    assertFalse(java.util.Arrays.equals(before, signed));
    assertFalse(java.util.Arrays.equals(signed, viridis));
    assertEquals(1, computations(), "display changes never recompute");
    assertTrue(robot.lookup("#" + NodeIds.COLOR_BAR).query().isVisible());
  }

  @Test
  void zoomButtonsScaleTheImageAndHoverReadsThePixel(FxRobot robot) {
    openModelAndImages();
    robot.clickOn("#" + NodeIds.RUN_BUTTON);
    waitUntil("IG is done", this::attributionDone);
    ZoomableImageView canvas = robot.lookup("#" + NodeIds.HEATMAP_IMAGE).queryAs(ZoomableImageView.class);
    // Fit explicitly and let layout settle: the view re-fits when the result arrives, so a scale read
    // right after the run can still change.
    robot.clickOn("#" + NodeIds.FIT_BUTTON);
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    double fitted = fx(() -> canvas.scaleProperty().get());

    robot.clickOn("#" + NodeIds.ZOOM_IN_BUTTON);
    assertEquals(fitted * 1.25, fx(() -> canvas.scaleProperty().get()), 1e-9);
    robot.clickOn("#" + NodeIds.FIT_BUTTON);
    assertEquals(fitted, fx(() -> canvas.scaleProperty().get()), 1e-9);

    robot.moveTo(canvas);
    Label readout = robot.lookup("#" + NodeIds.HOVER_READOUT).queryAs(Label.class);
    // The middle of the 64×64 map, give or take the half pixel where the view's centre falls.
    waitUntil("the readout shows the pixel", () -> readout.getText().matches("x 3[12], y 3[12] .*"));
    assertTrue(readout.getText().contains("Σ "), readout.getText());
  }

  @Test
  void comparisonShowsOnePanelPerMethod(FxRobot robot) {
    openModelAndImages();
    TabPane tabs = robot.lookup("#" + NodeIds.MAIN_TABS).queryAs(TabPane.class);
    onFx(() -> viewModel.comparison().methods().setAll("ig", "saliency", "input-x-gradient"));
    Tab compare = fx(() -> tabs.getTabs().get(2));
    onFx(() -> tabs.getSelectionModel().select(compare));
    assertEquals(MainTab.COMPARE, fx(() -> viewModel.selectedTabProperty().get()));

    robot.clickOn("#" + NodeIds.RUN_COMPARISON_BUTTON);
    waitUntil("the comparison is done", () -> !viewModel.comparison().runningProperty().get()
        && viewModel.comparison().panels().size() == 3
        && viewModel.comparison().panels().stream().allMatch(p -> p.resultProperty().get() != null));

    FlowPane grid = robot.lookup("#" + NodeIds.COMPARISON_GRID).queryAs(FlowPane.class);
    assertEquals(3, fx(() -> grid.getChildren().size()));
    CheckComboBox<?> ticks = robot.lookup("#" + NodeIds.COMPARE_METHODS).queryAs(CheckComboBox.class);
    assertEquals(Set.of("ig", "saliency", "input-x-gradient"), fx(() -> Set.copyOf(ticks.getCheckModel().getCheckedItems())),
        "the ticks are the panels' methods");
    assertEquals(3, computations());
    onFx(() -> viewModel.comparison().sharedScaleProperty().set(true));
    assertTrue(fx(() -> viewModel.comparison().colorBarProperty().get() != null));
    assertEquals(3, computations(), "the shared scale re-renders only");
  }

  @Test
  void everyParameterNameIsShownWhole(FxRobot robot) {
    openModelAndImages();
    onFx(() -> viewModel.attribution().autoRunProperty().set(false));
    for (String method : List.of("noise-tunnel", "occlusion", "gradient-shap", "ig")) {
      onFx(() -> viewModel.attribution().methodIdProperty().set(method));
      if (method.equals("noise-tunnel")) {
        onFx(() -> viewModel.attribution().parameter("nt_inner").orElseThrow().valueProperty().set("ig"));
      }
      WaitForAsyncUtils.waitForFxEvents();
      List<Label> names = fx(() -> robot.lookup("#" + NodeIds.PARAMETER_GRID).queryAs(javafx.scene.layout.GridPane.class)
          .getChildren().stream().filter(n -> n.getStyleClass().contains(UiStyles.PARAMETER_NAME))
          .map(Label.class::cast).toList());
      assertFalse(names.isEmpty(), method);
      for (Label name : names) {
        assertTrue(fx(() -> name.getWidth() + 0.5 >= name.prefWidth(-1)),
            method + ": " + name.getText() + " is cut (" + fx(() -> name.getWidth()) + " of " + fx(() -> name.prefWidth(-1)) + ")");
      }
    }
  }

  @Test
  void everyChoiceIsShownWholeInA1024PixelWindow(FxRobot robot) {
    // The explorer laid out at 1024×700 inside the scene: the stage, shared with other test classes, keeps its size.
    onFx(() -> {
      javafx.scene.layout.Region main = (javafx.scene.layout.Region) stage.getScene().getRoot();
      stage.getScene().setRoot(new javafx.scene.layout.StackPane());
      main.setMaxSize(1024, 700);
      javafx.scene.layout.StackPane holder = new javafx.scene.layout.StackPane(main);
      holder.setAlignment(javafx.geometry.Pos.TOP_LEFT);
      stage.getScene().setRoot(holder);
    });
    openModelAndImages();
    onFx(() -> viewModel.attribution().autoRunProperty().set(false));
    for (String method : List.of("ig", "noise-tunnel", "occlusion")) {
      onFx(() -> viewModel.attribution().methodIdProperty().set(method));
      WaitForAsyncUtils.waitForFxEvents();
      List<javafx.scene.control.ListCell<?>> shown = fx(() -> robot.lookup("#" + NodeIds.PARAMETER_GRID)
          .lookup(".combo-box .list-cell").queryAll().stream()
          .<javafx.scene.control.ListCell<?>>map(n -> (javafx.scene.control.ListCell<?>) n).toList());
      assertFalse(shown.isEmpty(), method);
      for (javafx.scene.control.ListCell<?> cell : shown) {
        assertTrue(fx(() -> cell.getWidth() + 0.5 >= cell.prefWidth(-1)), method + ": '" + fx(cell::getText)
            + "' is cut (" + fx(cell::getWidth) + " of " + fx(() -> cell.prefWidth(-1)) + ")");
      }
    }
  }

  @Test
  void cancellingASlowAttributionEndsItAndTheExplorerStaysResponsive(FxRobot robot) {
    openModelAndImages();
    onFx(() -> {
      viewModel.attribution().parameter("n_steps").orElseThrow().valueProperty().set("4000");
      viewModel.attribution().parameter("method").orElseThrow().valueProperty().set("riemann_trapezoid");
      viewModel.attribution().parameter("internal_batch_size").orElseThrow().valueProperty().set("1");
    });
    robot.clickOn("#" + NodeIds.RUN_BUTTON);
    waitUntil("IG is under way", () -> viewModel.attribution().progressProperty().get() > 0);
    assertTrue(robot.lookup("#" + NodeIds.PROGRESS_BAR).query().isVisible());
    Label progress = robot.lookup("#" + NodeIds.PROGRESS_TEXT).queryAs(Label.class);
    // 4,000 steps and 2 passes for δ: IG's estimates come from those passes, none are added.
    waitUntil("the progress counts passes", () -> progress.getText().contains("/ 4,002 passes"));
    waitUntil("an estimate is shown", () -> viewModel.attribution().previewingProperty().get()
        && viewModel.attribution().resultProperty().get() != null);
    waitUntil("the progress line names the estimate", () -> progress.getText().startsWith("Estimate: "));

    robot.clickOn("#" + NodeIds.CANCEL_BUTTON);

    assertFalse(fx(() -> viewModel.attribution().runningProperty().get()), "cancel takes effect at once");
    assertEquals("Cancelled · showing the preview", fx(() -> viewModel.attribution().statusTextProperty().get()));
    // The UI answers while the worker stops at its next batch: typing works, and the next job runs.
    robot.clickOn("#" + NodeIds.IMAGE_FILTER).write("dog");
    assertEquals(2, fx(() -> viewModel.images().filteredImages().size()));
    onFx(() -> viewModel.attribution().methodIdProperty().set("saliency"));
    robot.clickOn("#" + NodeIds.RUN_BUTTON);
    waitUntil("saliency is done", this::attributionDone);
    assertEquals("saliency", fx(() -> viewModel.attribution().resultKeyProperty().get().method().methodId()));
    assertEquals(1, computations(), "the cancelled IG left nothing behind");
  }

  @Test
  void selectingAnotherImageCancelsTheRunningAttribution(FxRobot robot) {
    openModelAndImages();
    onFx(() -> {
      viewModel.attribution().parameter("n_steps").orElseThrow().valueProperty().set("4000");
      viewModel.attribution().parameter("method").orElseThrow().valueProperty().set("riemann_trapezoid");
      viewModel.attribution().parameter("internal_batch_size").orElseThrow().valueProperty().set("1");
    });
    robot.clickOn("#" + NodeIds.RUN_BUTTON);
    waitUntil("IG is under way", () -> viewModel.attribution().progressProperty().get() > 0);

    robot.clickOn(images.get(2).getFileName().toString());

    waitUntil("the new image is shown", () -> viewModel.predictionProperty().get() != null
        && viewModel.currentImageProperty().get().entry().path().equals(images.get(2)));
    assertFalse(fx(() -> viewModel.attribution().runningProperty().get()));
    assertEquals(0, computations());
  }

  @Test
  void aFileThatIsNotAModelShowsTheLoadersMessage(FxRobot robot) throws IOException {
    Path bad = data.resolve("bad.pt");
    Files.writeString(bad, "this is a text file, not TorchScript");

    onFx(() -> viewModel.openModel(bad));
    waitUntil("the error is shown", () -> !viewModel.notices().items().isEmpty());

    Message notice = robot.lookup("#" + NodeIds.NOTICE).queryAs(Message.class);
    assertEquals("Cannot open bad.pt", notice.getTitle());
    assertTrue(notice.getDescription().contains("not a TorchScript archive"), notice.getDescription());
    assertTrue(robot.lookup("#" + NodeIds.OPEN_MODEL_BUTTON).query().isVisible(), "still usable");

    openModelAndImages();
    assertNotNull(fx(() -> viewModel.sessionProperty().get()));
  }

  @Test
  void anInvalidParameterShowsTheEngineMessageAndDisablesRun(FxRobot robot) {
    openModelAndImages();
    TextField steps = robot.lookup("#" + NodeIds.parameter("n_steps")).queryAs(TextField.class);

    robot.doubleClickOn(steps).eraseText(4).write("-3");

    Label message = robot.lookup("#" + NodeIds.VALIDATION_MESSAGE).queryAs(Label.class);
    assertEquals("n_steps must be at least 1, got -3", message.getText());
    assertTrue(robot.lookup("#" + NodeIds.RUN_BUTTON).query().isDisabled());
  }

  @Test
  void aBlurredBaselineIsChosenInTheEditorAndComputedByTheEngine(FxRobot robot) {
    openModelAndImages();
    ComboBox<BaselineForm.Kind> kinds = robot.lookup("#" + NodeIds.BASELINE_CHOICE).queryComboBox();
    TextField setting = robot.lookup("#" + NodeIds.BASELINE_ARGUMENT).queryAs(TextField.class);
    assertEquals(BaselineForm.Kind.CONSTANT, fx(kinds::getValue));
    assertEquals("0", fx(setting::getText));
    assertEquals("Black", fx(() -> kinds.getConverter().toString(kinds.getItems().get(0))));

    onFx(() -> kinds.setValue(BaselineForm.Kind.BLUR));
    assertEquals("10", fx(setting::getText));
    robot.doubleClickOn(setting).eraseText(2).write("3");
    waitUntil("the choice has the blur", () -> viewModel.attribution().choiceProperty().get() != null
        && "blur:3".equals(viewModel.attribution().choiceProperty().get().parameters().get("baselines")));
    robot.clickOn("#" + NodeIds.RUN_BUTTON);
    waitUntil("IG against the blurred image is done", this::attributionDone);

    assertEquals(1, computations());
    assertEquals("blur:3", fx(() -> viewModel.attribution().resultKeyProperty().get().method().parameters().get("baselines")));
    String delta = robot.lookup("#" + NodeIds.CONVERGENCE_DELTA).queryAs(Label.class).getText();
    assertTrue(delta.startsWith("δ = "), delta);

    onFx(() -> kinds.setValue(BaselineForm.Kind.BLACK));
    assertFalse(fx(() -> setting.getParent().isVisible()), "black has no setting");
    assertEquals("", robot.lookup("#" + NodeIds.VALIDATION_MESSAGE).queryAs(Label.class).getText());
  }

  @Test
  void theRunMenuOffersTheDevicesAndSwitchingReloadsTheModelThere(FxRobot robot) {
    openModelAndImages();
    javafx.scene.control.MenuBar bar = robot.lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class);
    javafx.scene.control.Menu devices = fx(() -> bar.getMenus().stream()
        .flatMap(menu -> menu.getItems().stream())
        .filter(item -> NodeIds.DEVICE_MENU.equals(item.getId()))
        .map(javafx.scene.control.Menu.class::cast).findFirst().orElseThrow());
    List<javafx.scene.control.RadioMenuItem> items = fx(() -> devices.getItems().stream()
        .map(javafx.scene.control.RadioMenuItem.class::cast).toList());
    boolean gpu = com.comprehendo.model.DeviceChoice.availableGpus() > 0;

    assertEquals(3, items.size());
    assertTrue(fx(() -> items.get(0).isSelected()), "automatic is the default");
    assertEquals(!gpu, fx(() -> items.get(2).isDisable()), "GPU is offered only when libtorch sees one");
    assertTrue(fx(() -> viewModel.modelSummaryProperty().get()).endsWith(gpu ? "GPU 0" : "CPU"));
    var before = fx(() -> viewModel.sessionProperty().get());

    onFx(() -> items.get(1).fire());
    waitUntil("the model is loaded again on the CPU", () -> viewModel.sessionProperty().get() != null
        && viewModel.sessionProperty().get() != before && !viewModel.modelLoadingProperty().get());

    assertEquals(com.comprehendo.model.DeviceChoice.CPU, fx(() -> viewModel.deviceProperty().get()));
    assertTrue(fx(() -> items.get(1).isSelected()));
    assertTrue(fx(() -> viewModel.modelSummaryProperty().get()).endsWith(" · CPU"));
  }

  @Test
  void faithfulnessIsMeasuredByTheEngineOnRequestInExplainAndPerPanelInCompare(FxRobot robot) {
    openModelAndImages();
    robot.clickOn("#" + NodeIds.RUN_BUTTON);
    waitUntil("IG is done", this::attributionDone);
    onFx(() -> robot.lookup("#" + NodeIds.MEASURE_FAITHFULNESS_BUTTON).queryButton().fire());
    waitUntil("the shown map is measured", () -> !viewModel.explainFaithfulness().runningProperty().get()
        && viewModel.explainFaithfulness().map().scoresProperty().get().complete(false));
    assertEquals(2, fx(() -> shownFaithfulness(robot.lookup("#" + NodeIds.EXPLAIN_FAITHFULNESS_NUMBERS).query())));

    onFx(() -> viewModel.comparison().methods().setAll("saliency", "input-x-gradient"));
    onFx(() -> viewModel.selectedTabProperty().set(MainTab.COMPARE));
    onFx(() -> robot.lookup("#" + NodeIds.FAITHFULNESS_TOGGLE).queryAs(ToggleSwitch.class).setSelected(true));
    robot.clickOn("#" + NodeIds.RUN_COMPARISON_BUTTON);
    waitUntil("every panel is measured after its map", () -> !viewModel.comparison().faithfulness().runningProperty().get()
        && viewModel.comparison().panels().size() == 2 && viewModel.comparison().panels().stream()
            .allMatch(p -> p.faithfulness().scoresProperty().get().complete(false)));
    assertEquals(4, fx(() -> shownFaithfulness(robot.lookup("#" + NodeIds.COMPARISON_GRID).query())), "two per panel");
    assertTrue(fx(() -> viewModel.comparison().panels().stream().anyMatch(p -> p.faithfulness().bestDeletionProperty().get())));
  }

  /** The faithfulness shown under {@code node}: visible deletion/insertion numbers and curve plots, counted. */
  private static int shownFaithfulness(javafx.scene.Node node) {
    long numbers = node.lookupAll(".label").stream().map(Label.class::cast)
        .filter(label -> label.isVisible() && label.getText().matches("(Deletion|Insertion) [0-9.e−-]+")).count();
    long plots = node.lookupAll("*").stream().filter(n -> n instanceof CurvePlot && n.isVisible()).count();
    return (int) Math.min(numbers, 2 * plots);
  }

  private static void waitUntil(String what, Callable<Boolean> condition) {
    OnFx.waitUntil(what, TIMEOUT_SECONDS, condition);
  }
}
