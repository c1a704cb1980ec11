package com.comprehendo.ui.comparison;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import com.comprehendo.ui.faithfulness.FaithfulnessMeasurement;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/**
 * The comparison toolbar's faithfulness controls: the switch, the sensitivity check box, the
 * measurement's progress and status, and the note on which direction is better. Binds to {@link
 * FaithfulnessViewModel} only; {@link ComparisonView} places them.
 */
final class FaithfulnessControls {

  private final ToggleSwitch toggle = new ToggleSwitch("Faithfulness");
  private final CheckBox sensitivity = new CheckBox("Sensitivity");
  private final ProgressBar progress = new ProgressBar();
  private final Label status = new Label();
  private final Label note = new Label();

  FaithfulnessControls(FaithfulnessViewModel viewModel) {
    toggle.setId(NodeIds.FAITHFULNESS_TOGGLE);
    toggle.selectedProperty().bindBidirectional(viewModel.enabledProperty());
    toggle.setTooltip(new Tooltip("After the maps, measure each panel's deletion and insertion AUC on the model"));
    toggle.setMinWidth(Region.USE_PREF_SIZE);

    sensitivity.setId(NodeIds.FAITHFULNESS_SENSITIVITY);
    sensitivity.selectedProperty().bindBidirectional(viewModel.withSensitivityProperty());
    sensitivity.setTooltip(new Tooltip("Also measure max-sensitivity: re-runs each method "
        + FaithfulnessMeasurement.SENSITIVITY_SAMPLES + " times on slightly noisy copies of the image"));
    sensitivity.visibleProperty().bind(viewModel.enabledProperty());
    sensitivity.managedProperty().bind(sensitivity.visibleProperty());
    sensitivity.setMinWidth(Region.USE_PREF_SIZE);

    progress.progressProperty().bind(viewModel.progressProperty());
    progress.setPrefWidth(90);
    progress.getStyleClass().add(Styles.SMALL);
    progress.visibleProperty().bind(viewModel.runningProperty());
    progress.managedProperty().bind(progress.visibleProperty());

    status.setId(NodeIds.FAITHFULNESS_STATUS);
    status.textProperty().bind(viewModel.statusProperty());
    status.getStyleClass().add(UiStyles.HINT);
    status.setMinWidth(0);
    status.visibleProperty().bind(viewModel.statusProperty().isNotEmpty());
    status.managedProperty().bind(status.visibleProperty());

    note.setId(NodeIds.FAITHFULNESS_NOTE);
    note.textProperty().bind(viewModel.noteProperty());
    note.getStyleClass().add(UiStyles.HINT);
    note.setWrapText(true);
    note.setStyle("-fx-padding: 0 16 6 16;");
    note.visibleProperty().bind(viewModel.noteProperty().isNotEmpty());
    note.managedProperty().bind(note.visibleProperty());
  }

  ToggleSwitch toggle() {
    return toggle;
  }

  CheckBox sensitivity() {
    return sensitivity;
  }

  ProgressBar progress() {
    return progress;
  }

  Label status() {
    return status;
  }

  Label note() {
    return note;
  }
}
