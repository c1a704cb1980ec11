package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.ModelLayer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Layer Gradient × Activation (Shrikumar et al., "Not Just a Black Box", 2016, applied to a hidden
 * layer), as Captum 0.8's {@code LayerGradientXActivation}: the layer's activations times the gradient
 * of the target output with respect to them, or the gradient alone without {@code multiply_by_inputs}.
 * The result has the layer's shape (N, C, h, w).
 */
public final class LayerGradientXActivation implements AttributionMethod {

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
  public Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    int examples = Math.toIntExact(inputs.getShape().get(0));
    IntegratedGradients.requireTargets(targets, examples);
    ModelLayer chosen = model.layer(layer);
    NDManager scope = inputs.getManager();
    Batching.Progress progress = new Batching.Progress(context.progress(), cost(examples).total());
    try (NDManager job = scope.newSubManager()) {
      LayerPasses.ActivationsAndGradients layerPass =
          LayerPasses.activationsAndGradients(job, model, chosen, inputs, targets, context, progress);
      NDArray activations = layerPass.activations();
      NDArray gradients = layerPass.gradients();
      NDArray values = multiplyByInputs ? gradients.mul(activations) : gradients.duplicate();
      return new Attribution(Batching.into(scope, values), Optional.empty(), cost(examples));
    }
  }
}
