package com.comprehendo.attribution;

import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
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
 * AttributionMethod blurred = MethodFactory.create("ig", Map.of("baselines", "blur:10"), spec.preprocessing());
 * }</pre>
 *
 * <p>{@code baselines} takes, besides Captum's number or tensor file, words for image baselines (see
 * {@link #BASELINE_FORMS}); {@code black} and {@code noise} are in the model's normalized input space,
 * so they need the model's {@link Preprocessing}.
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

  /** The accepted forms of {@code baselines}, in words, for help texts and error messages. */
  public static final String BASELINE_FORMS =
      "a number in normalized input space (e.g. 0); black; blur or blur:SIGMA in pixels (default "
          + number(Baseline.Blurred.DEFAULT_SIGMA) + "); noise or noise:SEED (uniform over the pixel range, default seed "
          + Baseline.UniformNoise.DEFAULT_SEED + "); or the path of a .npy file";

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
   * Creates a method without knowing the model's preprocessing: {@code baselines} may then not be
   * {@code black} or {@code noise}.
   *
   * @see #create(String, Map, Preprocessing)
   */
  public static AttributionMethod create(String methodId, Map<String, String> parameters) {
    return create(methodId, parameters, null);
  }

  /**
   * Creates a method.
   *
   * @param methodId one of {@link #METHOD_IDS} (underscores are accepted for hyphens)
   * @param parameters Captum argument names to values as text; {@code baselines} is one of {@link
   *     #BASELINE_FORMS}
   * @param input the model's preprocessing, which places {@code black} and {@code noise} in its
   *     normalized input space; null when unknown (then those two are refused)
   * @throws IllegalArgumentException naming the parameter at fault and what is allowed
   */
  public static AttributionMethod create(String methodId, Map<String, String> parameters, Preprocessing input) {
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
    Params p = new Params(parameters, input);
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
        return noiseTunnel(p, inner == null ? "ig" : normalizeId(inner), input);
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
      throw new IllegalArgumentException(
          "baselines is required for gradient-shap: a .npy of K baselines (K, C, H, W), or black, blur[:SIGMA] or noise[:SEED]");
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

  private static NoiseTunnel noiseTunnel(Params p, String inner, Preprocessing input) {
    Map<String, String> innerParameters = new LinkedHashMap<>(p.values);
    NOISE_TUNNEL.forEach(innerParameters::remove);
    if (!List.of("ig", "saliency", "input-x-gradient").contains(inner)) {
      throw new IllegalArgumentException("nt_inner: '" + inner + "' is not allowed (allowed: ig, saliency, input-x-gradient)");
    }
    NoiseTunnel.Builder builder = NoiseTunnel.builder(create(inner, innerParameters, input));
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

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static String unknownMethod(String methodId) {
    return "unknown method '" + methodId + "' (allowed: " + String.join(", ", METHOD_IDS) + ")";
  }

  /** Typed access to text parameters, with errors that name the parameter. */
  private static final class Params {
    private final Map<String, String> values;
    private final Preprocessing input;

    Params(Map<String, String> values, Preprocessing input) {
      this.values = values;
      this.input = input;
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

    /** A number, a word for an image baseline, or the path of a {@code .npy} tensor. */
    Baseline baseline() {
      String text = values.get("baselines").trim();
      try {
        return Baseline.constant(Float.parseFloat(text));
      } catch (NumberFormatException notANumber) {
        return imageBaseline(text).orElseGet(() -> Baseline.tensor(readNpy(text)));
      }
    }

    /** For GradientShap: a .npy of K baselines, or one image baseline per input; not a number. */
    Baseline baselineDistribution() {
      String text = values.get("baselines").trim();
      try {
        float value = Float.parseFloat(text);
        throw new IllegalArgumentException(
            "baselines: gradient-shap needs a distribution of baselines as a .npy of shape (K, C, H, W), or black, "
                + "blur[:SIGMA] or noise[:SEED] as one baseline per image; not the number " + value);
      } catch (NumberFormatException notANumber) {
        return imageBaseline(text).orElseGet(() -> Baseline.tensor(readNpy(text)));
      }
    }

    /** black, blur, blur:SIGMA, noise, noise:SEED (any case); empty for anything else. */
    private java.util.Optional<Baseline> imageBaseline(String text) {
      String lower = text.toLowerCase(Locale.ROOT);
      int colon = lower.indexOf(':');
      String word = colon < 0 ? lower : lower.substring(0, colon).trim();
      String argument = colon < 0 ? null : lower.substring(colon + 1).trim();
      switch (word) {
        case "black":
          if (argument != null) {
            throw new IllegalArgumentException("baselines: '" + text + "': black takes no argument (accepted: " + BASELINE_FORMS + ")");
          }
          return java.util.Optional.of(Baseline.black(requireInput(text)));
        case "blur":
          double sigma = Baseline.Blurred.DEFAULT_SIGMA;
          if (argument != null) {
            try {
              sigma = Double.parseDouble(argument);
            } catch (NumberFormatException e) {
              sigma = Double.NaN;
            }
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
              throw new IllegalArgumentException(
                  "baselines: '" + text + "': the blur sigma must be a positive number of pixels, e.g. blur:10");
            }
          }
          return java.util.Optional.of(Baseline.blurred(sigma));
        case "noise":
          long seed = Baseline.UniformNoise.DEFAULT_SEED;
          if (argument != null) {
            try {
              seed = Long.parseLong(argument);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("baselines: '" + text + "': the noise seed must be a whole number, e.g. noise:0");
            }
          }
          return java.util.Optional.of(Baseline.uniformNoise(requireInput(text), seed));
        default:
          return java.util.Optional.empty();
      }
    }

    private Preprocessing requireInput(String text) {
      if (input == null) {
        throw new IllegalArgumentException("baselines: '" + text + "' is in the model's normalized input space, "
            + "which needs the model's preprocessing (mean and std); it is not known here");
      }
      return input;
    }

    private static NpyArray readNpy(String text) {
      Path file = Path.of(text);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "baselines: '" + text + "' is neither a number nor an existing .npy file (accepted: " + BASELINE_FORMS + ")");
      }
      try {
        return NpyArray.read(file);
      } catch (IOException e) {
        throw new IllegalArgumentException("baselines: " + e.getMessage(), e);
      }
    }
  }
}
