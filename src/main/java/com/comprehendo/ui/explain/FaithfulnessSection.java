package com.comprehendo.ui.explain;

import atlantafx.base.theme.Styles;
import com.comprehendo.ui.faithfulness.FaithfulnessMeasurement;
import com.comprehendo.ui.faithfulness.FaithfulnessNumbers;
import com.comprehendo.ui.faithfulness.FaithfulnessScores;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The inspector's FAITHFULNESS section under Explain: Measure (and Cancel), the sensitivity check box,
 * the shown map's numbers with both curves plotted against the fraction of pixels, and which direction
 * is better. Binds to {@link ExplainFaithfulness} only.
 */
public final class FaithfulnessSection extends VBox {

  public FaithfulnessSection(ExplainFaithfulness viewModel) {
    Label title = new Label("FAITHFULNESS");
    title.getStyleClass().add(UiStyles.SECTION_TITLE);

    Button measure = new Button("Measure", new FontIcon(Material2MZ.SHOW_CHART));
    measure.setId(NodeIds.MEASURE_FAITHFULNESS_BUTTON);
    measure.getStyleClass().add(Styles.SMALL);
    measure.setTooltip(new Tooltip("Deletion and insertion curves of the shown map on the model (lower deletion AUC,"
        + " higher insertion AUC: a more faithful map)"));
    measure.disableProperty().bind(viewModel.canMeasureProperty().not());
    measure.setOnAction(e -> viewModel.measure());
    measure.setMinWidth(Region.USE_PREF_SIZE);
    Button cancel = new Button("Cancel", new FontIcon(Material2MZ.STOP));
    cancel.getStyleClass().add(Styles.SMALL);
    cancel.setOnAction(e -> viewModel.cancel());
    cancel.visibleProperty().bind(viewModel.runningProperty());
    cancel.managedProperty().bind(cancel.visibleProperty());
    CheckBox sensitivity = new CheckBox("Sensitivity");
    sensitivity.selectedProperty().bindBidirectional(viewModel.withSensitivityProperty());
    sensitivity.setTooltip(new Tooltip("Also max-sensitivity: re-runs the method "
        + FaithfulnessMeasurement.SENSITIVITY_SAMPLES + " times on slightly noisy copies of the image"));
    sensitivity.setMinWidth(Region.USE_PREF_SIZE);
    HBox buttons = new HBox(8, measure, cancel, sensitivity);
    buttons.setAlignment(Pos.CENTER_LEFT);

    ProgressBar progress = new ProgressBar();
    progress.progressProperty().bind(viewModel.progressProperty());
    progress.setMaxWidth(Double.MAX_VALUE);
    progress.visibleProperty().bind(viewModel.runningProperty());
    progress.managedProperty().bind(progress.visibleProperty());

    FaithfulnessNumbers numbers = new FaithfulnessNumbers(viewModel.map(), true);
    numbers.setId(NodeIds.EXPLAIN_FAITHFULNESS_NUMBERS);

    Label note = new Label(FaithfulnessMeasurement.DIRECTIONS);
    note.getStyleClass().add(UiStyles.HINT);
    note.setWrapText(true);
    note.visibleProperty().bind(Bindings.createBooleanBinding(
        () -> !viewModel.map().scoresProperty().get().equals(FaithfulnessScores.NONE), viewModel.map().scoresProperty()));
    note.managedProperty().bind(note.visibleProperty());

    setSpacing(6);
    getChildren().addAll(title, buttons, progress, numbers, note);
    getStyleClass().add(UiStyles.SECTION);
  }
}
