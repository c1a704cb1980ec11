package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.ModelLayer;
import com.comprehendo.model.Targets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Layer Conductance (Dhamdhere, Sundararajan and Yan, "How Important Is a Neuron?", ICLR 2019), as
 * Captum 0.8's {@code LayerConductance}: along the straight path from the baseline to the input in
 * input space, at the {@code n_steps + 1} points the integration rule gives, the layer's activations
 * f_k and the gradient g_k of the target output with respect to them; the attribution is {@code Σ_{k<n}
 * (f_{k+1} − f_k) · g_k}, the layer's shape. Captum's quirks kept: the rule's points are used without
 * its weights (the differences of consecutive activations stand in for them), and with Gauss–Legendre
 * the path starts and ends at the first and last node, not at the baseline and the input. The
 * convergence delta is {@code Σ attributions − (F(x) − F(b))}, F the whole model.
 */
public final class LayerConductance implements AttributionMethod {

  private final String layer;
  private final int steps;
  private final IntegrationRule rule;
  private final Baseline baseline;
  private final Integer internalBatchSize;

  /**
   * @param layer the layer's name, or null for the model's default layer
   * @param steps Captum's {@code n_steps} (default 50)
   * @param rule Captum's {@code method} (default gausslegendre)
   * @param baseline Captum's {@code baselines}, in input space (default 0)
   * @param internalBatchSize rows per pass, or null to fit the memory budget
   */
  public LayerConductance(String layer, int steps, IntegrationRule rule, Baseline baseline, Integer internalBatchSize) {
    if (steps < 1) {
      throw new IllegalArgumentException("n_steps must be at least 1, got " + steps);
    }
    rule.requireSteps(steps + 1); // at build time, computing no nodes (builders run on each keystroke)
    this.layer = layer;
    this.steps = steps;
    this.rule = rule;
    this.baseline = baseline;
    this.internalBatchSize = internalBatchSize;
  }

  @Override
  public String id() {
    return "layer-conductance";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("layer", layer);
    parameters.put("n_steps", steps);
    parameters.put("method", rule.captumName());
    parameters.put("baselines", baseline.describe());
    parameters.put("internal_batch_size", internalBatchSize);
    return parameters;
  }

  @Override
  public PassCount cost(int examples) {
    // n + 1 feature passes and n head gradients (the last point's gradient is never used), plus F(x), F(b).
    return new PassCount((steps + 1L) * examples + 2L * examples, (long) steps * examples);
  }

  @Override
  public Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    Shape shape = inputs.getShape();
    int examples = Math.toIntExact(shape.get(0));
    IntegratedGradients.requireTargets(targets, examples);
    ModelLayer chosen = model.layer(layer);
    DifferentiableClassifier head = LayerPasses.head(model, chosen);
    NDManager scope = inputs.getManager();
    Batching.Progress progress = new Batching.Progress(context.progress(), cost(examples).total());
    float[] alphas = rule.alphas(steps + 1);
    try (NDManager job = scope.newSubManager()) {
      NDArray baselines = baseline.materialize(job, inputs);
      NDArray difference = Batching.into(job, inputs.sub(baselines));
      NDArray total = null;
      NDArray previousActivations = null;
      NDArray previousGradients = null;
      int pointsPerPass = pointsPerPass(examples, Batching.rowElements(shape), context);
      for (int start = 0; start <= steps; start += pointsPerPass) {
        context.cancellation().throwIfCancelled();
        int count = Math.min(pointsPerPass, steps + 1 - start);
        try (NDManager batch = job.newSubManager()) {
          // Captum's order of operations: baseline + alpha * (input - baseline), points one after another.
          NDArray[] scaled = new NDArray[count];
          for (int k = 0; k < count; k++) {
            NDArray step = Batching.into(batch, difference.mul(alphas[start + k]));
            scaled[k] = Batching.into(batch, step.add(baselines));
          }
          NDArray points = Batching.into(batch, NDArrays.concat(new NDList(scaled)));
          NDArray activations = LayerPasses.activations(batch, chosen, points, context, progress);
          // The last point's gradient is never used.
          int gradientPoints = start + count == steps + 1 ? count - 1 : count;
          Shape layerShape = activations.getShape().slice(1);
          NDArray pointActivations = activations.reshape(new Shape(count, examples).addAll(layerShape));
          NDArray pointGradients = null;
          if (gradientPoints > 0) {
            int rows = gradientPoints * examples;
            NDArray gradients = Batching.gradients(batch, head, activations.get("0:{}", rows),
                Targets.tile(targets, gradientPoints), LayerPasses.gradientRows(activations.getShape(), context),
                context, progress);
            pointGradients = gradients.reshape(new Shape(gradientPoints, examples).addAll(layerShape));
          }
          for (int k = 0; k < count; k++) {
            NDArray activation = pointActivations.get(k);
            if (previousActivations != null) {
              NDArray contribution = activation.sub(previousActivations).mul(previousGradients);
              if (total == null) {
                total = Batching.into(job, contribution);
              } else {
                total.addi(contribution);
              }
            }
            // Carried to the next point (and pass) in the job's manager; the previous pair is freed.
            closeAll(previousActivations, previousGradients);
            previousActivations = Batching.into(job, activation.duplicate());
            previousGradients = k < gradientPoints ? Batching.into(job, pointGradients.get(k).duplicate()) : null;
          }
        }
      }
      if (total == null) {
        throw new IllegalStateException("conductance needs at least two points on the path");
      }
      NDArray end = Batching.targetOutputs(job, model, inputs, targets);
      NDArray begin = Batching.targetOutputs(job, model, baselines, targets);
      NDArray delta = total.reshape(examples, -1).sum(new int[] {1}).sub(end.sub(begin));
      progress.advance(2L * examples);
      return new Attribution(Batching.into(scope, total.duplicate()), Optional.of(Batching.into(scope, delta)),
          cost(examples));
    }
  }

  private static void closeAll(NDArray... arrays) {
    for (NDArray array : arrays) {
      if (array != null) {
        array.close();
      }
    }
  }

  /** Path points per pass: internal_batch_size rows if given, else what the memory budget allows. */
  private int pointsPerPass(int examples, long rowElements, AttributionContext context) {
    int rows = internalBatchSize != null ? internalBatchSize : context.budget().maxRows(rowElements, true);
    return Math.max(1, Math.min(steps + 1, rows / Math.max(1, examples)));
  }

  @Override
  public String toString() {
    return "LayerConductance" + Arrays.toString(new Object[] {layer, steps, rule, baseline.describe()});
  }
}
