package com.comprehendo.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The attribution methods Comprehendo offers, each declared once by a {@link MethodDescriptor}: the
 * command line's options and checks, the explorer's parameter editor, the comparison, bench and the
 * cost estimates read them here. {@link #builtIn()} holds {@link BuiltInMethods}; a new method is
 * added there (its test table in {@code MethodRegistrationTest} too).
 *
 * <pre>{@code
 * MethodRegistry methods = MethodRegistry.builtIn();
 * AttributionMethod ig = methods.create("ig", Map.of("n_steps", "200"), ModelFacts.of(spec.preprocessing()));
 * PassCount cost = methods.get("occlusion").cost(Map.of("sliding_window_shapes", "3,15,15"), facts, methods);
 * }</pre>
 */
public final class MethodRegistry {

  private static final MethodRegistry BUILT_IN = new MethodRegistry(BuiltInMethods.all());

  private final List<MethodDescriptor> methods;
  private final Map<String, MethodDescriptor> byName = new LinkedHashMap<>();

  private MethodRegistry(List<MethodDescriptor> methods) {
    this.methods = List.copyOf(methods);
    for (MethodDescriptor method : methods) {
      for (String name : names(method)) {
        if (byName.put(normalize(name), method) != null) {
          throw new IllegalArgumentException("two methods are called '" + name + "'");
        }
      }
    }
  }

  /** Comprehendo's methods ({@link BuiltInMethods}). */
  public static MethodRegistry builtIn() {
    return BUILT_IN;
  }

  /** A registry of exactly these methods (ids and aliases distinct). */
  public static MethodRegistry of(List<MethodDescriptor> methods) {
    return new MethodRegistry(methods);
  }

  /** The methods, in the order the explorer lists them. */
  public List<MethodDescriptor> methods() {
    return methods;
  }

  /** Their ids, in that order. */
  public List<String> ids() {
    return methods.stream().map(MethodDescriptor::id).toList();
  }

  /** The method with this id or alias (any case, underscores for hyphens). */
  public Optional<MethodDescriptor> find(String idOrAlias) {
    return idOrAlias == null ? Optional.empty() : Optional.ofNullable(byName.get(normalize(idOrAlias)));
  }

  /**
   * The method with this id or alias.
   *
   * @throws IllegalArgumentException "unknown method '…' (allowed: …)"
   */
  public MethodDescriptor get(String idOrAlias) {
    return find(idOrAlias).orElseThrow(() -> new IllegalArgumentException(
        "unknown method '" + idOrAlias + "' (allowed: " + String.join(", ", ids()) + ")"));
  }

  /**
   * Builds a method from Captum-named text parameters, without I/O ({@link MethodDescriptor#create}).
   *
   * @throws IllegalArgumentException naming the method or the parameter at fault
   */
  public AttributionMethod create(String idOrAlias, Map<String, String> parameters, ModelFacts facts) {
    return get(idOrAlias).create(parameters, facts, this);
  }

  /** Every parameter of every method, once per Captum name, in the order they first appear. */
  public List<ParameterSpec> everyParameter() {
    Map<String, ParameterSpec> first = new LinkedHashMap<>();
    for (MethodDescriptor method : methods) {
      for (ParameterSpec spec : method.parameters()) {
        first.putIfAbsent(spec.name(), spec);
      }
    }
    return new ArrayList<>(first.values());
  }

  private static List<String> names(MethodDescriptor method) {
    List<String> names = new ArrayList<>(method.aliases());
    names.add(0, method.id());
    return names;
  }

  private static String normalize(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
