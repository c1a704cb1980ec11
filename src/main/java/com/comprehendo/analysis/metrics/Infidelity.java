package com.comprehendo.analysis.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.Targets;

/**
 * Explanation infidelity (Yeh, Hsieh, Suggala, Inouye and Ravikumar, "On the (In)fidelity and
 * Sensitivity of Explanations", NeurIPS 2019), as Captum 0.8's {@code captum.metrics.infidelity}
 * computes it: the mean over perturbations I of {@code (Σ a ⊙ I − (F_t(x) − F_t(x − I)))²}, where F_t
 * is the model's raw target output. With {@code normalize} the attribution is first scaled by the
 * β that minimizes that mean, {@code β = E[s·Δ] / E[s²]}, so the value no longer depends on the
 * attribution's scale. Lower is better; 0 means the attribution predicts every perturbation's effect.
 *
 * <p>Captum's float32 operations in Captum's order, on the engine: the products and their sum per
 * sample, the differences of the outputs, the sums over samples and β's arithmetic are float32 as
 * there. What cannot be matched is the model's own rounding: F_t(x) − F_t(x − I) is a difference of
 * two nearly equal outputs (for I ~ N(0, 0.1²) on the reference model, 5·10⁻⁴ between logits of
 * 0.1), so one float32 ulp of a logit (7·10⁻⁹ there) moves the value by about 2·10⁻⁵ relative; see
 * docs/metrics.md for what that means for agreement with Captum.
 *
 * <p>Perturbations are drawn in chunks that the memory budget bounds (Captum's {@code
 * max_examples_per_batch}, summed chunk by chunk as Captum aggregates them); progress counts model
 * passes (images), and cancelling stops between chunks.
 *
 * <pre>{@code
 * double value = new Infidelity(10, false).run(model, input, attribution, target,
 *     Perturbations.gaussian(0.1f, 0), context);
 * }</pre>
 *
 * @param samples Captum's {@code n_perturb_samples}, at least 1
 * @param normalize Captum's {@code normalize}
 */
public record Infidelity(int samples, boolean normalize) {

  /** Captum's default {@code n_perturb_samples}. */
  public static final int DEFAULT_SAMPLES = 10;

  /** The perturbations' standard deviation when none is given, in the model's normalized input space. */
  public static final float DEFAULT_STDEV = 0.1f;

  public Infidelity {
    if (samples < 1) {
      throw new IllegalArgumentException("n_perturb_samples must be at least 1, got " + samples);
    }
  }

  /**
   * Computes the infidelity of one image's attribution.
   *
   * @param model the classifier
   * @param input shape (1, C, H, W) on the model's device; not modified
   * @param attribution the input's shape, row-major
   * @param target the explained class
   * @param perturbations the I of each sample; the perturbed input is {@code x − I}
   * @param context progress (passes done / total), cancellation, memory budget
   * @throws com.comprehendo.job.CancelledException when cancelled
   */
  public double run(
      DifferentiableClassifier model, NDArray input, float[] attribution, int target, Perturbations perturbations,
      AttributionContext context) {
    Shape shape = input.getShape();
    MetricInputs.requireOneImage(shape, "infidelity");
    MetricInputs.requireTarget(model, target);
    int rowSize = Math.toIntExact(shape.size());
    if (attribution.length != rowSize) {
      throw new IllegalArgumentException("the attribution has " + attribution.length + " values but the input "
          + shape + " has " + rowSize + "; infidelity needs the input's shape");
    }
    int chunk = Math.min(samples, context.budget().maxRows(rowSize, false));
    long total = 1L + samples;
    NDManager scope = input.getManager();
    try (NDManager job = scope.newSubManager()) {
      NDArray attributions = job.create(attribution, shape);
      NDArray original = MetricInputs.targetOutputs(job, model, input, new int[] {target});
      context.progress().onProgress(1, total);
      float[] sums = null;
      for (int done = 0; done < samples; ) {
        context.cancellation().throwIfCancelled();
        int count = Math.min(chunk, samples - done);
        try (NDManager pass = job.newSubManager()) {
          NDArray noise = pass.create(perturbations.next(count, rowSize), new Shape(count).addAll(shape.slice(1)));
          // Every operation led by an array of this pass, so that its result is freed with the pass; −I + x
          // and −F + F₀ are x − I and F₀ − F exactly (negation is exact), a ⊙ I is I ⊙ a.
          NDArray perturbed = noise.neg().add(input);
          NDArray outputs = MetricInputs.targetOutputs(pass, model, perturbed, Targets.tile(new int[] {target}, count));
          NDArray differences = outputs.neg().add(original);
          NDArray products = noise.mul(attributions).reshape(count, -1).sum(new int[] {1});
          float[] chunkSums = normalize
              ? new float[] {
                  products.pow(2).sum().getFloat(),
                  products.mul(differences).sum().getFloat(),
                  differences.pow(2).sum().getFloat()}
              : new float[] {products.sub(differences).pow(2).sum().getFloat()};
          sums = add(sums, chunkSums);
        }
        done += count;
        context.progress().onProgress(1L + done, total);
      }
      return value(sums);
    }
  }

  /** Captum's aggregation of chunk sums: {@code agg + t}, in float32. */
  private static float[] add(float[] sums, float[] chunk) {
    if (sums == null) {
      return chunk;
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] += chunk[i];
    }
    return sums;
  }

  /**
   * The infidelity from the sums over samples, in float32 as Captum's tensors: {@code s²}, {@code s·Δ},
   * {@code Δ²} (normalized) or {@code (s − Δ)²}.
   */
  private float value(float[] sums) {
    float infidelity;
    if (normalize) {
      // safe_div: a zero denominator is replaced by 1.
      float beta = sums[1] / (sums[0] != 0f ? sums[0] : 1f);
      infidelity = beta * beta * sums[0] - 2 * beta * sums[1] + sums[2];
    } else {
      infidelity = sums[0];
    }
    return infidelity / samples;
  }
}
