package com.comprehendo.attribution;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A method's parameters as given (Captum's names to text) with typed access for its {@link
 * MethodDescriptor.Factory}: errors name the parameter. The values were checked against their {@link
 * ParameterSpec}s before a factory sees them, so the parsing here only converts.
 */
public final class MethodParameters {

  private final Map<String, String> values;
  private final ModelFacts facts;
  private final MethodRegistry registry;

  MethodParameters(Map<String, String> values, ModelFacts facts, MethodRegistry registry) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.facts = facts;
    this.registry = registry;
  }

  /** Every value given. */
  public Map<String, String> values() {
    return values;
  }

  /** What is known of the model. */
  public ModelFacts facts() {
    return facts;
  }

  public boolean has(String key) {
    return values.get(key) != null;
  }

  /** The text given, or {@code fallback}. */
  public String text(String key, String fallback) {
    return has(key) ? values.get(key).trim() : fallback;
  }

  public int integer(String key) {
    try {
      return Integer.parseInt(stripPlus(values.get(key).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not a whole number");
    }
  }

  public long longValue(String key) {
    try {
      return Long.parseLong(stripPlus(values.get(key).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not a whole number");
    }
  }

  public double number(String key) {
    try {
      return Double.parseDouble(values.get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not a number");
    }
  }

  public boolean bool(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    String value = values.get(key).trim().toLowerCase(Locale.ROOT);
    if (value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not allowed (allowed: true, false)");
  }

  public int[] ints(String key) {
    try {
      return Arrays.stream(values.get(key).split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not a comma-separated list of whole numbers");
    }
  }

  /** The value read by {@code parser}; its complaint is prefixed with the parameter's name. */
  public <T> T parse(String key, Function<String, T> parser) {
    try {
      return parser.apply(values.get(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** Runs a builder step whose complaints name {@code key} unless they name a parameter already. */
  public <T> T build(String key, Supplier<T> builder) {
    try {
      return builder.get();
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(key) ? e : new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** {@code key} as a baseline of the kinds its spec takes (a file is read only when the method runs). */
  public Baseline baseline(String key, java.util.List<BaselineKind> kinds) {
    return BaselineText.toBaseline(values.get(key).trim(), kinds, facts.input());
  }

  /** Builds another registered method (e.g. the one NoiseTunnel wraps) with these facts. */
  public AttributionMethod create(String methodId, Map<String, String> parameters) {
    return registry.create(methodId, parameters, facts);
  }

  private static String stripPlus(String text) {
    return text.startsWith("+") ? text.substring(1) : text;
  }
}
