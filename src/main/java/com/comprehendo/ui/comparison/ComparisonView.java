package com.comprehendo.ui.comparison;

import atlantafx.base.controls.Spacer;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.ui.faithfulness.FaithfulnessNumbers;
import com.comprehendo.ui.heatmap.ColorBarView;
import com.comprehendo.ui.heatmap.FxImages;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.util.List;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The "Compare" view: a grid of panels for the current image (methods side by side, or classes side
 * by side), a shared-scale switch and, with it on, one colour bar for all panels. Panels re-render
 * live with the display controls. Binds to {@link ComparisonViewModel} only.
 */
public final class ComparisonView extends BorderPane {

  private static final double GAP = 16;

  private final ComparisonViewModel viewModel;
  private final FlowPane grid = new FlowPane(GAP, GAP);
  private final ScrollPane scroll = new ScrollPane(grid);
  private final DoubleBinding panelSize;

  public ComparisonView(ComparisonViewModel viewModel) {
    this.viewModel = viewModel;
    grid.setId(NodeIds.COMPARISON_GRID);
    grid.getStyleClass().add(UiStyles.COMPARISON_GRID);
    grid.setAlignment(Pos.TOP_CENTER);
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add(UiStyles.CANVAS);
    grid.getStyleClass().add(UiStyles.CANVAS);
    panelSize = Bindings.createDoubleBinding(this::computePanelSize,
        scroll.viewportBoundsProperty(), viewModel.panels());

    ChoiceBox<ComparisonViewModel.Mode> mode =
        new ChoiceBox<>(FXCollections.observableArrayList(ComparisonViewModel.Mode.values()));
    mode.setId(NodeIds.COMPARE_MODE_CHOICE);
    mode.valueProperty().bindBidirectional(viewModel.modeProperty());

    CheckComboBox<String> methods = new CheckComboBox<>(FXCollections.observableArrayList(MethodRegistry.builtIn().ids()));
    methods.setId(NodeIds.COMPARE_METHODS);
    methods.setConverter(new StringConverter<>() {
      @Override
      public String toString(String id) {
        return id == null ? "" : MethodRegistry.builtIn().get(id).displayName();
      }

      @Override
      public String fromString(String text) {
        throw new UnsupportedOperationException();
      }
    });
    methods.setTitle("Methods");
    methods.setShowCheckedCount(true);
    methods.setPrefWidth(150);
    methods.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    for (String id : viewModel.methods()) {
      methods.getCheckModel().check(id);
    }
    boolean[] syncing = {false};
    methods.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) change -> {
      List<String> checked = List.copyOf(methods.getCheckModel().getCheckedItems());
      if (!syncing[0] && !Set.copyOf(checked).equals(Set.copyOf(viewModel.methods()))) {
        viewModel.methods().setAll(checked);
      }
    });
    // Both ways: methods chosen elsewhere (a menu, a test, a saved layout) are ticked too, so the ticks
    // always name the panels' methods.
    viewModel.methods().addListener((ListChangeListener<String>) change -> {
      if (!Set.copyOf(methods.getCheckModel().getCheckedItems()).equals(Set.copyOf(viewModel.methods()))) {
        syncing[0] = true;
        try {
          methods.getCheckModel().clearChecks();
          viewModel.methods().forEach(methods.getCheckModel()::check);
        } finally {
          syncing[0] = false;
        }
      }
    });
    methods.visibleProperty().bind(viewModel.modeProperty().isEqualTo(ComparisonViewModel.Mode.METHODS));
    methods.managedProperty().bind(methods.visibleProperty());

    // The layer of the layer methods' panels, for a model that exports several.
    ChoiceBox<String> layer = new ChoiceBox<>(viewModel.layers());
    layer.setId(NodeIds.COMPARE_LAYER_CHOICE);
    layer.valueProperty().bindBidirectional(viewModel.layerProperty());
    layer.setTooltip(new Tooltip("The layer Grad-CAM and the other layer methods explain"));
    layer.visibleProperty().bind(Bindings.isNotEmpty(viewModel.layers()).and(methods.visibleProperty()));
    layer.managedProperty().bind(layer.visibleProperty());

    ToggleSwitch shared = new ToggleSwitch("Shared scale");
    shared.setId(NodeIds.SHARED_SCALE_TOGGLE);
    shared.selectedProperty().bindBidirectional(viewModel.sharedScaleProperty());
    shared.setTooltip(new Tooltip("One threshold over all panels, so their colours compare directly"));

    ProgressBar progress = new ProgressBar();
    progress.progressProperty().bind(viewModel.progressProperty());
    progress.setPrefWidth(120);
    progress.getStyleClass().add(Styles.SMALL);
    progress.visibleProperty().bind(viewModel.runningProperty());
    progress.managedProperty().bind(progress.visibleProperty());
    Label status = new Label();
    status.textProperty().bind(viewModel.statusProperty());
    status.getStyleClass().add(UiStyles.HINT);
    status.setMinWidth(0);

    Button run = new Button("Compare", new FontIcon(Material2MZ.PLAY_ARROW));
    run.setId(NodeIds.RUN_COMPARISON_BUTTON);
    run.getStyleClass().add(Styles.ACCENT);
    run.disableProperty().bind(viewModel.runningProperty());
    run.setOnAction(e -> viewModel.run());
    run.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    Button cancel = new Button(null, new FontIcon(Material2MZ.STOP));
    cancel.setId(NodeIds.CANCEL_COMPARISON_BUTTON);
    cancel.setTooltip(new Tooltip("Stop computing the panels"));
    cancel.disableProperty().bind(viewModel.runningProperty().or(viewModel.faithfulness().runningProperty()).not());
    cancel.setOnAction(e -> viewModel.cancel());

    cancel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    shared.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    FaithfulnessControls faithfulness = new FaithfulnessControls(viewModel.faithfulness());
    HBox toolbar = new HBox(mode, methods, layer, shared, new Spacer(), progress, status, run, cancel);
    toolbar.getStyleClass().add(UiStyles.VIEW_TOOLBAR);
    toolbar.setSpacing(10);
    // A row of its own, so the toolbar keeps its width for the method list at 1024 px.
    HBox faithfulnessRow = new HBox(10, faithfulness.toggle(), faithfulness.sensitivity(), faithfulness.progress(),
        faithfulness.status());
    faithfulnessRow.setAlignment(Pos.CENTER_LEFT);
    faithfulnessRow.setStyle("-fx-padding: 0 16 6 16;");

    ColorBarView bar = new ColorBarView(viewModel.barLowProperty(), new ReadOnlyStringWrapper("").getReadOnlyProperty(),
        viewModel.barHighProperty());
    bar.gradientProperty().bind(viewModel.colorBarProperty());
    bar.setPrefWidth(360);
    bar.setMaxWidth(360);
    Label barTitle = new Label("Shared scale");
    barTitle.getStyleClass().add(UiStyles.FIELD_LABEL);
    HBox barRow = new HBox(12, barTitle, bar);
    barRow.setAlignment(Pos.CENTER);
    barRow.setStyle("-fx-padding: 8 16 10 16;");
    barRow.visibleProperty().bind(viewModel.colorBarProperty().isNotNull());
    barRow.managedProperty().bind(barRow.visibleProperty());
    barRow.getStyleClass().add(UiStyles.CANVAS);

    Label empty = new Label("Press Compare to explain this image with several methods, or several classes, side by side.");
    empty.getStyleClass().add(UiStyles.EMPTY_STATE_TEXT);
    empty.setWrapText(true);
    empty.setMaxWidth(420);
    empty.visibleProperty().bind(Bindings.isEmpty(viewModel.panels()));
    StackPane center = new StackPane(scroll, empty);

    Label scaleWarning = new Label();
    scaleWarning.setId(NodeIds.COMPARE_SCALE_WARNING);
    scaleWarning.textProperty().bind(viewModel.scaleWarningProperty());
    scaleWarning.setGraphic(new FontIcon(Material2MZ.WARNING));
    scaleWarning.getStyleClass().add(Styles.WARNING);
    scaleWarning.setWrapText(true);
    scaleWarning.setStyle("-fx-padding: 0 16 6 16;");
    scaleWarning.visibleProperty().bind(viewModel.scaleWarningProperty().isNotEmpty());
    scaleWarning.managedProperty().bind(scaleWarning.visibleProperty());

    setTop(new VBox(toolbar, faithfulnessRow, faithfulness.note(), scaleWarning));
    setCenter(center);
    setBottom(barRow);
    viewModel.panels().addListener((ListChangeListener<ComparisonPanel>) change -> rebuild());
    rebuild();
  }

  private double computePanelSize() {
    int count = Math.max(1, viewModel.panels().size());
    int columns = count <= 3 ? count : count == 4 ? 2 : 3;
    double width = scroll.getViewportBounds().getWidth();
    if (width <= 0) {
      width = 800;
    }
    double size = (width - 2 * GAP - (columns - 1) * GAP) / columns - 24;
    return Math.max(140, Math.min(420, Math.floor(size)));
  }

  private void rebuild() {
    grid.getChildren().setAll(viewModel.panels().stream().map(this::panelNode).toList());
  }

  private Node panelNode(ComparisonPanel panel) {
    Label title = new Label(panel.title());
    title.getStyleClass().add(UiStyles.PANEL_TITLE);
    Label subtitle = new Label(panel.subtitle());
    subtitle.getStyleClass().add(UiStyles.PANEL_SUBTITLE);
    subtitle.setWrapText(true); // every parameter, in full
    subtitle.setTooltip(new Tooltip(panel.key().method().summary()));
    ImageView image = new ImageView();
    image.setPreserveRatio(true);
    image.setSmooth(true);
    image.fitWidthProperty().bind(panelSize);
    image.fitHeightProperty().bind(panelSize);
    image.imageProperty().bind(Bindings.createObjectBinding(
        () -> panel.imageProperty().get() == null ? null : FxImages.toImage(panel.imageProperty().get()),
        panel.imageProperty()));
    Label state = new Label();
    state.textProperty().bind(panel.stateProperty());
    state.getStyleClass().add(UiStyles.PANEL_STATE);
    state.visibleProperty().bind(panel.stateProperty().isNotEmpty());
    state.setWrapText(true);
    StackPane picture = new StackPane(image, state);
    Label scale = new Label();
    scale.textProperty().bind(panel.scaleProperty());
    scale.getStyleClass().add(UiStyles.PANEL_SUBTITLE);
    scale.visibleProperty().bind(panel.scaleProperty().isNotEmpty());
    scale.managedProperty().bind(scale.visibleProperty());
    FaithfulnessNumbers numbers = new FaithfulnessNumbers(panel.faithfulness(), false);
    numbers.visibleProperty().bind(viewModel.faithfulness().enabledProperty());
    numbers.managedProperty().bind(numbers.visibleProperty());
    VBox box = new VBox(title, subtitle, picture, scale, numbers);
    box.getStyleClass().add(UiStyles.COMPARISON_PANEL);
    box.maxWidthProperty().bind(panelSize.add(22));
    box.prefWidthProperty().bind(panelSize.add(22));
    return box;
  }
}
