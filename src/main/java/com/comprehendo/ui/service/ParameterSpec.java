package com.comprehendo.ui.service;

import java.util.List;

/**
 * One parameter of an attribution method as the editor shows it: its Captum name, the kind of editor,
 * the default text (blank: the engine's default, e.g. batch sizes fitted to the memory budget) and a
 * hint.
 *
 * @param name Captum's argument name, e.g. {@code n_steps}
 * @param kind which editor to show
 * @param defaultValue the value the field starts with; blank means "leave to the engine"
 * @param choices the allowed values for {@link Kind#CHOICE}; for {@link Kind#BASELINE} the names of the
 *     {@link BaselineForm.Kind}s offered
 * @param hint one line for the tooltip and the placeholder
 * @param blankText what an empty field means, shown as its placeholder: "auto" (the engine decides)
 *     or "off"
 */
public record ParameterSpec(
    String name, Kind kind, String defaultValue, List<String> choices, String hint, String blankText) {

  /** The editor for a parameter. */
  public enum Kind {
    INTEGER,
    NUMBER,
    BOOLEAN,
    CHOICE,
    TEXT,
    /** Captum's {@code baselines}: a kind of baseline and its setting (see {@link BaselineForm}). */
    BASELINE
  }

  /** A parameter whose blank field leaves the value to the engine ("auto"). */
  public ParameterSpec(String name, Kind kind, String defaultValue, List<String> choices, String hint) {
    this(name, kind, defaultValue, choices, hint, "auto");
  }

  public ParameterSpec {
    choices = List.copyOf(choices);
  }

  static ParameterSpec integer(String name, String defaultValue, String hint) {
    return new ParameterSpec(name, Kind.INTEGER, defaultValue, List.of(), hint);
  }

  static ParameterSpec number(String name, String defaultValue, String hint) {
    return new ParameterSpec(name, Kind.NUMBER, defaultValue, List.of(), hint);
  }

  /** A number that is off while blank (e.g. IG's tolerance), rather than left to the engine. */
  static ParameterSpec optionalNumber(String name, String hint) {
    return new ParameterSpec(name, Kind.NUMBER, "", List.of(), hint, "off");
  }

  static ParameterSpec bool(String name, boolean defaultValue, String hint) {
    return new ParameterSpec(name, Kind.BOOLEAN, Boolean.toString(defaultValue), List.of("true", "false"), hint);
  }

  static ParameterSpec choice(String name, List<String> choices, String hint) {
    return new ParameterSpec(name, Kind.CHOICE, choices.get(0), choices, hint);
  }

  static ParameterSpec baseline(String name, String defaultValue, List<BaselineForm.Kind> kinds, String hint) {
    return new ParameterSpec(name, Kind.BASELINE, defaultValue, kinds.stream().map(Enum::name).toList(), hint);
  }

  /** For {@link Kind#BASELINE}: the kinds of baseline offered, in order. */
  public List<BaselineForm.Kind> baselineKinds() {
    return choices.stream().map(BaselineForm.Kind::valueOf).toList();
  }

  static ParameterSpec text(String name, String defaultValue, String hint) {
    return new ParameterSpec(name, Kind.TEXT, defaultValue, List.of(), hint);
  }
}
