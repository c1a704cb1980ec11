package com.comprehendo.model;

import java.util.List;

/**
 * A classifier whose learned parameters can be overwritten in place and put back: what the
 * model-parameter randomization test needs (Adebayo et al., "Sanity Checks for Saliency Maps",
 * NeurIPS 2018). A map that stays the same when the weights it claims to explain become random does
 * not explain the model.
 *
 * <pre>{@code
 * List<String> groups = model.parameterGroups();          // e.g. [features.0, …, classifier]
 * model.randomize(groups.get(groups.size() - 1), 7);      // the head, seeded
 * try { ... explain again ... } finally { model.restoreParameters(); }
 * }</pre>
 */
public interface RandomizableClassifier extends DifferentiableClassifier {

  /**
   * The modules that own parameters, from the input to the output, by name ({@code features.8},
   * {@code classifier}): a parameter's name without its last component, in the order the module
   * registers them.
   */
  List<String> parameterGroups();

  /**
   * Overwrites every parameter of {@code group} in place with draws from N(0, rms²), rms being the
   * root mean square of that parameter's loaded values (so the activations keep their scale; a
   * parameter that was all zeros stays zero), from a generator seeded by {@code seed}.
   *
   * @throws IllegalArgumentException when there is no such group
   */
  void randomize(String group, long seed);

  /** Puts every parameter back to its loaded values. */
  void restoreParameters();
}
