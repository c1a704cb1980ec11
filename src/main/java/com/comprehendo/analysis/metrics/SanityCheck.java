package com.comprehendo.analysis.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.model.RandomizableClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The cascading model-parameter randomization test (Adebayo, Gilmer, Muelly, Goodfellow, Hardt and
 * Kim, "Sanity Checks for Saliency Maps", NeurIPS 2018): randomize the model's parameters module by
 * module from the output back (the head first, then the last stages), explain again after each, and
 * compare each map with the original by Spearman's rank correlation. A method that depends on what the
 * model learnt loses the correlation quickly; one whose map barely changes shows the image, not the
 * model (the paper's finding for Guided Backprop).
 *
 * <p>The maps are compared as the explorer shows them: summed over channels, once signed and once in
 * absolute value (the paper reports both). Modules are the model's parameter groups ({@link
 * RandomizableClassifier#parameterGroups()}); each is re-drawn from a normal distribution with its
 * own root-mean-square scale and seed {@code seed + step}. The model's parameters are restored
 * afterwards, also when the run fails or is cancelled.
 *
 * <pre>{@code
 * List<SanityCheck.Step> steps = new SanityCheck(Integer.MAX_VALUE, 0)
 *     .run(model, new Saliency(), input, target, context);
 * steps.get(0).spearman(); // after randomizing the head
 * }</pre>
 *
 * @param depth how many modules to randomize, from the output back (capped at the model's count)
 * @param seed the first module's seed
 */
public record SanityCheck(int depth, long seed) {

  /**
   * One step of the cascade.
   *
   * @param randomized the module randomized in this step (those of earlier steps stay randomized)
   * @param spearman the rank correlation of the channel-summed maps before and after
   * @param spearmanAbsolute the same of their absolute values
   */
  public record Step(String randomized, double spearman, double spearmanAbsolute) {}

  public SanityCheck {
    if (depth < 1) {
      throw new IllegalArgumentException("the cascade needs at least one module, got " + depth);
    }
  }

  /**
   * Runs the cascade.
   *
   * @param model the classifier; its parameters are changed during the run and restored at the end
   * @param method the explanation judged, with its parameters
   * @param input shape (1, C, H, W) on the model's device
   * @param target the explained class
   * @param context progress (maps done / total), cancellation, memory budget
   * @throws com.comprehendo.job.CancelledException when cancelled (the parameters are restored)
   */
  public List<Step> run(
      RandomizableClassifier model, AttributionMethod method, NDArray input, int target, AttributionContext context) {
    Shape shape = input.getShape();
    MetricInputs.requireOneImage(shape, "the sanity check");
    MetricInputs.requireTarget(model, target);
    List<String> groups = model.parameterGroups();
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("the model has no parameters to randomize");
    }
    int steps = Math.min(depth, groups.size());
    int pixels = Math.toIntExact(shape.get(2) * shape.get(3));
    AttributionContext quiet = context.withProgress((done, total) -> { });
    List<Step> result = new ArrayList<>();
    try {
      float[] before = map(model, method, input, target, quiet, pixels);
      float[] beforeAbsolute = absolute(before);
      context.progress().onProgress(1, steps + 1L);
      for (int step = 0; step < steps; step++) {
        context.cancellation().throwIfCancelled();
        String group = groups.get(groups.size() - 1 - step);
        model.randomize(group, seed + step);
        float[] after = map(model, method, input, target, quiet, pixels);
        result.add(new Step(group, RankCorrelation.spearman(before, after),
            RankCorrelation.spearman(beforeAbsolute, absolute(after))));
        context.progress().onProgress(step + 2L, steps + 1L);
      }
    } finally {
      model.restoreParameters();
    }
    return result;
  }

  private static float[] map(
      RandomizableClassifier model, AttributionMethod method, NDArray input, int target, AttributionContext context,
      int pixels) {
    try (NDManager scope = input.getManager().newSubManager()) {
      NDArray values = method.attribute(model, input, new int[] {target}, context).values();
      values.attach(scope);
      float[] attribution = values.toFloatArray();
      return PixelOrder.saliency(attribution, attribution.length / pixels, pixels);
    }
  }

  private static float[] absolute(float[] values) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = Math.abs(values[i]);
    }
    return result;
  }
}
