package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The result of an {@link AttributionMethod}, attached to the manager of the inputs it explains.
 *
 * @param values attributions, the inputs' shape
 * @param convergenceDelta Captum's convergence delta where the method defines one: per example for IG,
 *     per noisy sample for NoiseTunnel over IG (Captum's quirk)
 * @param passes the passes actually run
 * @param stepsUsed the integration steps of the result, for methods that choose them (IG to a
 *     precision); empty otherwise
 */
public record Attribution(NDArray values, Optional<NDArray> convergenceDelta, PassCount passes, OptionalInt stepsUsed) {

  /** A result whose method has no step count of its own to report. */
  public Attribution(NDArray values, Optional<NDArray> convergenceDelta, PassCount passes) {
    this(values, convergenceDelta, passes, OptionalInt.empty());
  }
}
