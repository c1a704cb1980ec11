package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.Targets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Integrated Gradients (Sundararajan, Taly and Yan, "Axiomatic Attribution for Deep Networks", ICML
 * 2017), as Captum 0.8 computes it:
 *
 * <pre>attr = (x − b) ⊙ Σ_k w_k · ∂F_t(b + α_k (x − b)) / ∂x</pre>
 *
 * with (α_k, w_k) from the {@link IntegrationRule}. Points are laid out step-major and evaluated in
 * chunks of whole steps, so chunking changes only the order of float additions. The convergence delta
 * per example is {@code Σ attr − (F_t(x) − F_t(b))}.
 *
 * <pre>{@code
 * IntegratedGradients ig = IntegratedGradients.builder().optSteps(200).build();
 * Attribution result = ig.attribute(model, inputs, new int[] {3}, AttributionContext.defaults());
 * }</pre>
 */
public final class IntegratedGradients implements AttributionMethod {

  private final int steps;
  private final IntegrationRule rule;
  private final Baseline baseline;
  private final Integer internalBatchSize;
  private final boolean multiplyByInputs;
  private final boolean convergenceDelta;

  private IntegratedGradients(Builder builder) {
    this.steps = builder.steps;
    this.rule = builder.rule;
    this.baseline = builder.baseline;
    this.internalBatchSize = builder.internalBatchSize;
    this.multiplyByInputs = builder.multiplyByInputs;
    this.convergenceDelta = builder.convergenceDelta;
    rule.alphas(steps); // rejects a step count the rule cannot use, at build time
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return "ig";
  }

  public int steps() {
    return steps;
  }

  public IntegrationRule rule() {
    return rule;
  }

  public Baseline baseline() {
    return baseline;
  }

  public boolean multiplyByInputs() {
    return multiplyByInputs;
  }

  /** A builder preset with this method's parameters, to derive variants (e.g. another step count). */
  public Builder toBuilder() {
    Builder builder = new Builder().optSteps(steps).optRule(rule).optBaseline(baseline);
    builder.internalBatchSize = internalBatchSize;
    return builder.optMultiplyByInputs(multiplyByInputs).optConvergenceDelta(convergenceDelta);
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("n_steps", steps);
    parameters.put("method", rule.captumName());
    parameters.put("baselines", baseline.describe());
    parameters.put("internal_batch_size", internalBatchSize);
    parameters.put("multiply_by_inputs", multiplyByInputs);
    return parameters;
  }

  @Override
  public PassCount cost(int examples) {
    return new PassCount(convergenceDelta ? 2L * examples : 0, (long) steps * examples);
  }

