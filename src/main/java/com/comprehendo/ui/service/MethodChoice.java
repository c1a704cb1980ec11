package com.comprehendo.ui.service;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodFactory;
import com.comprehendo.data.Preprocessing;
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
 * @param methodId one of {@link MethodFactory#METHOD_IDS}
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

  /**
   * Builds the engine's method for a model with the given preprocessing.
   *
   * @param input the model's preprocessing, for baselines in its normalized space ({@code black},
   *     {@code noise}); null when no model is open
   * @throws IllegalArgumentException with a message naming the parameter at fault
   */
  public AttributionMethod create(Preprocessing input) {
    return MethodFactory.create(methodId, parameters, input);
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
