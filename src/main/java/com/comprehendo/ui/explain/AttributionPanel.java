package com.comprehendo.ui.explain;

import atlantafx.base.controls.Spacer;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.ui.parameters.ParameterEditor;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.util.OptionalInt;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableObjectValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The right panel's "Prediction" and "Explain" sections: the top-k probabilities, the target class,
 * the method with its parameter editor, validation and cost, Run/Cancel with progress, and the
 * convergence check. Binds to {@link AttributionViewModel} only.
 */
public final class AttributionPanel extends VBox {

  /**
   * @param viewModel the explain view-model
   * @param image the current image, for the true-class mark in the prediction list
   */
  public AttributionPanel(AttributionViewModel viewModel, ObservableObjectValue<CurrentImage> image) {
    getChildren().addAll(predictionSection(viewModel, image), explainSection(viewModel));
  }

  private static VBox predictionSection(AttributionViewModel viewModel, ObservableObjectValue<CurrentImage> image) {
    PredictionList list = new PredictionList(viewModel.topClasses(),
        () -> image.get() == null ? OptionalInt.empty() : image.get().trueClass(),
        () -> image.get() == null ? "" : image.get().trueClassSource());
    image.addListener(obs -> list.refresh());
    Label trueLabel = new Label();
    trueLabel.getStyleClass().add(UiStyles.HINT);
    trueLabel.textProperty().bind(Bindings.createStringBinding(() -> {
      CurrentImage current = image.get();
      if (current == null) {
        return "";
      }
      if (current.trueClass().isPresent()) {
        String name = viewModel.targetOptions().stream().filter(o -> o.index() == current.trueClass().getAsInt())
            .map(TargetOption::label).findFirst().orElse("class " + current.trueClass().getAsInt());
        return "True class “" + name + "”, from " + current.trueClassSource();
      }
      return current.entry().label().isEmpty() || !current.trueClassSource().isEmpty() ? ""
          : "Folder “" + current.entry().label() + "” is not one of the model's classes";
    }, image));
    trueLabel.visibleProperty().bind(trueLabel.textProperty().isNotEmpty());
    trueLabel.managedProperty().bind(trueLabel.visibleProperty());
    trueLabel.setWrapText(true);
    VBox section = new VBox(sectionTitle("PREDICTION"), list, trueLabel);
    section.getStyleClass().add(UiStyles.SECTION);
    return section;
  }

