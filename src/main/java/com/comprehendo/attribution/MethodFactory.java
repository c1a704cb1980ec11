package com.comprehendo.attribution;

import com.comprehendo.data.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds any method from its id and parameters under Captum's argument names, given as text (as on the
 * command line or in a saved provenance record). Parameters a method does not take are refused by name,
 * so a typo never silently falls back to a default.
 *
 * <pre>{@code
 * AttributionMethod ig = MethodFactory.create("ig", Map.of("n_steps", "200", "method", "riemann_trapezoid"));
 * }</pre>
 */
public final class MethodFactory {

  /** The method ids, in the order the UI lists them. */
  public static final List<String> METHOD_IDS =
      List.of("ig", "noise-tunnel", "occlusion", "gradient-shap", "saliency", "input-x-gradient");

  private static final Set<String> IG = Set.of("n_steps", "method", "baselines", "internal_batch_size", "multiply_by_inputs");
  /** Not Captum's: IG to a precision (see {@link PrecisionIntegratedGradients}); plain IG only. */
  private static final String TOLERANCE = "tolerance";
  private static final Set<String> OCCLUSION = Set.of("sliding_window_shapes", "strides", "baselines", "perturbations_per_eval");
  private static final Set<String> SALIENCY = Set.of("abs");
  private static final Set<String> NOISE_TUNNEL = Set.of("nt_type", "nt_samples", "nt_samples_batch_size", "stdevs", "nt_inner", "seed");
  private static final Set<String> GRADIENT_SHAP = Set.of("baselines", "n_samples", "stdevs", "seed");

  private MethodFactory() {}

  /** The parameters {@code methodId} accepts (for NoiseTunnel, with those of {@code nt_inner}). */
  public static Set<String> acceptedParameters(String methodId, String ntInner) {
    Set<String> accepted = new TreeSet<>();
    switch (normalizeId(methodId)) {
      case "ig":
        accepted.addAll(IG);
        if (ntInner == null) {
          accepted.add(TOLERANCE);
        }
        break;
      case "occlusion":
        accepted.addAll(OCCLUSION);
        break;
      case "saliency":
        accepted.addAll(SALIENCY);
        break;
      case "input-x-gradient":
        break;
      case "gradient-shap":
        accepted.addAll(GRADIENT_SHAP);
        break;
      case "noise-tunnel":
        accepted.addAll(NOISE_TUNNEL);
        accepted.addAll(acceptedParameters(ntInner == null ? "ig" : ntInner, null));
        accepted.remove(TOLERANCE); // each noisy sample would stop at a different step count
        break;
      default:
        throw new IllegalArgumentException(unknownMethod(methodId));
    }
    return accepted;
  }

  /**
   * Creates a method.
   *
   * @param methodId one of {@link #METHOD_IDS} (underscores are accepted for hyphens)
   * @param parameters Captum argument names to values as text; {@code baselines} is a number or the
   *     path of a {@code .npy}
   * @throws IllegalArgumentException naming the parameter at fault and what is allowed
   */
  public static AttributionMethod create(String methodId, Map<String, String> parameters) {
    String id = normalizeId(methodId);
    String inner = parameters.get("nt_inner");
    if (inner != null && !id.equals("noise-tunnel")) {
      throw new IllegalArgumentException("nt_inner applies only to noise-tunnel");
    }
    Set<String> accepted = acceptedParameters(id, inner);
    for (String key : parameters.keySet()) {
      if (!accepted.contains(key)) {
        throw new IllegalArgumentException(
            key + " does not apply to " + id + (id.equals("noise-tunnel") ? " over " + (inner == null ? "ig" : inner) : "")
                + " (its parameters: " + String.join(", ", accepted) + ")");
      }
    }
    Params p = new Params(parameters);
    switch (id) {
      case "ig":
        return p.has(TOLERANCE) ? integratedGradientsToPrecision(p) : integratedGradients(p);
      case "occlusion":
        return occlusion(p);
      case "saliency":
        return new Saliency(p.bool("abs", true));
      case "input-x-gradient":
        return new InputXGradient();
      case "gradient-shap":
        return gradientShap(p);
      case "noise-tunnel":
        return noiseTunnel(p, inner == null ? "ig" : normalizeId(inner));
      default:
        throw new IllegalArgumentException(unknownMethod(methodId));
    }
  }

  private static IntegratedGradients integratedGradients(Params p) {
    IntegratedGradients.Builder builder = IntegratedGradients.builder();
    if (p.has("n_steps")) {
      builder.optSteps(p.integer("n_steps"));
    }
    if (p.has("method")) {
      builder.optRule(p.parse("method", IntegrationRule::parse));
    }
    if (p.has("baselines")) {
      builder.optBaseline(p.baseline());
    }
    if (p.has("internal_batch_size")) {
      builder.optInternalBatchSize(p.integer("internal_batch_size"));
    }
    builder.optMultiplyByInputs(p.bool("multiply_by_inputs", true));
    return p.build("IG", builder::build);
  }

  /**
   * IG with {@code tolerance}: rounds of 16, 32, … steps until |δ| ≤ tolerance × |F(x) − F(b)|, with
   * {@code n_steps} (default 50, as for plain IG) as the most steps a round may use, so a run never
   * costs more than about twice the fixed-step one.
   */
  private static AttributionMethod integratedGradientsToPrecision(Params p) {
    double tolerance = p.number(TOLERANCE);
    IntegratedGradients base = integratedGradients(p);
    return p.build(TOLERANCE, () -> PrecisionIntegratedGradients.builder()
        .optBase(base)
        .optTolerance(tolerance)
        .optStartSteps(Math.min(16, Math.max(2, base.steps())))
        .optMaxSteps(Math.max(2, base.steps()))
        .build());
  }

