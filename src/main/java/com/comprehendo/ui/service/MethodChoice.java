package com.comprehendo.ui.service;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.attribution.ParameterSpec;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An attribution method as the user configured it: its id and the Captum-named parameters given as
 * text (blank ones left out, so they take the engine's defaults). A value object: it is part of the
 * cache key, so two choices with the same text are the same computation.
 *
 * @param methodId a {@link MethodRegistry} id
 * @param parameters Captum argument names to values, sorted by name
 */
public record MethodChoice(String methodId, SortedMap<String, String> parameters) {

  public MethodChoice {
    Objects.requireNonNull(methodId, "methodId");
    parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
  }

  /** A choice with the given parameters (any map; copied and sorted). */
  public static MethodChoice of(String methodId, Map<String, String> parameters) {
    return new MethodChoice(methodId, new TreeMap<>(parameters));
  }

  /** The method with every parameter at the value the explorer starts with, e.g. for a comparison panel. */
  public static MethodChoice suggested(String methodId, ModelFacts facts) {
    return of(methodId, MethodRegistry.builtIn().get(methodId).suggestedValues(facts));
  }

  /**
   * The same method on another of the model's layers: every model-choice parameter (a layer method's
   * {@code layer}) set to {@code layer}; a method without one is returned as it is.
   */
  public MethodChoice onLayer(String layer) {
    Map<String, String> changed = new TreeMap<>(parameters);
    for (ParameterSpec spec : descriptor().parameters()) {
      if (spec.kind() == ParameterSpec.Kind.MODEL_CHOICE) {
        changed.put(spec.name(), layer);
      }
    }
    return changed.equals(parameters) ? this : of(methodId, changed);
  }

  /** The registry's description of the method. */
  public MethodDescriptor descriptor() {
    return MethodRegistry.builtIn().get(methodId);
  }

  /**
   * Builds the engine's method for a model, without I/O (a baseline file is read when it runs).
   *
   * @param facts what is known of the model: its preprocessing places baselines such as {@code black}
   *     in its normalized space
   * @throws IllegalArgumentException with a message naming the parameter at fault
   */
  public AttributionMethod create(ModelFacts facts) {
    return MethodRegistry.builtIn().create(methodId, parameters, facts);
  }

  /** E.g. "50 steps, gausslegendre": the parameters that tell runs apart ({@link MethodDescriptor#summary}). */
  public String shortSummary() {
    return descriptor().summary(parameters);
  }

  /** Every parameter given, e.g. "n_steps 50, method gausslegendre, baselines 0", for subtitles that say what ran. */
  public String parameterList() {
    return parameters.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }

  /** E.g. {@code ig(method=gausslegendre, n_steps=50)}, for titles and logs. */
  public String summary() {
    if (parameters.isEmpty()) {
      return methodId;
    }
    return methodId
        + parameters.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
