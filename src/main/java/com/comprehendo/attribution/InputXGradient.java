package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.comprehendo.model.DifferentiableClassifier;
import java.util.Map;
import java.util.Optional;

/**
 * Input × Gradient (Shrikumar et al., "Not Just a Black Box: Learning Important Features Through
 * Propagating Activation Differences", 2016): {@code x ⊙ ∂F_t/∂x}.
 */
public final class InputXGradient implements AttributionMethod {

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
  public Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    int examples = Math.toIntExact(inputs.getShape().get(0));
    IntegratedGradients.requireTargets(targets, examples);
    NDManager scope = inputs.getManager();
    Batching.Progress progress = new Batching.Progress(context.progress(), examples);
    int maxRows = context.budget().maxRows(Batching.rowElements(inputs.getShape()), true);
    try (NDManager job = scope.newSubManager()) {
      NDArray gradient = Batching.gradients(job, model, inputs, targets, maxRows, context, progress);
      NDArray values = inputs.mul(gradient);
      return new Attribution(Batching.into(scope, values), Optional.empty(), cost(examples));
    }
  }
}
