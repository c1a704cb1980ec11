package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.TargetChooser;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Layer Gradient × Activation (Shrikumar et al., "Not Just a Black Box", 2016, applied to a hidden
 * layer), as Captum 0.8's {@code LayerGradientXActivation}: the layer's activations times the gradient
 * of the target output with respect to them, or the gradient alone without {@code multiply_by_inputs}.
 * The result has the layer's shape (N, C, h, w).
 */
public final class LayerGradientXActivation implements TargetsFromOwnPass {

  private final String layer;
  private final boolean multiplyByInputs;

  /**
   * @param layer the layer's name, or null for the model's default layer
   * @param multiplyByInputs Captum's {@code multiply_by_inputs} (default true)
   */
  public LayerGradientXActivation(String layer, boolean multiplyByInputs) {
    this.layer = layer;
    this.multiplyByInputs = multiplyByInputs;
  }

  @Override
  public String id() {
    return "layer-gradient-x-activation";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("layer", layer);
    parameters.put("multiply_by_inputs", multiplyByInputs);
    return parameters;
  }

  @Override
  public PassCount cost(int examples) {
    return new PassCount(examples, examples);
  }

  @Override
  public Attribution attributeChoosingTargets(
      DifferentiableClassifier model, NDArray inputs, TargetChooser targets, AttributionContext context) {
    return LayerPasses.fromActivationsAndGradients(model, layer, inputs, targets, context,
        (activations, gradients) -> multiplyByInputs ? gradients.mul(activations) : gradients);
  }

}
