package com.comprehendo.ui.parameters;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import com.comprehendo.attribution.ParameterSpec;
import com.comprehendo.ui.service.BaselineForm;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.UiStyles;
import java.io.File;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * The parameters of the chosen method under their Captum names, one editor per kind: a text field for
 * numbers and paths, a choice box for enumerations, a switch for booleans, and for {@code baselines} a
 * choice of baseline (Black, Constant…, Blurred copy, Uniform noise, From .npy file…) with a field for
 * its setting, on a full-width row under its name. Rebuilt when the method changes; each editor is
 * bound to its {@link ParameterField} and drawn in the danger colour while the field has a problem.
 * Used by the Explain panel and the gallery's settings.
 */
public final class ParameterEditor extends GridPane {

  private final ObservableList<ParameterField> fields;

  /** Choices of more characters than this get a row of their own ({@link #hasLongChoices}). */
  private static final int LONG_CHOICE = 10;

  public ParameterEditor(ObservableList<ParameterField> fields) {
    this.fields = fields;
    setId(NodeIds.PARAMETER_GRID);
    setHgap(10);
    setVgap(6);
    // The names column is as wide as the longest name (Captum's names are the documentation: never cut
    // "nt_samples_batch_size" or "perturbations_per_eval" to "nt_samples_batch_…"); the editors take the rest.
    ColumnConstraints names = new ColumnConstraints();
    names.setMinWidth(Region.USE_PREF_SIZE);
    ColumnConstraints editors = new ColumnConstraints();
    editors.setHgrow(Priority.ALWAYS);
    editors.setFillWidth(true);
    editors.setMinWidth(80);
    getColumnConstraints().addAll(names, editors);
    fields.addListener((ListChangeListener<ParameterField>) change -> rebuild());
    rebuild();
  }

  /** The line saying why a value is refused, for under the editor; hidden, taking no room, while none is. */
  public static Label validationLabel(ReadOnlyStringProperty message) {
    Label validation = new Label();
    validation.getStyleClass().add(UiStyles.VALIDATION_MESSAGE);
    validation.setWrapText(true);
    validation.setGraphic(new FontIcon(Material2AL.ERROR_OUTLINE));
    validation.textProperty().bind(message);
    validation.visibleProperty().bind(message.isNotEmpty());
    validation.managedProperty().bind(validation.visibleProperty());
    return validation;
  }

