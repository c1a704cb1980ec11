package com.comprehendo.ui.explain;

import atlantafx.base.controls.ToggleSwitch;
import com.comprehendo.ui.NodeIds;
import com.comprehendo.ui.UiStyles;
import com.comprehendo.ui.service.ParameterSpec;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/**
 * The parameters of the chosen method under their Captum names, one editor per kind: a text field for
 * numbers and paths, a choice box for enumerations, a switch for booleans. Rebuilt when the method
 * changes; each editor is bound to its {@link ParameterField}.
 */
final class ParameterEditor extends GridPane {

  private final ObservableList<ParameterField> fields;

  ParameterEditor(ObservableList<ParameterField> fields) {
    this.fields = fields;
    setId(NodeIds.PARAMETER_GRID);
    setHgap(10);
    setVgap(6);
    ColumnConstraints names = new ColumnConstraints();
    names.setMinWidth(140);
    names.setPrefWidth(148);
    ColumnConstraints editors = new ColumnConstraints();
    editors.setHgrow(Priority.ALWAYS);
    editors.setFillWidth(true);
    editors.setMinWidth(80);
    getColumnConstraints().addAll(names, editors);
    fields.addListener((ListChangeListener<ParameterField>) change -> rebuild());
    rebuild();
  }

  private void rebuild() {
    getChildren().clear();
    if (fields.isEmpty()) {
      Label none = new Label("This method has no parameters.");
      none.getStyleClass().add(UiStyles.HINT);
      add(none, 0, 0, 2, 1);
      return;
    }
    int row = 0;
    for (ParameterField field : fields) {
      Label name = new Label(field.name());
      name.getStyleClass().add(UiStyles.PARAMETER_NAME);
      name.setTooltip(new Tooltip(field.spec().hint()));
      Node editor = editorFor(field);
      editor.setId(NodeIds.parameter(field.name()));
      GridPane.setHgrow(editor, Priority.ALWAYS);
      addRow(row++, name, editor);
    }
  }

  private static Node editorFor(ParameterField field) {
    ParameterSpec spec = field.spec();
    Tooltip tooltip = new Tooltip(spec.hint());
    switch (spec.kind()) {
      case CHOICE: {
        ComboBox<String> box = new ComboBox<>(FXCollections.observableArrayList(spec.choices()));
        box.valueProperty().bindBidirectional(field.valueProperty());
        box.setMaxWidth(Double.MAX_VALUE);
        box.setTooltip(tooltip);
        return box;
      }
      case BOOLEAN: {
        ToggleSwitch toggle = new ToggleSwitch();
        toggle.setSelected(Boolean.parseBoolean(field.value()));
        toggle.selectedProperty().addListener((obs, old, on) -> field.valueProperty().set(Boolean.toString(on)));
        field.valueProperty().addListener((obs, old, value) -> toggle.setSelected(Boolean.parseBoolean(value)));
        return toggle;
      }
      default: {
        TextField text = new TextField();
        text.textProperty().bindBidirectional(field.valueProperty());
        text.setPromptText(spec.defaultValue().isBlank() ? "auto" : spec.defaultValue());
        text.setTooltip(tooltip);
        text.setMaxWidth(Double.MAX_VALUE);
        text.setPrefColumnCount(8);
        if (spec.kind() == ParameterSpec.Kind.TEXT && spec.defaultValue().length() > 24) {
          // Long paths: show the end, which names the file.
          text.positionCaret(spec.defaultValue().length());
        }
        return text;
      }
    }
  }
}
