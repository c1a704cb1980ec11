package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.ModelLayer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Layer Integrated Gradients, as Captum 0.8's {@code LayerIntegratedGradients} (Sundararajan et al.,
 * "Axiomatic Attribution for Deep Networks", 2017, on a hidden layer): the baseline is given in input
 * space, both the input and the baseline are run through the features, and Integrated Gradients
 * integrates the head along the straight line between the two activations, {@code head(f_b + α (f_x −
 * f_b))}. The result has the layer's shape; the convergence delta is {@code Σ attributions − (F(x) −
 * F(b))}.
 *
 * <p>Captum evaluates {@code F(x) − F(b)} with the whole model; here it is {@code head(f_x) − head(f_b)},
 * the same function: the split is checked against {@code forward} when the model is loaded.
 */
public final class LayerIntegratedGradients implements AttributionMethod {

  private final String layer;
  private final IntegratedGradients integrated;

  /**
   * @param layer the layer's name, or null for the model's default layer
   * @param integrated the integration's settings: n_steps, method, baselines (input space),
   *     internal_batch_size, multiply_by_inputs
   */
  public LayerIntegratedGradients(String layer, IntegratedGradients integrated) {
    this.layer = layer;
    this.integrated = integrated;
  }

  @Override
  public String id() {
    return "layer-ig";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("layer", layer);
    parameters.putAll(integrated.parameters());
    return parameters;
  }

  @Override
  public PassCount cost(int examples) {
    PassCount steps = integrated.cost(examples);
    return new PassCount(steps.forward() + 2L * examples, steps.gradient());
  }

  @Override
  public Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    int examples = Math.toIntExact(inputs.getShape().get(0));
    IntegratedGradients.requireTargets(targets, examples);
    ModelLayer chosen = model.layer(layer);
    NDManager scope = inputs.getManager();
    long total = cost(examples).total();
    Batching.Progress progress = new Batching.Progress(context.progress(), total);
    try (NDManager job = scope.newSubManager()) {
      NDArray baselines = integrated.baseline().materialize(job, inputs);
      NDArray activations = LayerPasses.activations(job, chosen, inputs, context, progress);
      NDArray baselineActivations = LayerPasses.activations(job, chosen, baselines, context, progress);
      long before = progress.done();
      // The layer's estimates would not have the image's shape: none are passed on.
      AttributionContext steps = context.withEstimates(EstimateListener.NONE)
          .withProgress((done, all) -> context.progress().onProgress(before + done, total));
      Attribution layered = integrated.attribute(LayerPasses.head(model, chosen), activations, targets, steps,
          baselineActivations);
      NDArray values = Batching.into(scope, layered.values());
      Optional<NDArray> delta = layered.convergenceDelta().map(d -> Batching.into(scope, d));
      return new Attribution(values, delta, cost(examples));
    }
  }
}