  /** The line with the cost of the values as typed, for under the editor (it wraps). */
  public static Label costLabel(String id, ObservableStringValue text) {
    Label cost = new Label();
    cost.setId(id);
    cost.getStyleClass().add(UiStyles.COST_ESTIMATE);
    cost.setWrapText(true);
    cost.textProperty().bind(text);
    return cost;
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
      name.setMinWidth(Region.USE_PREF_SIZE);
      name.setTooltip(new Tooltip(field.hint()));
      Node editor = editorFor(field);
      editor.setId(NodeIds.parameter(field.name()));
      markProblems(editor, field);
      GridPane.setHgrow(editor, Priority.ALWAYS);
      if (field.isBaseline() || hasLongChoices(field)) {
        // The choice and its setting, or a long choice, need more room than the editor column: a row of
        // their own.
        add(name, 0, row++, 2, 1);
        add(editor, 0, row++, 2, 1);
        continue;
      }
      addRow(row++, name, editor);
    }
  }

  /**
   * Whether a choice is longer than the editor column beside Captum's longest names shows: about 120
   * px in a 1024-px window, where IG's "gausslegendre" read "gaussleg…" (a layer's path is as long).
   */
  private static boolean hasLongChoices(ParameterField field) {
    ParameterSpec.Kind kind = field.spec().kind();
    return (kind == ParameterSpec.Kind.CHOICE || kind == ParameterSpec.Kind.MODEL_CHOICE)
        && field.choices().stream().anyMatch(choice -> choice.length() > LONG_CHOICE);
  }

  private static Node editorFor(ParameterField field) {
    ParameterSpec spec = field.spec();
    Tooltip tooltip = new Tooltip(field.hint());
    switch (spec.kind()) {
      case BASELINE:
        return baselineEditor(field);
      case CHOICE:
      case MODEL_CHOICE: {
        ComboBox<String> box = new ComboBox<>(FXCollections.observableArrayList(field.choices()));
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
        text.setPromptText(field.defaultValue().isBlank() ? field.blankText() : field.defaultValue());
        text.setTooltip(tooltip);
        text.setMaxWidth(Double.MAX_VALUE);
        text.setPrefColumnCount(8);
        return text;
      }
    }
  }

  /** The editor (a baseline's text field and choice too) in the danger colour while its value is refused. */
  private static void markProblems(Node editor, ParameterField field) {
    Runnable mark = () -> {
      boolean refused = !field.problemProperty().get().isEmpty();
      editor.pseudoClassStateChanged(Styles.STATE_DANGER, refused);
      for (Node part : editor.lookupAll(".text-field")) {
        part.pseudoClassStateChanged(Styles.STATE_DANGER, refused);
      }
    };
    field.problemProperty().addListener((obs, old, problem) -> mark.run());
    mark.run();
  }

  /** The kind of baseline, then the field for its setting; a file button beside it for .npy files. */
  private static Node baselineEditor(ParameterField field) {
    ComboBox<BaselineForm.Kind> kinds = new ComboBox<>(FXCollections.observableArrayList(field.baselineKinds()));
    kinds.setId(NodeIds.BASELINE_CHOICE);
    kinds.setConverter(new StringConverter<>() {
      @Override
      public String toString(BaselineForm.Kind kind) {
        return kind == null ? "" : kind.label();
      }

      @Override
      public BaselineForm.Kind fromString(String text) {
        return field.baselineKinds().stream().filter(k -> k.label().equals(text)).findFirst().orElse(null);
      }
    });
    kinds.setButtonCell(new ListCell<>() {
      @Override
      protected void updateItem(BaselineForm.Kind kind, boolean empty) {
        super.updateItem(kind, empty);
        setText(empty || kind == null ? null : kind.shortLabel());
      }
    });
    kinds.valueProperty().bindBidirectional(field.baselineKindProperty());
    kinds.setMaxWidth(Double.MAX_VALUE);
    kinds.setTooltip(new Tooltip(field.hint()));

    TextField argument = new TextField();
    argument.setId(NodeIds.BASELINE_ARGUMENT);
    argument.textProperty().bindBidirectional(field.baselineArgumentProperty());
    argument.setMaxWidth(Double.MAX_VALUE);
    argument.setPrefColumnCount(8);
    Tooltip argumentTip = new Tooltip();
    argument.setTooltip(argumentTip);
    Button browse = new Button(null, new FontIcon(Material2AL.FOLDER_OPEN));
    browse.setId(NodeIds.BASELINE_BROWSE);
    browse.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
    browse.setTooltip(new Tooltip("Choose a .npy baseline file"));
    browse.setOnAction(event -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Baseline tensor");
      chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("NumPy arrays (*.npy)", "*.npy"));
      File chosen = chooser.showOpenDialog(browse.getScene().getWindow());
      if (chosen != null) {
        field.baselineArgumentProperty().set(chosen.getAbsolutePath());
      }
    });
    HBox setting = new HBox(4, argument, browse);
    setting.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(argument, Priority.ALWAYS);
    HBox.setHgrow(setting, Priority.ALWAYS);
    kinds.setPrefWidth(140);
    kinds.setMinWidth(120);

    Runnable showKind = () -> {
      BaselineForm.Kind kind = field.baselineKindProperty().get();
      boolean takesArgument = kind != null && kind.takesArgument();
      setting.setVisible(takesArgument);
      setting.setManaged(takesArgument);
      browse.setVisible(kind == BaselineForm.Kind.FILE);
      browse.setManaged(kind == BaselineForm.Kind.FILE);
      argument.setPromptText(kind == null ? "" : promptFor(kind));
      argumentTip.setText(kind == null ? "" : kind.argumentHint());
      if (kind == BaselineForm.Kind.FILE) {
        argument.positionCaret(argument.getLength()); // long paths: show the end, which names the file
      }
    };
    field.baselineKindProperty().addListener((obs, old, kind) -> showKind.run());
    showKind.run();
    HBox editor = new HBox(6, kinds, setting);
    editor.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(kinds, Priority.SOMETIMES);
    return editor;
  }

  private static String promptFor(BaselineForm.Kind kind) {
    switch (kind) {
      case BLUR:
        return "sigma in px, default " + kind.defaultArgument();
      case NOISE:
        return "seed, default " + kind.defaultArgument();
      case CONSTANT:
        return "value, e.g. 0";
      case FILE:
        return "path of a .npy";
      default:
        return "";
    }
  }
}