  private static VBox explainSection(AttributionViewModel viewModel) {
    ComboBox<TargetOption> target = new ComboBox<>(viewModel.targetOptions());
    target.setId(NodeIds.TARGET_CHOICE);
    target.valueProperty().bindBidirectional(viewModel.targetProperty());
    target.setMaxWidth(Double.MAX_VALUE);
    target.setVisibleRowCount(12);
    Label targetSummary = new Label();
    targetSummary.setId(NodeIds.TARGET_SUMMARY);
    targetSummary.textProperty().bind(viewModel.targetSummaryProperty());
    targetSummary.getStyleClass().add(UiStyles.HINT);
    targetSummary.setWrapText(true);

    ComboBox<String> method = new ComboBox<>(viewModel.methodIds());
    method.setId(NodeIds.METHOD_CHOICE);
    method.valueProperty().bindBidirectional(viewModel.methodIdProperty());
    method.setMaxWidth(Double.MAX_VALUE);
    method.setConverter(new StringConverter<>() {
      @Override
      public String toString(String id) {
        return id == null ? "" : MethodRegistry.builtIn().get(id).displayName();
      }

      @Override
      public String fromString(String text) {
        throw new UnsupportedOperationException();
      }
    });
    method.setCellFactory(list -> new MethodCell());
    Label description = new Label();
    description.getStyleClass().add(UiStyles.HINT);
    description.setWrapText(true);
    description.textProperty().bind(Bindings.createStringBinding(
        () -> MethodRegistry.builtIn().get(viewModel.methodIdProperty().get()).description(), viewModel.methodIdProperty()));

    GridPane choices = new GridPane();
    choices.setHgap(10);
    choices.setVgap(4);
    choices.getColumnConstraints().addAll(fixedColumn(60), growingColumn());
    Label methodLabel = fieldLabel("Method");
    choices.add(fieldLabel("Target"), 0, 0);
    choices.add(target, 1, 0);
    choices.add(targetSummary, 1, 1);
    choices.add(methodLabel, 0, 2);
    choices.add(method, 1, 2);
    choices.add(description, 1, 3);
    GridPane.setMargin(method, new javafx.geometry.Insets(6, 0, 0, 0));
    GridPane.setMargin(methodLabel, new javafx.geometry.Insets(6, 0, 0, 0));

    ParameterEditor editor = new ParameterEditor(viewModel.parameters());

    Label validation = ParameterEditor.validationLabel(viewModel.validationMessageProperty());
    validation.setId(NodeIds.VALIDATION_MESSAGE);

    Label cost = ParameterEditor.costLabel(NodeIds.COST_ESTIMATE, viewModel.costTextProperty());
    cost.setTooltip(new Tooltip("Images through the model; gradient passes cost about twice a forward pass"));
    Button reset = new Button(null, new FontIcon(Material2MZ.SETTINGS_BACKUP_RESTORE));
    reset.setId(NodeIds.RESET_PARAMETERS_BUTTON);
    reset.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
    reset.setTooltip(new Tooltip("Reset the parameters to their defaults"));
    reset.setOnAction(e -> viewModel.resetParameters());
    HBox costRow = new HBox(6, cost, new Spacer(), reset);
    costRow.setAlignment(Pos.CENTER_LEFT);

    Button run = new Button("Run", new FontIcon(Material2MZ.PLAY_ARROW));
    run.setId(NodeIds.RUN_BUTTON);
    run.getStyleClass().add(Styles.ACCENT);
    run.setTooltip(new Tooltip("Compute the attribution (F5)"));
    run.disableProperty().bind(viewModel.canRunProperty().not().or(viewModel.runningProperty()));
    run.setOnAction(e -> viewModel.run());
    Button cancel = new Button("Cancel", new FontIcon(Material2MZ.STOP));
    cancel.setId(NodeIds.CANCEL_BUTTON);
    cancel.setTooltip(new Tooltip("Stop the running attribution (Esc)"));
    cancel.disableProperty().bind(viewModel.runningProperty().not());
    cancel.setOnAction(e -> viewModel.cancel());
    ToggleSwitch autoRun = new ToggleSwitch("Auto");
    autoRun.setId(NodeIds.AUTO_RUN_TOGGLE);
    autoRun.selectedProperty().bindBidirectional(viewModel.autoRunProperty());
    autoRun.setTooltip(new Tooltip("Compute as soon as an image or a target is chosen"));
    HBox runRow = new HBox(run, cancel, new Spacer(), autoRun);
    // At the inspector's narrowest (a 1024-px window) the spacer gives way, not the labels ("▶ …", "A…").
    for (javafx.scene.control.Control control : List.of(run, cancel, autoRun)) {
      control.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    }
    runRow.getStyleClass().add(UiStyles.RUN_ROW);

    ProgressBar progress = new ProgressBar();
    progress.setId(NodeIds.PROGRESS_BAR);
    progress.progressProperty().bind(viewModel.progressProperty());
    progress.setMaxWidth(Double.MAX_VALUE);
    progress.getStyleClass().add(Styles.SMALL);
    Label progressText = new Label();
    progressText.setId(NodeIds.PROGRESS_TEXT);
    progressText.getStyleClass().add(UiStyles.HINT);
    progressText.textProperty().bind(viewModel.progressTextProperty());
    VBox progressBox = new VBox(4, progress, progressText);
    progressBox.visibleProperty().bind(viewModel.runningProperty());
    progressBox.managedProperty().bind(progressBox.visibleProperty());

    Label status = new Label();
    status.setId(NodeIds.RUN_STATUS);
    status.getStyleClass().add(UiStyles.HINT);
    status.textProperty().bind(viewModel.statusTextProperty());
    status.visibleProperty().bind(viewModel.statusTextProperty().isNotEmpty().and(viewModel.runningProperty().not()));
    status.managedProperty().bind(status.visibleProperty());

    FontIcon warningIcon = new FontIcon(Material2MZ.WARNING);
    warningIcon.setId(NodeIds.CONVERGENCE_WARNING);
    warningIcon.getStyleClass().add(Styles.WARNING);
    warningIcon.visibleProperty().bind(viewModel.convergenceWarningProperty());
    warningIcon.managedProperty().bind(warningIcon.visibleProperty());
    FontIcon okIcon = new FontIcon(org.kordamp.ikonli.material2.Material2AL.CHECK_CIRCLE_OUTLINE);
    okIcon.getStyleClass().add(Styles.SUCCESS);
    okIcon.visibleProperty().bind(viewModel.convergenceWarningProperty().not());
    okIcon.managedProperty().bind(okIcon.visibleProperty());
    Label delta = new Label();
    delta.setId(NodeIds.CONVERGENCE_DELTA);
    delta.getStyleClass().add(UiStyles.CONVERGENCE);
    delta.textProperty().bind(viewModel.convergenceTextProperty());
    delta.setWrapText(true);
    delta.setGraphic(new HBox(warningIcon, okIcon));
    delta.visibleProperty().bind(viewModel.convergenceTextProperty().isNotEmpty());
    delta.managedProperty().bind(delta.visibleProperty());
    Tooltip deltaTip = new Tooltip();
    deltaTip.textProperty().bind(Bindings.when(viewModel.convergenceWarningProperty())
        .then("The integral approximation is poor: |δ| exceeds 5% of F(x) − F(baseline). Increase n_steps.")
        .otherwise("Convergence delta: Σ attributions − (F(x) − F(baseline)); within 5%, the integral is accurate."));
    delta.setTooltip(deltaTip);
    viewModel.convergenceWarningProperty().addListener((obs, old, warn) -> {
      if (warn) {
        delta.getStyleClass().add(UiStyles.CONVERGENCE_WARNING);
      } else {
        delta.getStyleClass().remove(UiStyles.CONVERGENCE_WARNING);
      }
    });

    VBox section = new VBox(sectionTitle("EXPLAIN"), choices, editor, validation, costRow, runRow, progressBox,
        status, delta);
    section.getStyleClass().add(UiStyles.SECTION);
    VBox.setMargin(editor, new javafx.geometry.Insets(4, 0, 0, 0));
    return section;
  }

