package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import com.comprehendo.model.DifferentiableClassifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Integrated Gradients to a precision: runs IG with 16, 32, 64, … steps until every example's
 * convergence delta is within {@code tolerance × |F_t(x) − F_t(b)|} (the completeness axiom of
 * Sundararajan et al., 2017, used as a stopping rule), or the step limit is reached. Gauss–Legendre
 * usually meets 1% within 16–32 steps, so this often costs far fewer passes than a fixed 200.
 *
 * <p>Each round is a complete IG with Captum's semantics; its result is the last round's.
 */
public final class PrecisionIntegratedGradients implements AttributionMethod {

  private final IntegratedGradients base;
  private final double tolerance;
  private final int startSteps;
  private final int maxSteps;

  private PrecisionIntegratedGradients(Builder builder) {
    this.base = builder.base;
    this.tolerance = builder.tolerance;
    this.startSteps = builder.startSteps;
    this.maxSteps = builder.maxSteps;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return "ig";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>(base.parameters());
    parameters.remove("n_steps");
    parameters.put("tolerance", tolerance);
    parameters.put("max_steps", maxSteps);
    return parameters;
  }

  /** The worst case: every round up to the step limit. */
  @Override
  public PassCount cost(int examples) {
    PassCount total = PassCount.ZERO;
    for (int steps = startSteps; ; steps = Math.min(maxSteps, steps * 2)) {
      total = total.plus(base.toBuilder().optSteps(steps).build().cost(examples));
      if (steps >= maxSteps) {
        return total;
      }
    }
  }

  @Override
  public Attribution attribute(DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    return attributeToPrecision(model, inputs, targets, context).attribution();
  }

  /**
   * Runs rounds until the tolerance is met.
   *
   * @return the last round's attribution (with the passes of all rounds) and its step count
   */
  public Result attributeToPrecision(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    PassCount spent = PassCount.ZERO;
    long worstCase = cost(targets.length).total();
    Attribution last = null;
    int steps = startSteps;
    while (true) {
      long offset = spent.total();
      // A round's own estimates would restart at every round: the finished rounds are the estimates.
      AttributionContext round = context
          .withProgress((done, total) -> context.progress().onProgress(offset + done, worstCase))
          .withEstimates(EstimateListener.NONE);
      if (last != null) {
        last.values().close();
        last.convergenceDelta().ifPresent(NDArray::close);
      }
      last = base.toBuilder().optSteps(steps).optConvergenceDelta(true).build().attribute(model, inputs, targets, round);
      spent = spent.plus(last.passes());
      if (steps >= maxSteps || withinTolerance(last)) {
        context.progress().onProgress(spent.total(), spent.total());
        return new Result(new Attribution(last.values(), last.convergenceDelta(), spent, OptionalInt.of(steps)), steps);
      }
      if (context.estimates().wantsEstimate()) {
        context.estimates().onEstimate(last.values().toFloatArray(), steps, maxSteps);
      }
      steps = Math.min(maxSteps, steps * 2);
    }
  }

  private boolean withinTolerance(Attribution attribution) {
    float[] delta = attribution.convergenceDelta().orElseThrow().toFloatArray();
    NDArray values = attribution.values();
    float[] sums = values.reshape(delta.length, -1).sum(new int[] {1}).toFloatArray();
    for (int n = 0; n < delta.length; n++) {
      double change = Math.abs(sums[n] - delta[n]); // |F(x) − F(b)| = |Σ attr − delta|
      if (Math.abs(delta[n]) > tolerance * Math.max(change, 1e-12)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param attribution the final round's values and delta, with the passes of every round
   * @param steps the step count of the final round
   */
  public record Result(Attribution attribution, int steps) {}

  /** Builds {@link PrecisionIntegratedGradients}. */
  public static final class Builder {
    private IntegratedGradients base = IntegratedGradients.builder().build();
    private double tolerance = 0.01;
    private int startSteps = 16;
    private int maxSteps = 512;

    private Builder() {}

    /** The IG settings other than the step count (rule, baseline, batching). */
    public Builder optBase(IntegratedGradients value) {
      base = value;
      return this;
    }

    /** The largest acceptable |delta| relative to |F(x) − F(b)|, default 0.01. */
    public Builder optTolerance(double value) {
      if (!(value > 0)) {
        throw new IllegalArgumentException("tolerance must be positive, got " + value);
      }
      tolerance = value;
      return this;
    }

    /** Steps of the first round, default 16. */
    public Builder optStartSteps(int value) {
      if (value < 2) {
        throw new IllegalArgumentException("start steps must be at least 2, got " + value);
      }
      startSteps = value;
      return this;
    }

    /** The step limit, default 512. */
    public Builder optMaxSteps(int value) {
      if (value < 2) {
        throw new IllegalArgumentException("max steps must be at least 2, got " + value);
      }
      maxSteps = value;
      return this;
    }

    public PrecisionIntegratedGradients build() {
      if (startSteps > maxSteps) {
        startSteps = maxSteps;
      }
      return new PrecisionIntegratedGradients(this);
    }
  }
}
