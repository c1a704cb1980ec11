package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.TargetChooser;
import java.util.Map;

/**
 * Input × Gradient (Shrikumar et al., "Not Just a Black Box: Learning Important Features Through
 * Propagating Activation Differences", 2016): {@code x ⊙ ∂F_t/∂x}.
 */
public final class InputXGradient implements TargetsFromOwnPass {

  @Override
  public String id() {
    return "input-x-gradient";
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of();
  }

  @Override
  public PassCount cost(int examples) {
    return new PassCount(0, examples);
  }

  @Override
  public Attribution attributeChoosingTargets(
      DifferentiableClassifier model, NDArray inputs, TargetChooser targets, AttributionContext context) {
    return Batching.fromGradients(this, model, inputs, targets, context, (x, gradient) -> x.mul(gradient));
  }
}