  private static Label sectionTitle(String text) {
    Label label = new Label(text);
    label.getStyleClass().add(UiStyles.SECTION_TITLE);
    return label;
  }

  private static Label fieldLabel(String text) {
    Label label = new Label(text);
    label.getStyleClass().add(UiStyles.FIELD_LABEL);
    return label;
  }

  private static javafx.scene.layout.ColumnConstraints fixedColumn(double width) {
    javafx.scene.layout.ColumnConstraints column = new javafx.scene.layout.ColumnConstraints();
    column.setMinWidth(width);
    column.setPrefWidth(width);
    return column;
  }

  private static javafx.scene.layout.ColumnConstraints growingColumn() {
    javafx.scene.layout.ColumnConstraints column = new javafx.scene.layout.ColumnConstraints();
    column.setHgrow(Priority.ALWAYS);
    column.setFillWidth(true);
    return column;
  }

  /** A method with its id in grey, e.g. "Integrated Gradients   ig". */
  private static final class MethodCell extends ListCell<String> {
    @Override
    protected void updateItem(String id, boolean empty) {
      super.updateItem(id, empty);
      if (empty || id == null) {
        setText(null);
        setGraphic(null);
        setTooltip(null);
        return;
      }
      setText(MethodRegistry.builtIn().get(id).displayName());
      Label idLabel = new Label(id);
      idLabel.getStyleClass().addAll(UiStyles.MUTED, UiStyles.MONOSPACE);
      setGraphic(idLabel);
      setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
      setGraphicTextGap(10);
      setTooltip(new Tooltip(MethodRegistry.builtIn().get(id).description()));
    }
  }
}
