package com.comprehendo.analysis.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.Targets;

/**
 * Max-sensitivity (Yeh, Hsieh, Suggala, Inouye and Ravikumar, "On the (In)fidelity and Sensitivity of
 * Explanations", NeurIPS 2019), as Captum 0.8's {@code captum.metrics.sensitivity_max} computes it
 * with its default perturbation: the method is run again on {@code x + δ} for δ drawn uniformly from
 * the L∞ ball of radius {@code perturb_radius}, and the value is the largest {@code ‖Φ(x) − Φ(x + δ)‖_F
 * / ‖Φ(x)‖_F} (a zero norm counts as 1). Lower is better: a map that changes a lot under a change the
 * eye cannot see is fragile.
 *
 * <p>The method judged is re-run with all its parameters (and seeds) on the perturbed inputs, as
 * Captum calls {@code explanation_func(inputs_perturbed, **kwargs)}. The norms and differences are
 * float32 on the engine, as Captum's.
 *
 * <pre>{@code
 * double value = new SensitivityMax(10).run(model, new Saliency(), input, target,
 *     Perturbations.uniform(0.02f, 0), context);
 * }</pre>
 *
 * @param samples Captum's {@code n_perturb_samples}, at least 1
 */
public record SensitivityMax(int samples) {

  /** Captum's default {@code n_perturb_samples}. */
  public static final int DEFAULT_SAMPLES = 10;

  /** Captum's default {@code perturb_radius}. */
  public static final float DEFAULT_RADIUS = 0.02f;

  public SensitivityMax {
    if (samples < 1) {
      throw new IllegalArgumentException("n_perturb_samples must be at least 1, got " + samples);
    }
  }

  /**
   * Computes the max-sensitivity of {@code method} at one image.
   *
   * @param model the classifier
   * @param method the explanation judged, with its parameters
   * @param input shape (1, C, H, W) on the model's device; not modified
   * @param target the explained class
   * @param perturbations the δ of each sample; the perturbed input is {@code x + δ}
   * @param context progress (model passes of the method), cancellation, memory budget
   * @throws com.comprehendo.job.CancelledException when cancelled
   */
  public double run(
      DifferentiableClassifier model, AttributionMethod method, NDArray input, int target, Perturbations perturbations,
      AttributionContext context) {
    Shape shape = input.getShape();
    MetricInputs.requireOneImage(shape, "sensitivity_max");
    MetricInputs.requireTarget(model, target);
    int rowSize = Math.toIntExact(shape.size());
    long[] rowShape = shape.slice(1).getShape();
    long perImage = method.cost(1, rowShape).total();
    long total = perImage * (1L + samples);
    int chunk = Math.min(samples, context.budget().maxRows(rowSize, false));
    float max = Float.NEGATIVE_INFINITY;
    try (NDManager job = input.getManager().newSubManager()) {
      NDArray explanation = method.attribute(model, input, new int[] {target}, offset(context, 0, total)).values();
      explanation.attach(job);
      NDArray flatExplanation = explanation.reshape(1, -1);
      float norm = flatExplanation.square().sum().sqrt().getFloat();
      float denominator = norm == 0f ? 1f : norm;
      for (int done = 0; done < samples; ) {
        context.cancellation().throwIfCancelled();
        int count = Math.min(chunk, samples - done);
        try (NDManager pass = job.newSubManager()) {
          NDArray noise = pass.create(perturbations.next(count, rowSize), new Shape(count).addAll(shape.slice(1)));
          NDArray perturbed = noise.add(input);
          AttributionContext within = offset(context, perImage * (1L + done), total);
          NDArray perturbedExplanation = method.attribute(model, perturbed, Targets.tile(new int[] {target}, count), within)
              .values();
          perturbedExplanation.attach(pass);
          // Φ(x) − Φ(x + δ) as −Φ(x + δ) + Φ(x) (the same float), led by this pass's array.
          NDArray differences = perturbedExplanation.reshape(count, -1).neg().add(flatExplanation);
          float[] norms = differences.square().sum(new int[] {1}).sqrt().div(denominator).toFloatArray();
          for (float value : norms) {
            max = Float.isNaN(value) || Float.isNaN(max) ? Float.NaN : Math.max(max, value);
          }
        }
        done += count;
      }
    }
    return max;
  }

  /** The context with progress shifted by {@code done} passes of {@code total}. */
  private static AttributionContext offset(AttributionContext context, long done, long total) {
    ProgressListener outer = context.progress();
    return context.withProgress((passes, ignored) -> outer.onProgress(Math.min(total, done + passes), total));
  }
}
