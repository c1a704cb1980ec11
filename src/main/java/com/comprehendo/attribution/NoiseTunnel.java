package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.Targets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NoiseTunnel: another method averaged over noisy copies of the input — SmoothGrad (Smilkov et al.,
 * "SmoothGrad: removing noise by adding noise", 2017), SmoothGrad² and VarGrad (Adebayo et al., "Local
 * Explanation Methods for Deep Neural Networks Lack Sensitivity to Parameter Values", 2018).
 *
 * <p>As in Captum 0.8, each example gets {@code nt_samples} copies with independent noise N(0, stdevs²)
 * added in the model's input space; the copies are laid out example-major ({@code repeat_interleave})
 * and attributed {@code nt_samples_batch_size} at a time, keeping running sums of a and a². Quirk kept
 * from Captum: over IG, the convergence delta is one value per noisy sample, not a mean. Over IG, the
 * baseline is made once for the clean inputs and shared by their noisy copies (Captum expands a
 * baseline tensor the same way), so a blurred or noise baseline is that of the image, not of each copy.
 */
public final class NoiseTunnel implements AttributionMethod {

  /** Partitions of samples when estimates are wanted, each followed by one. */
  private static final int ESTIMATES_WANTED = 4;

  private final AttributionMethod inner;
  private final NoiseTunnelType type;
  private final int samples;
  private final Integer samplesBatchSize;
  private final float stdev;
  private final long seed;
  private final RandomDraws draws;

  private NoiseTunnel(Builder builder) {
    this.inner = builder.inner;
    this.type = builder.type;
    this.samples = builder.samples;
    this.samplesBatchSize = builder.samplesBatchSize;
    this.stdev = builder.stdev;
    this.seed = builder.seed;
    this.draws = builder.draws;
  }

  /** @param inner the method to smooth (IG, Saliency or Input×Gradient) */
  public static Builder builder(AttributionMethod inner) {
    return new Builder(inner);
  }

  @Override
  public String id() {
    return "noise-tunnel";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("nt_type", type.captumName());
    parameters.put("nt_samples", samples);
    parameters.put("nt_samples_batch_size", samplesBatchSize);
    parameters.put("stdevs", stdev);
    parameters.put("seed", seed);
    parameters.put("nt_inner", inner.id());
    parameters.putAll(inner.parameters());
    return parameters;
  }

  @Override
  public PassCount cost(int examples) {
    return inner.cost(examples).times(samples);
  }

  @Override
  public PassCount cost(int examples, long[] rowShape) {
    return inner.cost(examples, rowShape).times(samples);
  }

  @Override
  public Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    Shape shape = inputs.getShape();
    int examples = Math.toIntExact(shape.get(0));
    IntegratedGradients.requireTargets(targets, examples);
    Shape rowShape = shape.slice(1);
    int rowSize = Math.toIntExact(rowShape.size());
    int perPartition = samplesBatchSize != null
        ? Math.min(samples, samplesBatchSize)
        : Math.max(1, Math.min(samples, context.budget().maxRows(rowSize, true) / examples));
    if (context.estimates() != EstimateListener.NONE) {
      // Estimates come between partitions: make about four. An inner IG over fewer copies runs more
      // steps per pass, so the rows per pass, and the speed, stay about the same.
      perPartition = Math.min(perPartition, (samples + ESTIMATES_WANTED - 1) / ESTIMATES_WANTED);
    }
    IntegratedGradients ig = inner instanceof IntegratedGradients value ? value : null;
    // One image smoothed over IG without batch options: one noisy copy per partition, so the inner IG
    // measures its steps per pass as IG alone does (NoiseTunnel-IG on ResNet-34 at 224² ran its 500
    // gradient rows in passes of 10 copies, the budget's ceiling: 1.24× the floor). With one image the
    // noise drawn is the same sequence however the copies are partitioned.
    boolean measuredSteps = ig != null && examples == 1 && samplesBatchSize == null
        && ig.parameters().get("internal_batch_size") == null;
    if (measuredSteps) {
      perPartition = 1;
    }
    RandomDraws random = draws != null ? draws : RandomDraws.seeded(seed);
    NDManager scope = inputs.getManager();
    long totalPasses = cost(examples).total();
    PassCount passes = PassCount.ZERO;
    try (NDManager job = scope.newSubManager()) {
      NDArray sum = job.zeros(shape);
      NDArray sumOfSquares = job.zeros(shape);
      NDArray baselines = ig == null ? null : ig.baseline().materialize(job, inputs);
      List<NDArray> deltas = new ArrayList<>();
      for (int first = 0; first < samples; first += perPartition) {
        context.cancellation().throwIfCancelled();
        int count = Math.min(perPartition, samples - first);
        long offset = passes.total();
        // The inner method's own estimates would be of one noisy copy: the tunnel makes its own.
        AttributionContext innerContext = context
            .withProgress((done, total) -> context.progress().onProgress(offset + done, totalPasses))
            .withEstimates(EstimateListener.NONE);
        try (NDManager batch = job.newSubManager()) {
          NDArray noise = batch.create(random.gaussian(examples * count * rowSize, stdev), new Shape(examples * count).addAll(rowShape));
          NDArray noisy = Batching.into(batch, inputs.repeat(0, count)).add(noise);
          int[] noisyTargets = Targets.repeatEach(targets, count);
          Attribution sampled = ig == null
              ? inner.attribute(model, noisy, noisyTargets, innerContext)
              : ig.attribute(model, noisy, noisyTargets, innerContext, Batching.into(batch, baselines.repeat(0, count)),
                  measuredSteps ? ig.stepSizer(model, noisy.getShape(), innerContext) : null);
          NDArray values = sampled.values().reshape(new Shape(examples, count).addAll(rowShape));
          sum.addi(values.sum(new int[] {1}));
          sumOfSquares.addi(values.square().sum(new int[] {1}));
          sampled.convergenceDelta().ifPresent(delta -> deltas.add(Batching.into(job, delta)));
          passes = passes.plus(sampled.passes());
        }
        int done = first + count;
        if (done < samples && context.estimates().wantsEstimate()) {
          try (NDManager scratch = job.newSubManager()) {
            NDArray estimate = Batching.into(scratch, statistic(sum, sumOfSquares, done));
            context.estimates().onEstimate(estimate.toFloatArray(), done, samples);
          }
        }
      }
      NDArray result = statistic(sum, sumOfSquares, samples);
      Optional<NDArray> delta = Optional.empty();
      if (!deltas.isEmpty()) {
        NDArray joined = deltas.size() == 1 ? deltas.get(0) : NDArrays.concat(new ai.djl.ndarray.NDList(deltas));
        delta = Optional.of(Batching.into(scope, joined));
      }
      return new Attribution(Batching.into(scope, result), delta, passes);
    }
  }

  /** The tunnel's statistic over {@code count} samples, from their sum and sum of squares. */
  private NDArray statistic(NDArray sum, NDArray sumOfSquares, int count) {
    NDArray mean = sum.div(count);
    NDArray meanOfSquares = sumOfSquares.div(count);
    switch (type) {
      case SMOOTHGRAD:
        return mean;
      case SMOOTHGRAD_SQ:
        return meanOfSquares;
      case VARGRAD:
        return meanOfSquares.sub(mean.square());
      default:
        throw new AssertionError(type);
    }
  }

  /** Builds {@link NoiseTunnel}; defaults are Captum's (smoothgrad, 5 samples, stdevs 1.0). */
  public static final class Builder {
    private final AttributionMethod inner;
    private NoiseTunnelType type = NoiseTunnelType.SMOOTHGRAD;
    private int samples = 5;
    private Integer samplesBatchSize;
    private float stdev = 1.0f;
    private long seed = 0;
    private RandomDraws draws;

    private Builder(AttributionMethod inner) {
      if (inner instanceof NoiseTunnel || inner instanceof Occlusion) {
        throw new IllegalArgumentException("NoiseTunnel wraps IG, Saliency or Input×Gradient, not " + inner.id());
      }
      this.inner = inner;
    }

    /** {@code nt_type}, default smoothgrad. */
    public Builder optType(NoiseTunnelType value) {
      type = value;
      return this;
    }

    /** {@code nt_samples}, default 5. */
    public Builder optSamples(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("nt_samples must be at least 1, got " + value);
      }
      samples = value;
      return this;
    }

    /** {@code nt_samples_batch_size}: samples per partition; by default sized to the memory budget. */
    public Builder optSamplesBatchSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("nt_samples_batch_size must be at least 1, got " + value);
      }
      samplesBatchSize = value;
      return this;
    }

    /** {@code stdevs}: the noise's standard deviation in the model's input space, default 1.0. */
    public Builder optStdevs(float value) {
      if (!(value >= 0) || Float.isInfinite(value)) {
        throw new IllegalArgumentException("stdevs must be a finite number ≥ 0, got " + value);
      }
      stdev = value;
      return this;
    }

    /** The seed of the noise, default 0: the same seed gives the same result. */
    public Builder optSeed(long value) {
      seed = value;
      return this;
    }

    /** Replaces the seeded noise, e.g. to replay Captum's recorded noise. */
    public Builder optRandomDraws(RandomDraws value) {
      draws = value;
      return this;
    }

    public NoiseTunnel build() {
      return new NoiseTunnel(this);
    }
  }
}
