package com.comprehendo.ui.service;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodFactory;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.data.Preprocessing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the explorer shows about each attribution method: a readable name, a one-line description, and
 * the parameter editors with their defaults: Captum's, except where Captum has none (the occlusion
 * window is sized from the input; GradientSHAP gets a black/mean/white baseline file) and NoiseTunnel,
 * which wraps Saliency (classic SmoothGrad, 5 passes) rather than the engine's IG (250 passes). Parameter names are exactly those
 * {@link MethodFactory#acceptedParameters} lists, so the editor can never offer one the engine
 * refuses.
 */
public final class MethodCatalog {

  /** The methods NoiseTunnel can wrap, as {@code nt_inner}. */
  public static final List<String> NOISE_TUNNEL_INNER = List.of("saliency", "ig", "input-x-gradient");

  /** The baselines IG and Occlusion offer: Black first, as the easy choice; Captum's 0 stays the default. */
  private static final List<BaselineForm.Kind> ALL_BASELINES = List.of(BaselineForm.Kind.values());

  /** GradientSHAP draws from a distribution: a file of K baselines or one per image, not a bare number. */
  private static final List<BaselineForm.Kind> GRADIENT_SHAP_BASELINES = List.of(
      BaselineForm.Kind.BLACK, BaselineForm.Kind.BLUR, BaselineForm.Kind.NOISE, BaselineForm.Kind.FILE);

  private MethodCatalog() {}

  /** The method ids in the order the UI lists them. */
  public static List<String> methodIds() {
    return MethodFactory.METHOD_IDS;
  }

  /** E.g. "Integrated Gradients". */
  public static String displayName(String methodId) {
    switch (methodId) {
      case "ig":
        return "Integrated Gradients";
      case "noise-tunnel":
        return "NoiseTunnel (SmoothGrad)";
      case "occlusion":
        return "Occlusion";
      case "gradient-shap":
        return "GradientSHAP";
      case "saliency":
        return "Saliency";
      case "input-x-gradient":
        return "Input × Gradient";
      default:
        return methodId;
    }
  }

  /** A one-line description for the method's tooltip. */
  public static String description(String methodId) {
    switch (methodId) {
      case "ig":
        return "Gradients integrated from a baseline to the image (Sundararajan et al. 2017).";
      case "noise-tunnel":
        return "Another method averaged over noisy copies of the image (Smilkov et al. 2017).";
      case "occlusion":
        return "How much the score drops when each window is hidden (Zeiler & Fergus 2014).";
      case "gradient-shap":
        return "Expected gradients from random baselines: approximate SHAP values (Lundberg & Lee 2017).";
      case "saliency":
        return "The gradient of the class score for each pixel (Simonyan et al. 2013).";
      case "input-x-gradient":
        return "The gradient times the input: a first-order contribution per pixel.";
      default:
        return "";
    }
  }

  /**
   * The parameter editors for a method, in display order.
   *
   * @param ntInner for noise-tunnel, the wrapped method (its parameters follow NoiseTunnel's own)
   * @param input the model's preprocessing, to size occlusion windows
   * @param gradientShapBaselines the default baseline file for GradientSHAP; may be null
   */
  public static List<ParameterSpec> parameters(
      String methodId, String ntInner, Preprocessing input, Path gradientShapBaselines) {
    List<ParameterSpec> specs = new ArrayList<>();
    switch (methodId) {
      case "ig":
        specs.add(ParameterSpec.integer("n_steps", "50", "points on the path from baseline to image"));
        specs.add(ParameterSpec.optionalNumber("tolerance",
            "stop early once |δ| ≤ this × |F(x) − F(baseline)| (e.g. 0.01), trying 16, 32, … up to n_steps; blank: always n_steps"));
        specs.add(ParameterSpec.choice("method",
            List.of("gausslegendre", "riemann_trapezoid", "riemann_left", "riemann_right", "riemann_middle"),
            "the integration rule"));
        specs.add(ParameterSpec.baseline("baselines", "0", ALL_BASELINES,
            "the reference image the path starts from: Captum's 0, black, a blurred copy, uniform noise or a .npy"));
        specs.add(ParameterSpec.integer("internal_batch_size", "", "rows per model pass; blank: fit the memory budget"));
        specs.add(ParameterSpec.bool("multiply_by_inputs", true, "multiply by (input − baseline): Captum's default"));
        break;
      case "saliency":
        specs.add(ParameterSpec.bool("abs", true, "absolute value of the gradient"));
        break;
      case "input-x-gradient":
        break;
      case "occlusion":
        int window = occlusionWindow(input);
        int stride = Math.max(1, Math.round(window / 2f));
        int channels = input == null ? 3 : input.channels();
        specs.add(ParameterSpec.text("sliding_window_shapes", channels + "," + window + "," + window,
            "window size per (C, H, W)"));
        specs.add(ParameterSpec.text("strides", channels + "," + stride + "," + stride, "step per (C, H, W)"));
        specs.add(ParameterSpec.baseline("baselines", "0", ALL_BASELINES,
            "what replaces the occluded window: Captum's 0, black, the blurred image, uniform noise or a .npy"));
        specs.add(ParameterSpec.integer("perturbations_per_eval", "", "windows per model pass; blank: fit the memory budget"));
        break;
      case "gradient-shap":
        specs.add(ParameterSpec.baseline("baselines", gradientShapBaselines == null ? "" : gradientShapBaselines.toString(),
            GRADIENT_SHAP_BASELINES,
            "a .npy of K baselines (K, C, H, W), default black, mean and white images; or one per image: black, blurred, noise"));
        specs.add(ParameterSpec.integer("n_samples", "5", "random samples per image"));
        specs.add(ParameterSpec.number("stdevs", "0.0", "standard deviation of the noise added to each sample"));
        specs.add(ParameterSpec.integer("seed", "0", "random seed, for reproducible results"));
        break;
      case "noise-tunnel":
        String inner = ntInner == null || ntInner.isBlank() ? NOISE_TUNNEL_INNER.get(0) : ntInner;
        specs.add(new ParameterSpec("nt_inner", ParameterSpec.Kind.CHOICE, inner, NOISE_TUNNEL_INNER,
            "the method averaged over noisy samples"));
        specs.add(ParameterSpec.choice("nt_type", List.of("smoothgrad", "smoothgrad_sq", "vargrad"),
            "how the samples' attributions are combined"));
        specs.add(ParameterSpec.integer("nt_samples", "5", "noisy samples per image"));
        specs.add(ParameterSpec.number("stdevs", "1.0", "noise standard deviation, in normalized input units"));
        specs.add(ParameterSpec.integer("nt_samples_batch_size", "", "samples per pass; blank: fit the memory budget"));
        specs.add(ParameterSpec.integer("seed", "0", "random seed, for reproducible results"));
        Set<String> accepted = MethodFactory.acceptedParameters(methodId, inner);
        for (ParameterSpec spec : parameters(inner, null, input, gradientShapBaselines)) {
          if (accepted.contains(spec.name()) && specs.stream().noneMatch(s -> s.name().equals(spec.name()))) {
            specs.add(spec);
          }
        }
        break;
      default:
        throw new IllegalArgumentException("unknown method " + methodId);
    }
    return specs;
  }

  /**
   * The parameters that tell runs of a method apart, in a few words, e.g. "50 steps, gausslegendre"
   * or "smoothgrad of saliency, 5 samples"; empty for methods without parameters of note.
   */
  public static String shortSummary(MethodChoice choice) {
    Map<String, String> p = choice.parameters();
    String baseline = baselineSummary(p.get("baselines"));
    switch (choice.methodId()) {
      case "ig":
        String steps = p.containsKey("tolerance")
            ? "≤ " + p.getOrDefault("n_steps", "50") + " steps to " + p.get("tolerance")
            : p.getOrDefault("n_steps", "50") + " steps";
        return steps + ", " + p.getOrDefault("method", "gausslegendre") + baseline;
      case "noise-tunnel":
        return p.getOrDefault("nt_type", "smoothgrad") + " of " + p.getOrDefault("nt_inner", "ig") + ", "
            + p.getOrDefault("nt_samples", "5") + " samples" + baseline;
      case "occlusion":
        return "window " + spatial(p.getOrDefault("sliding_window_shapes", "?")) + ", stride "
            + spatial(p.getOrDefault("strides", "1")) + baseline;
      case "gradient-shap":
        BaselineForm.Kind kind = BaselineForm.parse(p.getOrDefault("baselines", "")).kind();
        return p.getOrDefault("n_samples", "5") + " samples" + (kind == BaselineForm.Kind.FILE ? "" : baseline);
      default:
        return "";
    }
  }

  /** ", black baseline", ", blurred baseline (σ 4)", …; empty for Captum's default 0. */
  private static String baselineSummary(String text) {
    if (text == null) {
      return "";
    }
    BaselineForm form = BaselineForm.parse(text);
    String argument = form.argument();
    switch (form.kind()) {
      case BLACK:
        return ", black baseline";
      case BLUR:
        return ", blurred baseline (σ " + (argument.isEmpty() ? BaselineForm.Kind.BLUR.defaultArgument() : argument) + ")";
      case NOISE:
        return ", noise baseline (seed " + (argument.isEmpty() ? BaselineForm.Kind.NOISE.defaultArgument() : argument) + ")";
      case FILE:
        return ", baseline " + argument.substring(Math.max(argument.lastIndexOf('/'), argument.lastIndexOf('\\')) + 1);
      default:
        return argument.isEmpty() || Float.parseFloat(argument) == 0f ? "" : ", baseline " + argument;
    }
  }

  /** "3,6,6" (C, H, W) as "6×6": the channel extent of a window is nearly always all channels. */
  private static String spatial(String chw) {
    String[] parts = chw.split(",");
    int from = parts.length == 3 ? 1 : 0;
    return String.join("×", java.util.Arrays.asList(parts).subList(from, parts.length)).replace(" ", "");
  }

  /** The method with every parameter at the editor's default, e.g. for a comparison panel. */
  public static MethodChoice defaultChoice(String methodId, Preprocessing input, Path gradientShapBaselines) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ParameterSpec spec : parameters(methodId, null, input, gradientShapBaselines)) {
      if (!spec.defaultValue().isBlank()) {
        values.put(spec.name(), spec.defaultValue());
      }
    }
    return MethodChoice.of(methodId, values);
  }

  /** The passes {@code method} takes for one image of the model's input size. */
  public static PassCount cost(AttributionMethod method, Preprocessing input) {
    return input == null ? method.cost(1) : method.cost(1, new long[] {input.channels(), input.height(), input.width()});
  }

  private static int occlusionWindow(Preprocessing input) {
    int side = input == null ? 224 : Math.min(input.height(), input.width());
    // A tenth of the side: coarse enough to stay interactive (~400 passes), fine enough to localize.
    return Math.max(2, Math.round(side / 10f));
  }
}
