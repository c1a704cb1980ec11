package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * The result of an {@link AttributionMethod}, attached to the manager of the inputs it explains.
 *
 * @param values attributions, the inputs' shape
 * @param convergenceDelta Captum's convergence delta where the method defines one: per example for IG,
 *     per noisy sample for NoiseTunnel over IG (Captum's quirk)
 * @param passes the passes actually run
 */
public record Attribution(NDArray values, Optional<NDArray> convergenceDelta, PassCount passes) {}