  @Override
  public Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    return attribute(model, inputs, targets, context, null);
  }

  /**
   * As {@link #attribute(DifferentiableClassifier, NDArray, int[], AttributionContext)}, but against
   * {@code fixedBaselines} (the inputs' shape) instead of this method's {@link Baseline} made for
   * {@code inputs}: NoiseTunnel passes the baseline of the clean images for their noisy copies, as
   * Captum does with a baseline tensor.
   */
  Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context,
      NDArray fixedBaselines) {
    Shape shape = inputs.getShape();
    int examples = Math.toIntExact(shape.get(0));
    requireTargets(targets, examples);
    NDManager scope = inputs.getManager();
    Batching.Progress progress = new Batching.Progress(context.progress(), cost(examples).total());
    float[] alphas = rule.alphas(steps);
    float[] weights = rule.weights(steps);
    int stepsPerPass = stepsPerPass(examples, Batching.rowElements(shape), context.budget());
    Shape rowShape = shape.slice(1);
    Shape stepShape = Batching.leadingAxis(rowShape.dimension() + 2);
    try (NDManager job = scope.newSubManager()) {
      NDArray baselines = fixedBaselines != null ? fixedBaselines : baseline.materialize(job, inputs);
      NDArray difference = Batching.into(job, inputs.sub(baselines));
      NDArray differenceSteps = difference.expandDims(0);
      NDArray baselineSteps = baselines.expandDims(0);
      NDArray totalGradient = job.zeros(shape);
      for (int start = 0; start < steps; start += stepsPerPass) {
        context.cancellation().throwIfCancelled();
        int count = Math.min(stepsPerPass, steps - start);
        try (NDManager batch = job.newSubManager()) {
          NDArray alpha = batch.create(Arrays.copyOfRange(alphas, start, start + count)).reshape(stepShape);
          // Captum's order of operations: baseline + alpha * (input - baseline).
          NDArray scaled = alpha.mul(differenceSteps).add(baselineSteps).reshape(new Shape(-1).addAll(rowShape));
          int[] stepTargets = Targets.tile(targets, count);
          NDArray gradient = model.targetGradients(scaled, stepTargets).gradients();
          Batching.into(batch, gradient);
          NDArray weight = batch.create(Arrays.copyOfRange(weights, start, start + count)).reshape(stepShape);
          NDArray weighted = gradient.reshape(new Shape(count, examples).addAll(rowShape)).mul(weight).sum(new int[] {0});
          totalGradient.addi(weighted);
        }
        progress.advance((long) count * examples);
      }
      NDArray values = multiplyByInputs ? totalGradient.mul(difference) : totalGradient.duplicate();
      Optional<NDArray> delta = Optional.empty();
      if (convergenceDelta) {
        NDArray end = Batching.targetOutputs(job, model, inputs, targets);
        NDArray start = Batching.targetOutputs(job, model, baselines, targets);
        NDArray delta0 = values.reshape(examples, -1).sum(new int[] {1}).sub(end.sub(start));
        progress.advance(2L * examples);
        delta = Optional.of(Batching.into(scope, delta0));
      }
      Batching.into(scope, values);
      return new Attribution(values, delta, cost(examples));
    }
  }

  private int stepsPerPass(int examples, long rowElements, BatchBudget budget) {
    // Captum: internal_batch_size B runs max(1, B / N) steps per pass; unset means all steps at once,
    // which we bound by the memory budget instead.
    int rows = internalBatchSize != null ? internalBatchSize : budget.maxRows(rowElements, true);
    return Math.max(1, Math.min(steps, rows / examples));
  }

  static void requireTargets(int[] targets, int examples) {
    if (targets.length != examples) {
      throw new IllegalArgumentException(examples + " inputs but " + targets.length + " targets");
    }
  }

  /** Builds {@link IntegratedGradients}; every parameter defaults to Captum's. */
  public static final class Builder {
    private int steps = 50;
    private IntegrationRule rule = IntegrationRule.GAUSS_LEGENDRE;
    private Baseline baseline = Baseline.zero();
    private Integer internalBatchSize;
    private boolean multiplyByInputs = true;
    private boolean convergenceDelta = true;

    private Builder() {}

    /** {@code n_steps}, default 50. */
    public Builder optSteps(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("n_steps must be at least 1, got " + value);
      }
      steps = value;
      return this;
    }

    /** {@code method}, default Gauss–Legendre. */
    public Builder optRule(IntegrationRule value) {
      rule = value;
      return this;
    }

    /** {@code baselines}, default 0. */
    public Builder optBaseline(Baseline value) {
      baseline = value;
      return this;
    }

    /** {@code internal_batch_size}: rows per pass; by default sized to the memory budget. */
    public Builder optInternalBatchSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("internal_batch_size must be at least 1, got " + value);
      }
      internalBatchSize = value;
      return this;
    }

    /** {@code multiply_by_inputs}, default true; false gives the integrated gradient without (x − b). */
    public Builder optMultiplyByInputs(boolean value) {
      multiplyByInputs = value;
      return this;
    }

    /** Whether to compute the convergence delta (two extra forward passes per example), default true. */
    public Builder optConvergenceDelta(boolean value) {
      convergenceDelta = value;
      return this;
    }

    public IntegratedGradients build() {
      return new IntegratedGradients(this);
    }
  }
}
