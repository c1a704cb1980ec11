package com.comprehendo.ui;

import static com.comprehendo.ui.OnFx.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.TorchScriptExplainer;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;
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
 * The dataset browser in a real window (headless Monocle by default) with the real engine on the tiny
 * test model: a labelled folder opens on the Dataset tab with every image predicted and the confusion
 * matrix drawn; the mispredicted filter and a matrix cell narrow the grid; a double-clicked tile opens
 * in the Explain tab. One of the dog images is a copy of a cat image, so whatever the model says, at
 * least one image is mispredicted.
 */
@ExtendWith(ApplicationExtension.class)
class DatasetFlowTest {

  private static final long TIMEOUT_SECONDS = 60;
  @TempDir static Path data;
  private static Path model;
  private static Path folder;

  private ExplorerWindow window;
  private MainViewModel viewModel;

  @BeforeAll
  static void createData() throws IOException {
    model = Fixtures.tinyModel(data.resolve("model"));
    folder = data.resolve("labelled");
    List<Path> images = Fixtures.images(folder, 2);
    Files.copy(images.get(0), folder.resolve("dog/dog_copy_of_cat_1.png"));
    // Named to sort last, so the first image the sidebar selects is a readable one.
    Files.writeString(folder.resolve("cat/zz_broken.png"), "not a png");
  }

  @Start
  void start(Stage stage) {
    window = new ExplorerWindow(stage, TorchScriptExplainer::open);
    viewModel = window.viewModel;
  }

  @AfterEach
  void closeExplorer() throws Exception {
    window.close();
  }

  private void openAndPredict() {
    fx(() -> {
      viewModel.open(List.of(model, folder));
      return null;
    });
    waitUntil("the dataset is predicted", () -> viewModel.dataset().resultsProperty().get() != null
        && viewModel.dataset().resultsProperty().get().complete() && !viewModel.dataset().run().runningProperty().get());
    WaitForAsyncUtils.waitForFxEvents();
  }

  private static GridCell<?> tileShowing(FxRobot robot, ImagePrediction prediction) {
    return robot.lookup(".prediction-tile-cell").queryAllAs(GridCell.class).stream()
        .filter(cell -> !cell.isEmpty() && prediction.equals(cell.getItem()))
        .findFirst().orElseThrow(() -> new AssertionError("no tile shows " + prediction.path()));
  }

  @Test
  void aLabelledFolderOpensOnTheDatasetTabWithPredictionsAndTheConfusionMatrix(FxRobot robot) {
    openAndPredict();

    TabPane tabs = robot.lookup("#" + NodeIds.MAIN_TABS).queryAs(TabPane.class);
    assertEquals(NodeIds.DATASET_TAB, fx(() -> tabs.getSelectionModel().getSelectedItem().getId()));
    GridView<?> grid = robot.lookup("#" + NodeIds.DATASET_GRID).queryAs(GridView.class);
    assertEquals(5, fx(() -> grid.getItems().size()));
    assertFalse(robot.lookup(".prediction-tile-cell").queryAll().isEmpty(), "tiles are drawn");
    String accuracy = robot.lookup("#" + NodeIds.DATASET_ACCURACY).queryAs(Label.class).getText();
    assertTrue(accuracy.endsWith("%"), accuracy);
    int total = 0;
    for (int actual = 0; actual < 2; actual++) {
      for (int predicted = 0; predicted < 2; predicted++) {
        Label cell = robot.lookup("#" + NodeIds.confusionCell(actual, predicted)).queryAs(Label.class);
        total += Integer.parseInt(cell.getText());
      }
    }
    assertEquals(5, total, "every labelled image is in the matrix");
    ListView<?> unreadable = robot.lookup("#" + NodeIds.UNREADABLE_LIST).queryAs(ListView.class);
    assertEquals(1, fx(() -> unreadable.getItems().size()));
    assertTrue(robot.lookup("#" + NodeIds.DATASET_LABEL_RULE).queryAs(Label.class).getText()
        .startsWith("auto: 2 subfolders"));
  }

