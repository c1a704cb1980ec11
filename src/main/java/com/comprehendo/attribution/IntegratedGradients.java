package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.BatchSizer;
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
 * <p>The steps are evaluated coarse to fine (see {@link #coarseToFine}): any prefix of them is spread
 * over the path, so the weighted sum over the steps done, scaled by {@code Σ w / Σ w_done}, is a usable
 * estimate of the integral after the first batch. An {@link EstimateListener} gets these estimates; the
 * final result is the same sum in another order (Captum sums in step order: the difference is float
 * rounding).
 *
 * <pre>{@code
 * IntegratedGradients ig = IntegratedGradients.builder().optSteps(200).build();
 * Attribution result = ig.attribute(model, inputs, new int[] {3}, AttributionContext.defaults());
 * }</pre>
 */
public final class IntegratedGradients implements AttributionMethod {

  /** Steps in the first pass when estimates are wanted, and spread evenly at the start of the order. */
  static final int FIRST_ESTIMATE_STEPS = Previews.IG_PREVIEW_STEPS;

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
    rule.requireSteps(steps); // at build time, computing no nodes (builders run on each keystroke)
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
  public AttributionMethod withoutConvergenceDelta() {
    return convergenceDelta ? toBuilder().optConvergenceDelta(false).build() : this;
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
    return attribute(model, inputs, targets, context, null, stepSizer(model, inputs.getShape(), context));
  }

  /**
   * Without {@code internal_batch_size}, the steps per pass are measured ({@link BatchSizer}, the
   * gradient passes of this model and row shape, shared with the batch explainer's), up to what the
   * budget allows: on 2 cores ResNet-34 at 224² computes 16.7 gradient rows/s in passes of 4 rows but
   * 9.5 in the budget's 11, and IG-200 took 22.6 s against a floor of 12.1 s. Captum runs all steps in
   * one pass then; batch sizes change only the rounding. A caller that measured the pass size for several
   * images sharing passes ({@link AttributionContext#passRowsChosen()}) gets its passes at that size.
   */
  BatchSizer stepSizer(DifferentiableClassifier model, Shape shape, AttributionContext context) {
    if (internalBatchSize != null || context.passRowsChosen()) {
      return null; // the budget's row cap is the pass size
    }
    int examples = Math.toIntExact(shape.get(0));
    int ceiling = context.budget().maxRows(Batching.rowElements(shape), true) / Math.max(1, examples);
    return BatchSizer.measuring(model, "gradient " + shape.slice(1), examples, Math.min(steps, Math.max(1, ceiling)));
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
    return attribute(model, inputs, targets, context, fixedBaselines, null);
  }

  /** The attribution with steps per pass from {@code sizer}, or from the budget when it is null. */
  Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context,
      NDArray fixedBaselines, BatchSizer sizer) {
    Shape shape = inputs.getShape();
    int examples = Math.toIntExact(shape.get(0));
    requireTargets(targets, examples);
    NDManager scope = inputs.getManager();
    Batching.Progress progress = new Batching.Progress(context.progress(), cost(examples).total());
    int[] order = coarseToFine(steps);
    float[] alphas = permute(rule.alphas(steps), order);
    float[] weights = permute(rule.weights(steps), order);
    double weightTotal = 0;
    for (float weight : weights) {
      weightTotal += weight;
    }
    EstimateListener estimates = context.estimates();
    int stepsPerPass = stepsPerPass(examples, Batching.rowElements(shape), context.budget());
    // The first estimate waits for the first pass: keep it to a preview's size when someone waits.
    int firstPass = estimates == EstimateListener.NONE ? stepsPerPass : Math.min(stepsPerPass, FIRST_ESTIMATE_STEPS);
    Shape rowShape = shape.slice(1);
    Shape stepShape = Batching.leadingAxis(rowShape.dimension() + 2);
    try (NDManager job = scope.newSubManager()) {
      NDArray baselines = fixedBaselines != null ? fixedBaselines : baseline.materialize(job, inputs);
      NDArray difference = Batching.into(job, inputs.sub(baselines));
      NDArray differenceSteps = difference.expandDims(0);
      NDArray baselineSteps = baselines.expandDims(0);
      NDArray totalGradient = job.zeros(shape);
      double weightDone = 0;
      for (int start = 0; start < steps; ) {
        context.cancellation().throwIfCancelled();
        int units = sizer == null ? stepsPerPass : sizer.nextUnits();
        int count = Math.min(start == 0 ? Math.min(units, firstPass) : units, steps - start);
        long passStart = System.nanoTime();
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
        if (sizer != null && count == units) {
          sizer.record(units, System.nanoTime() - passStart);
        }
        for (int k = start; k < start + count; k++) {
          weightDone += weights[k];
        }
        start += count;
        progress.advance((long) count * examples);
        if (start < steps && estimates.wantsEstimate()) {
          estimate(estimates, totalGradient, difference, weightTotal / weightDone, start);
        }
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

  private void estimate(EstimateListener estimates, NDArray totalGradient, NDArray difference, double scale, int done) {
    try (NDManager scratch = totalGradient.getManager().newSubManager()) {
      NDArray integral = Batching.into(scratch, totalGradient.mul((float) scale));
      NDArray values = multiplyByInputs ? Batching.into(scratch, integral.mul(difference)) : integral;
      estimates.onEstimate(values.toFloatArray(), done, steps);
    }
  }

  /**
   * The order in which the {@code n} steps are evaluated: first {@value #FIRST_ESTIMATE_STEPS} spread
   * evenly over the path (a preview's worth), then the rest in bit-reversed index order, which keeps
   * every prefix spread out (a van der Corput sequence over the step indices).
   */
  static int[] coarseToFine(int n) {
    int first = Math.min(n, FIRST_ESTIMATE_STEPS);
    int[] order = new int[n];
    boolean[] taken = new boolean[n];
    for (int j = 0; j < first; j++) {
      // The middle of the j-th of `first` equal slices of the step indices.
      int lowest = (int) ((j * (long) n + first - 1) / first);
      int highest = (int) (((j + 1) * (long) n + first - 1) / first) - 1;
      int index = (lowest + highest) / 2;
      order[j] = index;
      taken[index] = true;
    }
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
    int next = first;
    for (int key = 0; key < (1 << bits) && next < n; key++) {
      int index = bits == 0 ? 0 : Integer.reverse(key) >>> (32 - bits);
      if (index < n && !taken[index]) {
        order[next++] = index;
        taken[index] = true;
      }
    }
    return order;
  }

  private static float[] permute(float[] values, int[] order) {
    float[] permuted = new float[order.length];
    for (int i = 0; i < order.length; i++) {
      permuted[i] = values[order[i]];
    }
    return permuted;
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
