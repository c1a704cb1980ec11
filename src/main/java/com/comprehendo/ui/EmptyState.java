package com.comprehendo.ui;

import atlantafx.base.theme.Styles;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * What the explorer shows before there is anything to explain: the next step (open a model, then a
 * folder, or drop them), the model's loading, and the recent files.
 */
final class EmptyState {

  private EmptyState() {}

  /** Shown over the tabs until a model and a folder are open. */
  static Node create(MainViewModel viewModel, FileDialogs dialogs) {
    Label title = new Label("Explain an image classifier");
    title.getStyleClass().add(UiStyles.EMPTY_STATE_TITLE);
    Label text = new Label();
    text.getStyleClass().add(UiStyles.EMPTY_STATE_TEXT);
    text.setWrapText(true);
    text.setMaxWidth(460);
    text.textProperty().bind(Bindings.createStringBinding(() -> {
      if (viewModel.modelLoadingProperty().get()) {
        return "Loading the model…";
      }
      if (viewModel.sessionProperty().get() != null) {
        return "Model ready: " + viewModel.modelSummaryProperty().get() + ".\nNow open a folder of images.";
      }
      return "Open a TorchScript model (.pt) and a folder of images, or drop them onto this window.\n"
          + "Comprehendo shows which pixels drive each prediction.";
    }, viewModel.modelLoadingProperty(), viewModel.sessionProperty(), viewModel.modelSummaryProperty()));

    Button openModel = new Button("Open model…", new FontIcon(Material2AL.INSIGHTS));
    openModel.setId(NodeIds.OPEN_MODEL_BUTTON);
    openModel.setOnAction(e -> dialogs.chooseModel());
    Button openImages = new Button("Open images…", new FontIcon(Material2AL.FOLDER_OPEN));
    openImages.setId(NodeIds.OPEN_IMAGES_BUTTON);
    openImages.setOnAction(e -> dialogs.chooseFolder());
    viewModel.sessionProperty().addListener((obs, old, session) -> {
      openModel.getStyleClass().remove(Styles.ACCENT);
      openImages.getStyleClass().remove(Styles.ACCENT);
      (session == null ? openModel : openImages).getStyleClass().add(Styles.ACCENT);
    });
    openModel.getStyleClass().addAll(Styles.LARGE, Styles.ACCENT);
    openImages.getStyleClass().add(Styles.LARGE);
    HBox buttons = new HBox(12, openModel, openImages);
    buttons.setAlignment(Pos.CENTER);

    ProgressIndicator loading = new ProgressIndicator();
    loading.setPrefSize(28, 28);
    loading.visibleProperty().bind(viewModel.modelLoadingProperty());
    loading.managedProperty().bind(loading.visibleProperty());

    VBox recentBox = new VBox(4);
    recentBox.setAlignment(Pos.CENTER);
    Runnable fillRecent = () -> {
      recentBox.getChildren().clear();
      List<Path> models = viewModel.recentFiles().models();
      List<Path> folders = viewModel.recentFiles().folders();
      if (models.isEmpty() && folders.isEmpty()) {
        return;
      }
      Label heading = new Label("RECENT");
      heading.getStyleClass().add(UiStyles.SECTION_TITLE);
      recentBox.getChildren().add(heading);
      models.stream().limit(3).forEach(model -> recentBox.getChildren().add(
          link(model.getFileName().toString(), Material2AL.INSIGHTS, () -> viewModel.openModel(model))));
      folders.stream().limit(3).forEach(folder -> recentBox.getChildren().add(
          link(folder.getFileName() + "/", Material2AL.FOLDER, () -> viewModel.openFolder(folder, null))));
    };
    fillRecent.run();

    FontIcon logo = new FontIcon(Material2AL.IMAGE_SEARCH);
    logo.getStyleClass().add(UiStyles.EMPTY_STATE_ICON);
    VBox box = new VBox(logo, title, text, loading, buttons, recentBox);
    box.setId(NodeIds.EMPTY_STATE);
    box.getStyleClass().add(UiStyles.EMPTY_STATE);
    VBox.setMargin(recentBox, new javafx.geometry.Insets(18, 0, 0, 0));
    BooleanBinding ready = viewModel.sessionProperty().isNotNull().and(viewModel.images().folderProperty().isNotNull());
    box.visibleProperty().bind(ready.not());
    box.visibleProperty().addListener((obs, old, visible) -> {
      if (visible) {
        fillRecent.run();
      }
    });
    return box;
  }

  private static Hyperlink link(String text, org.kordamp.ikonli.Ikon icon, Runnable action) {
    Hyperlink link = new Hyperlink(text, new FontIcon(icon));
    link.setOnAction(e -> action.run());
    return link;
  }
}
