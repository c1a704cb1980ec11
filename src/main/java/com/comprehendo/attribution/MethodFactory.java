package com.comprehendo.attribution;

import com.comprehendo.data.Preprocessing;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a built-in method from its id and parameters under Captum's argument names, given as text (as
 * on the command line or in a saved provenance record): a shorthand for {@link MethodRegistry#builtIn()}.
 * Parameters a method does not take are refused by name, so a typo never silently falls back to a
 * default. Building reads no file: a {@code .npy} baseline is read when the method runs.
 *
 * <pre>{@code
 * AttributionMethod ig = MethodFactory.create("ig", Map.of("n_steps", "200", "method", "riemann_trapezoid"));
 * AttributionMethod blurred = MethodFactory.create("ig", Map.of("baselines", "blur:10"), spec.preprocessing());
 * }</pre>
 */
public final class MethodFactory {

  /** The built-in method ids, in the order the UI lists them. */
  public static final List<String> METHOD_IDS = MethodRegistry.builtIn().ids();

  /** The accepted forms of {@code baselines}, in words, for help texts and error messages. */
  public static final String BASELINE_FORMS = BaselineText.FORMS;

  private MethodFactory() {}

  /** The parameters {@code methodId} accepts (for NoiseTunnel, with those of {@code nt_inner}). */
  public static Set<String> acceptedParameters(String methodId, String ntInner) {
    Map<String, String> values = ntInner == null ? Map.of() : Map.of("nt_inner", ntInner);
    Set<String> accepted = new TreeSet<>();
    MethodRegistry.builtIn().get(methodId).parametersFor(values).forEach(p -> accepted.add(p.name()));
    return accepted;
  }

  /**
   * Creates a method without knowing the model's preprocessing: {@code baselines} may then not be
   * {@code black} or {@code noise}.
   */
  public static AttributionMethod create(String methodId, Map<String, String> parameters) {
    return create(methodId, parameters, null);
  }

  /**
   * Creates a method.
   *
   * @param methodId one of {@link #METHOD_IDS} or an alias (underscores are accepted for hyphens)
   * @param parameters Captum argument names to values as text
   * @param input the model's preprocessing, which places {@code black} and {@code noise} in its
   *     normalized input space; null when unknown (then those two are refused)
   * @throws IllegalArgumentException naming the parameter at fault and what is allowed
   */
  public static AttributionMethod create(String methodId, Map<String, String> parameters, Preprocessing input) {
    return MethodRegistry.builtIn().create(methodId, parameters, ModelFacts.of(input));
  }
}
