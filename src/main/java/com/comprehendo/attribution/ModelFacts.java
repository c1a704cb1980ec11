package com.comprehendo.attribution;

import com.comprehendo.data.Preprocessing;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the method registry may know of the model a method is configured for, without touching it:
 * its input (size and normalization, for image baselines, occlusion windows and costs), its layer
 * names (the choices of a layer parameter), and what it offers that some methods require.
 *
 * @param input the model's preprocessing; null when no model is known
 * @param layers the names of the model's layers, in order; empty when unknown
 * @param offers the requirements this model meets (e.g. a split into features and head)
 */
public record ModelFacts(Preprocessing input, List<String> layers, Set<MethodDescriptor.Requirement> offers) {

  /** Nothing known: the command line before the model is read, a test. */
  public static final ModelFacts UNKNOWN = new ModelFacts(null, List.of(), Set.of());

  public ModelFacts {
    layers = List.copyOf(layers);
    offers = Set.copyOf(offers);
  }

  /** A model known by its preprocessing only. */
  public static ModelFacts of(Preprocessing input) {
    return new ModelFacts(input, List.of(), Set.of());
  }

  /** One input's (C, H, W), when the input is known. */
  public Optional<long[]> rowShape() {
    return input == null
        ? Optional.empty()
        : Optional.of(new long[] {input.channels(), input.height(), input.width()});
  }

  /** One input's (C, H, W), or ImageNet's 3 × 224 × 224 when unknown (for cost estimates only). */
  public long[] rowShapeOrDefault() {
    return rowShape().orElse(new long[] {3, 224, 224});
  }
}