  @Test
  void theMispredictedFilterAndAConfusionCellNarrowTheGridAndADoubleClickOpensExplain(FxRobot robot) {
    openAndPredict();
    GridView<?> grid = robot.lookup("#" + NodeIds.DATASET_GRID).queryAs(GridView.class);
    int mistakes = fx(() -> viewModel.dataset().resultsProperty().get().snapshot().labelledCount()
        - viewModel.dataset().resultsProperty().get().snapshot().correctCount());
    assertTrue(mistakes >= 1);

    robot.clickOn("#" + NodeIds.DATASET_SCOPE_MISPREDICTED);

    assertEquals(mistakes, fx(() -> grid.getItems().size()));
    assertTrue(fx(() -> viewModel.dataset().grid().tiles().stream().noneMatch(ImagePrediction::isCorrect)));

    ImagePrediction first = fx(() -> viewModel.dataset().grid().tiles().get(0));
    robot.clickOn("#" + NodeIds.confusionCell(first.actual(), first.predicted()));
    assertTrue(fx(() -> viewModel.dataset().grid().tiles().stream()
        .allMatch(p -> p.actual() == first.actual() && p.predicted() == first.predicted())));
    assertEquals(viewModel.dataset().grid().className(first.actual()),
        fx(() -> viewModel.dataset().grid().actualFilterProperty().get().label()));

    WaitForAsyncUtils.waitForFxEvents();
    robot.doubleClickOn(tileShowing(robot, first));

    waitUntil("the image is explained", () -> viewModel.predictionProperty().get() != null
        && viewModel.currentImageProperty().get() != null
        && viewModel.currentImageProperty().get().entry().path().equals(first.path()));
    TabPane tabs = robot.lookup("#" + NodeIds.MAIN_TABS).queryAs(TabPane.class);
    assertEquals(NodeIds.EXPLAIN_TAB, fx(() -> tabs.getSelectionModel().getSelectedItem().getId()));
    ListView<?> list = robot.lookup("#" + NodeIds.IMAGE_LIST).queryAs(ListView.class);
    assertEquals(first.path(), fx(() -> viewModel.images().selectedProperty().get().path()));
    assertNotNull(fx(() -> list.getSelectionModel().getSelectedItem()));
    assertEquals(first.actual(), fx(() -> viewModel.currentImageProperty().get().trueClass().getAsInt()));
    assertNotNull(robot.lookup("#" + NodeIds.RUN_BUTTON).query(), "the explain panel is back");
  }

  @Test
  void tilesAndTheSidebarShowDecodedThumbnailsAndMarkTheUnreadableFile(FxRobot robot) {
    openAndPredict();
    waitUntil("every tile shows its thumbnail", () -> {
      List<javafx.scene.image.ImageView> views = robot.lookup("." + UiStyles.TILE_THUMBNAIL).queryAll().stream()
          .flatMap(frame -> ((javafx.scene.layout.Pane) frame).getChildren().stream())
          .filter(javafx.scene.image.ImageView.class::isInstance).map(javafx.scene.image.ImageView.class::cast).toList();
      return !views.isEmpty() && views.stream().allMatch(view -> view.getImage() != null);
    });
    waitUntil("the sidebar marks zz_broken.png as unreadable", () -> {
      List<String> broken = new java.util.ArrayList<>();
      for (javafx.scene.Node frame : robot.lookup("." + UiStyles.THUMBNAIL_FRAME).queryAll()) {
        boolean marked = ((javafx.scene.layout.Pane) frame).getChildren().stream()
            .anyMatch(child -> child instanceof org.kordamp.ikonli.javafx.FontIcon && child.isVisible());
        javafx.scene.Node cell = frame;
        while (cell != null && !(cell instanceof javafx.scene.control.ListCell)) {
          cell = cell.getParent();
        }
        if (marked && cell != null) {
          broken.add(((com.comprehendo.ui.support.ImageEntry) ((javafx.scene.control.ListCell<?>) cell).getItem()).fileName());
        }
      }
      return broken.equals(List.of("zz_broken.png"));
    });
  }

  private static void waitUntil(String what, Callable<Boolean> condition) {
    OnFx.waitUntil(what, TIMEOUT_SECONDS, condition);
  }
}