  private static Occlusion occlusion(Params p) {
    if (!p.has("sliding_window_shapes")) {
      throw new IllegalArgumentException("sliding_window_shapes is required for occlusion (e.g. 3,15,15)");
    }
    Occlusion.Builder builder = p.build("sliding_window_shapes", () -> Occlusion.builder(p.ints("sliding_window_shapes")));
    if (p.has("strides")) {
      p.build("strides", () -> builder.optStrides(p.ints("strides")));
    }
    if (p.has("baselines")) {
      builder.optBaseline(p.baseline());
    }
    if (p.has("perturbations_per_eval")) {
      builder.optPerturbationsPerEval(p.integer("perturbations_per_eval"));
    }
    return builder.build();
  }

  private static GradientShap gradientShap(Params p) {
    if (!p.has("baselines")) {
      throw new IllegalArgumentException("baselines is required for gradient-shap: a .npy of K baselines (K, C, H, W)");
    }
    GradientShap.Builder builder = GradientShap.builder(p.baselineDistribution());
    if (p.has("n_samples")) {
      builder.optSamples(p.integer("n_samples"));
    }
    if (p.has("stdevs")) {
      builder.optStdevs((float) p.number("stdevs"));
    }
    if (p.has("seed")) {
      builder.optSeed(p.longValue("seed"));
    }
    return p.build("gradient-shap", builder::build);
  }

  private static NoiseTunnel noiseTunnel(Params p, String inner) {
    Map<String, String> innerParameters = new LinkedHashMap<>(p.values);
    NOISE_TUNNEL.forEach(innerParameters::remove);
    if (!List.of("ig", "saliency", "input-x-gradient").contains(inner)) {
      throw new IllegalArgumentException("nt_inner: '" + inner + "' is not allowed (allowed: ig, saliency, input-x-gradient)");
    }
    NoiseTunnel.Builder builder = NoiseTunnel.builder(create(inner, innerParameters));
    if (p.has("nt_type")) {
      builder.optType(p.parse("nt_type", NoiseTunnelType::parse));
    }
    if (p.has("nt_samples")) {
      builder.optSamples(p.integer("nt_samples"));
    }
    if (p.has("nt_samples_batch_size")) {
      builder.optSamplesBatchSize(p.integer("nt_samples_batch_size"));
    }
    if (p.has("stdevs")) {
      builder.optStdevs((float) p.number("stdevs"));
    }
    if (p.has("seed")) {
      builder.optSeed(p.longValue("seed"));
    }
    return p.build("noise-tunnel", builder::build);
  }

  private static String normalizeId(String methodId) {
    String id = methodId.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    switch (id) {
      case "integrated-gradients":
        return "ig";
      case "nt":
      case "noisetunnel":
        return "noise-tunnel";
      case "gradientshap":
        return "gradient-shap";
      case "inputxgradient":
        return "input-x-gradient";
      default:
        return id;
    }
  }

  private static String unknownMethod(String methodId) {
    return "unknown method '" + methodId + "' (allowed: " + String.join(", ", METHOD_IDS) + ")";
  }

  /** Typed access to text parameters, with errors that name the parameter. */
  private static final class Params {
    private final Map<String, String> values;

    Params(Map<String, String> values) {
      this.values = values;
    }

    boolean has(String key) {
      return values.containsKey(key) && values.get(key) != null;
    }

    int integer(String key) {
      try {
        return Integer.parseInt(values.get(key).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not a whole number");
      }
    }

    long longValue(String key) {
      try {
        return Long.parseLong(values.get(key).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not a whole number");
      }
    }

    double number(String key) {
      try {
        return Double.parseDouble(values.get(key).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not a number");
      }
    }

    boolean bool(String key, boolean fallback) {
      if (!has(key)) {
        return fallback;
      }
      String value = values.get(key).trim().toLowerCase(Locale.ROOT);
      if (value.equals("true")) {
        return true;
      }
      if (value.equals("false")) {
        return false;
      }
      throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not allowed (allowed: true, false)");
    }

    int[] ints(String key) {
      try {
        return Arrays.stream(values.get(key).split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not a comma-separated list of whole numbers");
      }
    }

    <T> T parse(String key, java.util.function.Function<String, T> parser) {
      try {
        return parser.apply(values.get(key));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
      }
    }

    <T> T build(String key, java.util.function.Supplier<T> builder) {
      try {
        return builder.get();
      } catch (IllegalArgumentException e) {
        throw e.getMessage().startsWith(key) ? e : new IllegalArgumentException(e.getMessage(), e);
      }
    }

    /** A number, or the path of a {@code .npy} tensor. */
    Baseline baseline() {
      String text = values.get("baselines").trim();
      try {
        return Baseline.constant(Float.parseFloat(text));
      } catch (NumberFormatException notANumber) {
        return Baseline.tensor(readNpy(text));
      }
    }

    NpyArray baselineDistribution() {
      String text = values.get("baselines").trim();
      try {
        float value = Float.parseFloat(text);
        throw new IllegalArgumentException(
            "baselines: gradient-shap needs a distribution of baselines as a .npy of shape (K, C, H, W), not the number " + value);
      } catch (NumberFormatException notANumber) {
        return readNpy(text);
      }
    }

    private static NpyArray readNpy(String text) {
      Path file = Path.of(text);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("baselines: '" + text + "' is neither a number nor an existing .npy file");
      }
      try {
        return NpyArray.read(file);
      } catch (IOException e) {
        throw new IllegalArgumentException("baselines: " + e.getMessage(), e);
      }
    }
  }
}
