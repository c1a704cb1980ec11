package com.comprehendo.cli;

import com.comprehendo.analysis.metrics.CurveKind;
import com.comprehendo.analysis.metrics.Infidelity;
import com.comprehendo.analysis.metrics.SensitivityMax;
import java.util.Map;

/**
 * {@code evaluate}'s numbers, checked before the model loads: the curve's baseline and step, the
 * perturbations' count, spread and seed, the cascade's depth.
 *
 * @param step pixels per iteration, or {@code null} for the metric's default (H·W/100)
 */
record EvaluateSettings(String baselines, Integer step, int samples, float stdev, float radius, long seed, int depth) {

  /** The most perturbations one run may ask for: beyond it the run would not end in a working day. */
  static final int MAX_PERTURB_SAMPLES = 100_000;

  /**
   * @param given the method options given ({@code --baselines}, {@code --stdevs}, {@code --seed} among them)
   * @param step {@code --step}, or null
   * @param perturbSamples {@code --n-perturb-samples}, or null
   * @param perturbRadius {@code --perturb-radius}, or null
   * @param cascadeDepth {@code --cascade-depth}, or null
   */
  static EvaluateSettings read(EvaluateMetric chosen, Map<String, String> given, Integer step, Integer perturbSamples,
      Double perturbRadius, Integer cascadeDepth) throws CommandFailure {
    String baselines = chosen.isCurve() && given.containsKey("baselines")
        ? given.get("baselines")
        : chosen == EvaluateMetric.INSERTION ? CurveKind.INSERTION.defaultBaseline() : CurveKind.DELETION.defaultBaseline();
    int samples = perturbSamples == null ? Infidelity.DEFAULT_SAMPLES : perturbSamples;
    if (samples < 1 || samples > MAX_PERTURB_SAMPLES) {
      throw CommandFailure.usage("--n-perturb-samples: must be 1.." + MAX_PERTURB_SAMPLES + ", got " + samples);
    }
    if (step != null && step < 1) {
      throw CommandFailure.usage("--step: must be at least 1 pixel, got " + step);
    }
    float stdev = Infidelity.DEFAULT_STDEV;
    if (chosen == EvaluateMetric.INFIDELITY && given.containsKey("stdevs")) {
      stdev = positive(given.get("stdevs"), "--stdevs");
    }
    float radius = SensitivityMax.DEFAULT_RADIUS;
    if (perturbRadius != null) {
      radius = positive(Double.toString(perturbRadius), "--perturb-radius");
    }
    long seed = 0;
    if (given.containsKey("seed")) {
      try {
        seed = Long.parseLong(given.get("seed").trim());
      } catch (NumberFormatException e) {
        throw CommandFailure.usage("--seed: '" + given.get("seed") + "' is not a whole number");
      }
    }
    int depth = cascadeDepth == null ? Integer.MAX_VALUE : cascadeDepth;
    if (depth < 1) {
      throw CommandFailure.usage("--cascade-depth: must be at least 1, got " + depth);
    }
    return new EvaluateSettings(baselines, step, samples, stdev, radius, seed, depth);
  }

  private static float positive(String text, String option) throws CommandFailure {
    float value;
    try {
      value = Float.parseFloat(text.trim());
    } catch (NumberFormatException e) {
      throw CommandFailure.usage(option + ": '" + text + "' is not a number");
    }
    if (!(value > 0) || Float.isInfinite(value)) {
      throw CommandFailure.usage(option + ": must be a positive finite number, got " + text);
    }
    return value;
  }
}
