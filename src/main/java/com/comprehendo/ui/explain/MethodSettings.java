package com.comprehendo.ui.explain;

import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.model.ModelLayer;
import com.comprehendo.ui.parameters.ParameterField;
import com.comprehendo.ui.parameters.ParameterForm;
import com.comprehendo.ui.service.MethodChoice;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.Formats;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The method and its Captum-named parameters in the Explain panel: an editor field per parameter the
 * registry declares ({@link ParameterForm}: those that apply, e.g. NoiseTunnel's IG parameters only
 * over IG), the values the user edited remembered per method, validation as the user types (no I/O: a
 * baseline file is read when the run starts, on the worker) and the cost estimate. Part of {@link AttributionViewModel}; {@code
 * onEdited} tells it that the settings changed.
 */
final class MethodSettings {

  private final ReadOnlyObjectProperty<ModelSession> session;
  private final Runnable onEdited;

  final ObservableList<String> methodIds = FXCollections.observableArrayList(MethodRegistry.builtIn().ids());
  final StringProperty methodId = new SimpleStringProperty(this, "methodId", "ig");
  final ObjectProperty<MethodChoice> choice = new SimpleObjectProperty<>(this, "choice");
  final StringProperty validationMessage = new SimpleStringProperty(this, "validationMessage", "");
  final StringProperty costText = new SimpleStringProperty(this, "costText", "");

  private final Map<String, Map<String, String>> editedValues = new HashMap<>();
  /** The last valid settings of each method set up here, for Compare's panels of that method. */
  private final Map<String, MethodChoice> lastChoices = new HashMap<>();
  private final ParameterForm form;
  final ObservableList<ParameterField> parameters;

  MethodSettings(ReadOnlyObjectProperty<ModelSession> session, Runnable onEdited) {
    this.session = session;
    this.onEdited = onEdited;
    this.form = new ParameterForm(this::onParameterEdited);
    this.parameters = form.fields();
    methodId.addListener((obs, old, value) -> {
      rememberValues(old);
      rebuildParameters();
    });
    rebuildParameters();
  }

  /** A new model: every method back to its suggested values for that model. */
  void resetForNewModel() {
    editedValues.clear();
    lastChoices.clear();
    rebuildParameters();
  }

  /** Restores the current method's parameters to their defaults. */
  void resetParameters() {
    editedValues.remove(methodId.get());
    lastChoices.remove(methodId.get());
    rebuildParameters();
  }

  private ModelFacts facts() {
    ModelSession current = session.get();
    return current == null ? ModelFacts.UNKNOWN : current.facts();
  }

  private void rememberValues(String method) {
    if (method != null && method.equals(form.methodId())) {
      editedValues.put(method, form.remembered());
    }
  }

  private void rebuildParameters() {
    String id = methodId.get();
    form.show(id, facts(), editedValues.getOrDefault(id, Map.of()));
    validate();
  }

  private void onParameterEdited() {
    validate();
    onEdited.run();
  }

  /** Validates the fields into {@link #choice} (or a message) and re-estimates the cost. */
  void validate() {
    MethodChoice candidate = MethodChoice.of(methodId.get(), form.values());
    ModelSession current = session.get();
    if (current != null && !candidate.descriptor().runsOn(facts())) {
      // Offered but not runnable here: Run stays off and the sentence says how to get a model that can.
      choice.set(null);
      validationMessage.set(candidate.descriptor().displayName() + " needs a model split into features and head; "
          + ModelLayer.HOW_TO_SPLIT);
      costText.set("");
      return;
    }
    try {
      // No I/O: a baseline file is read when the run starts, on the worker.
      PassCount cost = candidate.descriptor().cost(candidate.parameters(), facts(), MethodRegistry.builtIn());
      validationMessage.set("");
      form.showProblem("");
      if (!Objects.equals(choice.get(), candidate)) {
        choice.set(candidate);
      }
      lastChoices.put(candidate.methodId(), candidate);
      costText.set(describeCost(cost, current));
    } catch (IllegalArgumentException e) {
      choice.set(null);
      validationMessage.set(e.getMessage());
      form.showProblem(e.getMessage());
      costText.set("");
    }
  }

  /** The settings {@code methodId} last had here while valid, if it was set up on this model. */
  Optional<MethodChoice> lastChoice(String methodId) {
    return Optional.ofNullable(lastChoices.get(methodId));
  }

  private static String describeCost(PassCount cost, ModelSession current) {
    long total = cost.total();
    StringBuilder text = new StringBuilder("≈ ").append(Formats.count(total)).append(total == 1 ? " pass" : " passes");
    if (current != null && current.secondsPerPass().isPresent()) {
      text.append(" · about ").append(Formats.duration(total * current.secondsPerPass().getAsDouble()));
    }
    return text.toString();
  }
}
