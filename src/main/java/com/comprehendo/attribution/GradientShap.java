package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.data.NpyArray;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.Targets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GradientShap (Lundberg and Lee, "A Unified Approach to Interpreting Model Predictions", NeurIPS 2017),
 * as Captum 0.8 computes it: for each example and each of {@code n_samples} samples, add noise
 * N(0, stdevs²) to the input (x̃), draw a baseline b uniformly with replacement from the given
 * distribution and one α ~ U(0, 1), and take {@code (x̃ − b) ⊙ ∂F_t(b + α (x̃ − b)) / ∂x}; the result
 * is the mean over samples (SmoothGrad over Input×Gradient at a random point of the path).
 *
 * <p>The distribution is a {@linkplain Baseline#tensor tensor} of K baselines shared by all inputs, or
 * any other {@link Baseline} (black, a blurred copy, noise, a constant) as a distribution of one
 * baseline per input, made for each input; the draws are the same as for K = 1, so such a baseline
 * gives exactly what a one-row tensor of the same values gives.
 */
public final class GradientShap implements AttributionMethod {

  private final Baseline baselines;
  private final int samples;
  private final float stdev;
  private final long seed;
  private final RandomDraws draws;

  private GradientShap(Builder builder) {
    this.baselines = builder.baselines;
    this.samples = builder.samples;
    this.stdev = builder.stdev;
    this.seed = builder.seed;
    this.draws = builder.draws;
  }

  /** @param baselines the baseline distribution, shape (K, C, H, W) */
  public static Builder builder(NpyArray baselines) {
    return new Builder(Baseline.tensor(baselines));
  }

  /**
   * @param baselines a {@linkplain Baseline#tensor tensor} of shape (K, C, H, W) as the distribution,
   *     or any other baseline as one baseline per input
   */
  public static Builder builder(Baseline baselines) {
    return new Builder(baselines);
  }

  @Override
  public String id() {
    return "gradient-shap";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("baselines", baselines.describe());
    parameters.put("n_samples", samples);
    parameters.put("stdevs", stdev);
    parameters.put("seed", seed);
    return parameters;
  }

  @Override
  public PassCount cost(int examples) {
    return new PassCount(0, (long) examples * samples);
  }

  @Override
  public Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    Shape shape = inputs.getShape();
    int examples = Math.toIntExact(shape.get(0));
    IntegratedGradients.requireTargets(targets, examples);
    Shape rowShape = shape.slice(1);
    int rowSize = Math.toIntExact(rowShape.size());
    NpyArray tensor = baselines.distribution(rowShape.getShape()).orElse(null);
    int distributionSize = 1;
    if (tensor != null) {
      Shape distributionShape = new Shape(tensor.longShape());
      if (distributionShape.dimension() != shape.dimension() || !distributionShape.slice(1).equals(rowShape)) {
        throw new IllegalArgumentException(
            "GradientShap baselines must have shape (K, " + rowShape + "), got " + distributionShape);
      }
      distributionSize = Math.toIntExact(distributionShape.get(0));
    }
    RandomDraws random = draws != null ? draws : RandomDraws.seeded(seed);
    int perPartition = Math.max(1, Math.min(samples, context.budget().maxRows(rowSize, true) / examples));
    NDManager scope = inputs.getManager();
    Batching.Progress progress = new Batching.Progress(context.progress(), cost(examples).total());
    Shape pointShape = Batching.leadingAxis(shape.dimension());
    try (NDManager job = scope.newSubManager()) {
      // K shared baselines, or one per input (row n for example n).
      NDArray distribution = tensor != null
          ? job.create(tensor.data(), new Shape(tensor.longShape()))
          : baselines.materialize(job, inputs);
      NDArray sum = job.zeros(shape);
      for (int first = 0; first < samples; first += perPartition) {
        context.cancellation().throwIfCancelled();
        int count = Math.min(perPartition, samples - first);
        int rows = examples * count;
        try (NDManager batch = job.newSubManager()) {
          // Captum's order of draws: the noise (NoiseTunnel), then the baselines, then the alphas.
          NDArray noise = batch.create(random.gaussian(rows * rowSize, stdev), new Shape(rows).addAll(rowShape));
          NDArray noisy = Batching.into(batch, inputs.repeat(0, count)).add(noise);
          long[] chosen = Arrays.stream(random.choice(distributionSize, rows)).asLongStream().toArray();
          NDArray base = tensor != null
              ? Batching.into(batch, distribution.get(batch.create(chosen)))
              : Batching.into(batch, distribution.repeat(0, count)); // rows are example-major, as noisy's
          NDArray alpha = batch.create(random.uniform(rows)).reshape(pointShape);
          NDArray difference = noisy.sub(base);
          NDArray point = alpha.mul(difference).add(base);
          int[] rowTargets = Targets.repeatEach(targets, count);
          NDArray gradient = Batching.into(batch, model.targetGradients(point, rowTargets).gradients());
          NDArray values = difference.mul(gradient).reshape(new Shape(examples, count).addAll(rowShape));
          sum.addi(values.sum(new int[] {1}));
        }
        progress.advance(rows);
      }
      NDArray mean = sum.div(samples);
      return new Attribution(Batching.into(scope, mean), Optional.empty(), cost(examples));
    }
  }

  /** Builds {@link GradientShap}; defaults are Captum's (5 samples, stdevs 0). */
  public static final class Builder {
    private final Baseline baselines;
    private int samples = 5;
    private float stdev = 0f;
    private long seed = 0;
    private RandomDraws draws;

    private Builder(Baseline baselines) {
      if (baselines instanceof Baseline.Tensor tensor
          && (tensor.values().shape().length < 2 || tensor.values().shape()[0] < 1)) {
        throw new IllegalArgumentException(
            "GradientShap needs a distribution of baselines of shape (K, C, H, W), got "
                + Arrays.toString(tensor.values().shape()));
      }
      this.baselines = java.util.Objects.requireNonNull(baselines, "baselines");
    }

    /** {@code n_samples}, default 5. */
    public Builder optSamples(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("n_samples must be at least 1, got " + value);
      }
      samples = value;
      return this;
    }

    /** {@code stdevs}, default 0. */
    public Builder optStdevs(float value) {
      if (!(value >= 0) || Float.isInfinite(value)) {
        throw new IllegalArgumentException("stdevs must be a finite number ≥ 0, got " + value);
      }
      stdev = value;
      return this;
    }

    public Builder optSeed(long value) {
      seed = value;
      return this;
    }

    /** Replaces the seeded draws, e.g. to replay Captum's recorded baselines and alphas. */
    public Builder optRandomDraws(RandomDraws value) {
      draws = value;
      return this;
    }

    public GradientShap build() {
      return new GradientShap(this);
    }
  }
}
