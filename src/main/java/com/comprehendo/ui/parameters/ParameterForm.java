package com.comprehendo.ui.parameters;

import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.attribution.ParameterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The editable parameters of one method, as the registry declares them: a {@link ParameterField} per
 * parameter that applies (rebuilt when a parameter that decides which apply changes, e.g. NoiseTunnel's
 * {@code nt_inner}), the values typed, and which field a validation message is about. No scene graph:
 * the Explain panel's settings and the gallery's settings share it, and {@link ParameterEditor} shows it.
 */
public final class ParameterForm {

  private final ObservableList<ParameterField> fields = FXCollections.observableArrayList();
  private final Runnable onEdited;
  private String methodId;
  private ModelFacts facts = ModelFacts.UNKNOWN;
  /** The values the method's fields started with, and those of fields a switch of nt_inner hid. */
  private final Map<String, String> kept = new HashMap<>();
  private boolean rebuilding;

  /** @param onEdited runs after the user edits a field (once the fields are rebuilt, where they were) */
  public ParameterForm(Runnable onEdited) {
    this.onEdited = onEdited;
  }

  /** The fields of the method shown, in the registry's order. */
  public ObservableList<ParameterField> fields() {
    return fields;
  }

  /**
   * Shows {@code methodId}'s parameters, each starting at its value in {@code values} or else at its
   * suggestion for the model; does not call {@code onEdited}.
   */
  public void show(String methodId, ModelFacts facts, Map<String, String> values) {
    this.methodId = methodId;
    this.facts = facts;
    kept.clear();
    kept.putAll(values);
    rebuild();
  }

  /** The method shown; null before {@link #show}. */
  public String methodId() {
    return methodId;
  }

  /** The values typed, blank ones left out (they take the engine's defaults), in display order. */
  public Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    for (ParameterField field : fields) {
      if (!field.value().isEmpty()) {
        values.put(field.name(), field.value());
      }
    }
    return values;
  }

  /** Every value to bring back later: those shown (blank ones included) over those a switch hid. */
  public Map<String, String> remembered() {
    Map<String, String> values = new HashMap<>(kept);
    for (ParameterField field : fields) {
      values.put(field.name(), field.value());
    }
    return values;
  }

  /**
   * Marks the field that {@code message} is about (the registry's messages start with the parameter's
   * name: "n_steps must be at least 1, got 0") and clears the others; a message about no one field (a
   * combination the method refuses) or an empty one marks none.
   */
  public void showProblem(String message) {
    String text = message == null ? "" : message;
    for (ParameterField field : fields) {
      boolean about = text.startsWith(field.name() + " ") || text.startsWith(field.name() + ":");
      field.problemProperty().set(about ? text : "");
    }
  }

  private void rebuild() {
    rebuilding = true;
    try {
      MethodDescriptor descriptor = MethodRegistry.builtIn().get(methodId);
      // The values that decide which parameters apply (NoiseTunnel's nt_inner): kept, shown, or suggested.
      Map<String, String> deciding = new HashMap<>(descriptor.suggestedValues(facts));
      for (ParameterField shown : fields) {
        deciding.put(shown.name(), shown.value());
      }
      deciding.putAll(kept);
      List<ParameterField> built = new ArrayList<>();
      for (ParameterSpec spec : descriptor.parametersFor(deciding)) {
        ParameterField field = new ParameterField(spec, facts, kept.getOrDefault(spec.name(), spec.suggested(facts)));
        field.valueProperty().addListener((obs, old, value) -> edited(field));
        built.add(field);
      }
      fields.setAll(built);
    } finally {
      rebuilding = false;
    }
  }

  private void edited(ParameterField field) {
    if (rebuilding) {
      return;
    }
    if (field.name().equals("nt_inner")) {
      kept.putAll(remembered());
      rebuild();
    }
    onEdited.run();
  }
}
