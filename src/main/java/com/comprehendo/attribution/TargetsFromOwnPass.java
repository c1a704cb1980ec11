package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.TargetChooser;

/**
 * A method of one gradient pass per image that runs the model (or its head, on the layer's
 * activations) on the inputs themselves, so targets chosen from the outputs come from that pass and
 * no forward pass is spent on choosing them. Fixed targets are the special case {@link
 * TargetChooser#fixed}.
 */
interface TargetsFromOwnPass extends AttributionMethod {

  @Override
  default Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    IntegratedGradients.requireTargets(targets, Math.toIntExact(inputs.getShape().get(0)));
    return attributeChoosingTargets(model, inputs, TargetChooser.fixed(targets), context);
  }

  @Override
  Attribution attributeChoosingTargets(
      DifferentiableClassifier model, NDArray inputs, TargetChooser targets, AttributionContext context);

  @Override
  default boolean choosesTargetsInItsPass() {
    return true;
  }
}
