package com.comprehendo.ui.parameters;

import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.attribution.ParameterSpec;
import com.comprehendo.ui.service.BaselineForm;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One editable method parameter: its spec (from the method registry), the value it starts with and the
 * choices it offers for the open model, and the text the user typed (or chose).
 *
 * <p>A {@link ParameterSpec.Kind#BASELINE} field also offers the text as a kind of baseline and its
 * setting ({@link #baselineKindProperty()}, {@link #baselineArgumentProperty()}), kept in step with
 * the text both ways; switching kinds brings back the setting last typed for that kind.
 */
public final class ParameterField {

  private final ParameterSpec spec;
  private final String defaultValue;
  private final List<String> choices;
  private final StringProperty value;
  private final ObjectProperty<BaselineForm.Kind> baselineKind;
  private final StringProperty baselineArgument;
  private final Map<BaselineForm.Kind, String> baselineArguments = new EnumMap<>(BaselineForm.Kind.class);
  private final StringProperty problem = new SimpleStringProperty(this, "problem", "");
  private boolean syncing;

  /**
   * @param facts what is known of the open model: the default (e.g. an occlusion window sized to the
   *     input) and the choices of a layer parameter come from it
   * @param initialValue the text the field starts with (a remembered edit, or the default)
   */
  public ParameterField(ParameterSpec spec, ModelFacts facts, String initialValue) {
    this.spec = spec;
    this.defaultValue = spec.suggested(facts);
    this.choices = spec.choices(facts);
    this.value = new SimpleStringProperty(this, spec.name(), initialValue);
    if (spec.kind() != ParameterSpec.Kind.BASELINE) {
      baselineKind = null;
      baselineArgument = null;
      return;
    }
    BaselineForm form = BaselineForm.parse(initialValue);
    // The spec's default (e.g. GradientSHAP's black/mean/white file) is what its kind starts with.
    BaselineForm defaultForm = BaselineForm.parse(defaultValue);
    baselineArguments.put(defaultForm.kind(), defaultForm.argument());
    baselineKind = new SimpleObjectProperty<>(this, "baselineKind", form.kind());
    baselineArgument = new SimpleStringProperty(this, "baselineArgument", form.argument());
    value.addListener((obs, old, text) -> {
      if (!syncing) {
        BaselineForm parsed = BaselineForm.parse(text);
        sync(() -> {
          baselineKind.set(parsed.kind());
          baselineArgument.set(parsed.argument());
        });
      }
    });
    baselineKind.addListener((obs, old, kind) -> {
      if (syncing) {
        return;
      }
      if (old != null) {
        baselineArguments.put(old, baselineArgument.get());
      }
      BaselineForm.Kind chosen = kind == null ? BaselineForm.Kind.CONSTANT : kind;
      sync(() -> baselineArgument.set(baselineArguments.getOrDefault(chosen, chosen.defaultArgument())));
      writeBaseline();
    });
    baselineArgument.addListener((obs, old, argument) -> {
      if (!syncing) {
        writeBaseline();
      }
    });
  }

  public ParameterSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  /** The value the field starts with for this model; blank leaves it to the engine ({@link #blankText()}). */
  public String defaultValue() {
    return defaultValue;
  }

  /** What a blank field means, for its placeholder: "auto", "off", "required" or Captum's default. */
  public String blankText() {
    return spec.blankText();
  }

  /** The values a choice offers (a layer parameter's come from the model). */
  public List<String> choices() {
    return choices;
  }

  /** One line of help, for the tooltip. */
  public String hint() {
    return spec.help();
  }

  public StringProperty valueProperty() {
    return value;
  }

  public String value() {
    return value.get() == null ? "" : value.get().trim();
  }

  /** What is wrong with the value, in one line; empty when nothing is ({@link ParameterForm#showProblem}). */
  public StringProperty problemProperty() {
    return problem;
  }

  /** Whether this is Captum's {@code baselines}, edited as a kind and a setting. */
  public boolean isBaseline() {
    return baselineKind != null;
  }

  /** The kinds of baseline this method offers, in order; empty unless {@link #isBaseline()}. */
  public List<BaselineForm.Kind> baselineKinds() {
    return isBaseline() ? spec.baselineKinds().stream().map(BaselineForm.Kind::of).toList() : List.of();
  }

  /** The chosen kind of baseline; only for {@link #isBaseline()} fields. */
  public ObjectProperty<BaselineForm.Kind> baselineKindProperty() {
    requireBaseline();
    return baselineKind;
  }

  /** The constant, sigma, seed or file of the chosen kind; only for {@link #isBaseline()} fields. */
  public StringProperty baselineArgumentProperty() {
    requireBaseline();
    return baselineArgument;
  }

  private void writeBaseline() {
    BaselineForm.Kind kind = baselineKind.get() == null ? BaselineForm.Kind.CONSTANT : baselineKind.get();
    String text = new BaselineForm(kind, baselineArgument.get()).text();
    sync(() -> value.set(text));
  }

  private void sync(Runnable update) {
    syncing = true;
    try {
      update.run();
    } finally {
      syncing = false;
    }
  }

  private void requireBaseline() {
    if (!isBaseline()) {
      throw new IllegalStateException(spec.name() + " is not a baseline parameter");
    }
  }
}
