package com.comprehendo.attribution;

import com.comprehendo.attribution.MethodDescriptor.Estimates;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.model.LayerMaps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The six methods Comprehendo ships, declared for the {@link MethodRegistry}: Captum's argument names
 * and defaults, with the explorer's own starting values where Captum has none (the occlusion window is
 * sized from the input; GradientSHAP starts from black, mean and white) or where a faster one shows the
 * method better (NoiseTunnel over Saliency, classic SmoothGrad: 5 passes, not IG's 250).
 */
public final class BuiltInMethods {

  /** What a size-like parameter may be at most: each unit is at least one model row. */
  static final int MAX_PASSES_PARAMETER = 100_000;

  private static final String TOO_MANY = "each is a model row per image: more would run for hours";

  /** The methods NoiseTunnel can wrap, as {@code nt_inner}, in the order the explorer offers them. */
  public static final List<String> NOISE_TUNNEL_INNER = List.of("saliency", "ig", "input-x-gradient");

  private static final List<BaselineKind> IMAGE_BASELINES = List.of(
      BaselineKind.BLACK, BaselineKind.CONSTANT, BaselineKind.BLUR, BaselineKind.NOISE, BaselineKind.FILE);

  /** GradientSHAP draws from a distribution: a file of K baselines or one per image, not a bare number. */
  private static final List<BaselineKind> DISTRIBUTIONS = List.of(
      BaselineKind.BLACK_MEAN_WHITE, BaselineKind.BLACK, BaselineKind.BLUR, BaselineKind.NOISE, BaselineKind.FILE);

  private static final ParameterSpec N_STEPS = ParameterSpec.integer("n_steps").engineDefault("50")
      .help("points on the path from baseline to image").bounds(1, MAX_PASSES_PARAMETER, TOO_MANY).build();
  private static final ParameterSpec TOLERANCE = ParameterSpec.number("tolerance").blankText("off").above(0)
      .paramLabel("REL").help("not Captum's: stop early once |δ| ≤ this × |F(x) − F(baseline)| (e.g. 0.01), trying"
          + " 16, 32, … steps up to n_steps; off unless given").build();
  private static final ParameterSpec RULE = ParameterSpec.choice("method",
          List.of("gausslegendre", "riemann_trapezoid", "riemann_left", "riemann_right", "riemann_middle"))
      .option("--ig-method").paramLabel("RULE").parser(IntegrationRule::parse).help("the integration rule").build();
  private static final ParameterSpec IG_BASELINES = ParameterSpec.baseline("baselines", IMAGE_BASELINES)
      .engineDefault("0").help("the reference image the path starts from (in normalized input space)").build();
  private static final ParameterSpec INTERNAL_BATCH_SIZE = ParameterSpec.integer("internal_batch_size")
      .help("rows per model pass; unless given, within the memory budget (IG: the fastest measured)").atLeast(1)
      .build();
  private static final ParameterSpec MULTIPLY_BY_INPUTS = ParameterSpec.bool("multiply_by_inputs").engineDefault("true")
      .help("multiply by (input − baseline)").build();
  private static final ParameterSpec ABS = ParameterSpec.bool("abs").engineDefault("true")
      .help("absolute value of the gradient").build();
  private static final ParameterSpec SEED = ParameterSpec.integer("seed").engineDefault("0").longRange()
      .help("random seed, for reproducible results").build();

  private BuiltInMethods() {}

  /** The methods, in the order the explorer lists them. */
  public static List<MethodDescriptor> all() {
    return List.of(integratedGradients(), noiseTunnel(), occlusion(), gradientShap(), saliency(), inputXGradient(),
        gradCam(), ClassActivationMaps.gradCamPlusPlus(), ClassActivationMaps.hiResCam(), ClassActivationMaps.scoreCam(),
        ClassActivationMaps.layerCam(), layerIntegratedGradients(), layerConductance(), layerGradientXActivation());
  }

  // ---- layer methods: they need a model split into features and head (see ModelLayer) ----

  // Suggested by name (the model's first layer), so a summary says "block4" rather than "first layer".
  static final ParameterSpec LAYER = ParameterSpec.modelChoice("layer").paramLabel("NAME")
      .suggested(facts -> facts.layers().isEmpty() ? "" : facts.layers().get(0))
      .help("the layer (a features/head split the model exports); the model's first by default").build();

  static final ParameterSpec INTERPOLATE_MODE = ParameterSpec.choice("interpolate_mode",
          List.of("none", "nearest", "bilinear")).paramLabel("MODE")
      .help("not Captum's attribute argument but its LayerAttribution.interpolate: upsample the map to the"
          + " input's size; none keeps the layer's resolution").build();

  static MethodDescriptor gradCam() {
    return MethodDescriptor.builder("grad-cam").aliases("gradcam", "layer-grad-cam")
        .displayName("Grad-CAM")
        .description("Layer activations weighted by their mean gradient (Selvaraju et al. 2017).")
        .parameters(LAYER,
            ParameterSpec.bool("relu_attributions").engineDefault("false")
                .help("keep only the positive evidence (ReLU of the map)").build(),
            ParameterSpec.bool("attr_dim_summation").engineDefault("true")
                .help("sum over the layer's channels (one map per image)").build(),
            INTERPOLATE_MODE)
        .factory(p -> new LayerGradCam(p.text("layer", null), p.bool("relu_attributions", false),
            p.bool("attr_dim_summation", true), interpolateMode(p.text("interpolate_mode", "none"))))
        .requires(MethodDescriptor.Requirement.SPLIT_MODEL)
        .summary(v -> v.getOrDefault("layer", "first layer") + (Boolean.parseBoolean(v.get("relu_attributions"))
            ? ", ReLU" : ""))
        .build();
  }

  static MethodDescriptor layerIntegratedGradients() {
    return MethodDescriptor.builder("layer-ig").aliases("layer-integrated-gradients")
        .displayName("Layer Integrated Gradients")
        .description("Integrated Gradients of a layer's activations, baseline in input space (Sundararajan et al. 2017).")
        .parameters(LAYER, N_STEPS, RULE, IG_BASELINES, INTERNAL_BATCH_SIZE, MULTIPLY_BY_INPUTS)
        .factory(p -> new LayerIntegratedGradients(p.text("layer", null), integratedGradients(p)))
        .requires(MethodDescriptor.Requirement.SPLIT_MODEL)
        .summary(v -> v.getOrDefault("layer", "first layer") + ", " + v.getOrDefault("n_steps", "50") + " steps"
            + BaselineText.summary(v.get("baselines")))
        .build();
  }

  static MethodDescriptor layerConductance() {
    return MethodDescriptor.builder("layer-conductance")
        .displayName("Layer Conductance")
        .description("The flow of attribution through a layer's units (Dhamdhere et al. 2019).")
        .parameters(LAYER, N_STEPS, RULE, IG_BASELINES, INTERNAL_BATCH_SIZE)
        .factory(p -> p.build("layer-conductance", () -> new LayerConductance(p.text("layer", null),
            p.has("n_steps") ? p.integer("n_steps") : 50,
            p.has("method") ? p.parse("method", IntegrationRule::parse) : IntegrationRule.GAUSS_LEGENDRE,
            p.has("baselines") ? p.baseline("baselines", IMAGE_BASELINES) : Baseline.zero(),
            p.has("internal_batch_size") ? p.integer("internal_batch_size") : null)))
        .requires(MethodDescriptor.Requirement.SPLIT_MODEL)
        .summary(v -> v.getOrDefault("layer", "first layer") + ", " + v.getOrDefault("n_steps", "50") + " steps"
            + BaselineText.summary(v.get("baselines")))
        .build();
  }

  static MethodDescriptor layerGradientXActivation() {
    return MethodDescriptor.builder("layer-gradient-x-activation").aliases("layer-gxa")
        .displayName("Layer Gradient × Activation")
        .description("A hidden layer's activations times their gradient (Shrikumar et al. 2016).")
        .parameters(LAYER, MULTIPLY_BY_INPUTS)
        .factory(p -> new LayerGradientXActivation(p.text("layer", null), p.bool("multiply_by_inputs", true)))
        .requires(MethodDescriptor.Requirement.SPLIT_MODEL)
        .summary(v -> v.getOrDefault("layer", "first layer"))
        .build();
  }

  static LayerMaps.Mode interpolateMode(String text) {
    return text.equals("none") ? null : LayerMaps.Mode.parse(text);
  }

  static MethodDescriptor integratedGradients() {
    return MethodDescriptor.builder("ig").aliases("integrated-gradients", "integratedgradients")
        .displayName("Integrated Gradients")
        .description("Gradients integrated from a baseline to the image (Sundararajan et al. 2017).")
        .parameters(N_STEPS, TOLERANCE, RULE, IG_BASELINES, INTERNAL_BATCH_SIZE, MULTIPLY_BY_INPUTS)
        .factory(p -> p.has("tolerance") ? integratedGradientsToPrecision(p) : integratedGradients(p))
        .estimates(Estimates.STEPS)
        .summary(v -> (v.containsKey("tolerance")
            ? "≤ " + v.getOrDefault("n_steps", "50") + " steps to " + v.get("tolerance")
            : v.getOrDefault("n_steps", "50") + " steps")
            + ", " + v.getOrDefault("method", "gausslegendre") + BaselineText.summary(v.get("baselines")))
        .benchmark(facts -> Map.of("n_steps", "200"))
        .build();
  }

  static MethodDescriptor noiseTunnel() {
    List<ParameterSpec> parameters = new ArrayList<>(List.of(
        ParameterSpec.choice("nt_inner", NOISE_TUNNEL_INNER).engineDefault("ig").suggested("saliency")
            .paramLabel("METHOD").parser(BuiltInMethods::innerMethod)
            .help("the method averaged over noisy samples").build(),
        ParameterSpec.choice("nt_type", List.of("smoothgrad", "smoothgrad_sq", "vargrad")).paramLabel("TYPE")
            .parser(NoiseTunnelType::parse).help("how the samples' attributions are combined").build(),
        ParameterSpec.integer("nt_samples").engineDefault("5").bounds(1, MAX_PASSES_PARAMETER, TOO_MANY)
            .help("noisy samples per image").build(),
        ParameterSpec.number("stdevs").engineDefault("1.0").atLeast(0).paramLabel("S")
            .help("noise standard deviation, in normalized input units").build(),
        ParameterSpec.integer("nt_samples_batch_size").atLeast(1)
            .help("samples per pass; fitted to the memory budget unless given").build(),
        SEED));
    // Each noisy sample of IG to a precision would stop at another step count: no tolerance here.
    for (ParameterSpec spec : List.of(N_STEPS, RULE, IG_BASELINES, INTERNAL_BATCH_SIZE, MULTIPLY_BY_INPUTS)) {
      parameters.add(spec.when("nt_inner", List.of("ig")));
    }
    parameters.add(ABS.when("nt_inner", List.of("saliency")));
    return MethodDescriptor.builder("noise-tunnel").aliases("nt", "noisetunnel")
        .displayName("NoiseTunnel (SmoothGrad)")
        .description("Another method averaged over noisy copies of the image (Smilkov et al. 2017).")
        .parameters(parameters)
        .factory(BuiltInMethods::noiseTunnel)
        .estimates(Estimates.SAMPLES)
        .summary(v -> v.getOrDefault("nt_type", "smoothgrad") + " of " + v.getOrDefault("nt_inner", "ig") + ", "
            + v.getOrDefault("nt_samples", "5") + " samples" + BaselineText.summary(v.get("baselines")))
        .benchmark(facts -> Map.of("nt_inner", "ig", "nt_samples", "10"))
        .build();
  }

  static MethodDescriptor occlusion() {
    return MethodDescriptor.builder("occlusion")
        .displayName("Occlusion")
        .description("How much the score drops when each window is hidden (Zeiler & Fergus 2014).")
        .parameters(
            ParameterSpec.integerList("sliding_window_shapes").blankText("required").paramLabel("C,H,W")
                .suggested(facts -> channels(facts) + "," + occlusionWindow(facts) + "," + occlusionWindow(facts))
                .help("window size per (C, H, W)").build(),
            ParameterSpec.integerList("strides").engineDefault("1").paramLabel("S")
                .suggested(facts -> {
                  int stride = Math.max(1, Math.round(occlusionWindow(facts) / 2f));
                  return channels(facts) + "," + stride + "," + stride;
                })
                .help("step per (C, H, W), or one step for all").build(),
            ParameterSpec.baseline("baselines", IMAGE_BASELINES).engineDefault("0")
                .help("what replaces the occluded window (in normalized input space)").build(),
            ParameterSpec.integer("perturbations_per_eval").atLeast(1)
                .help("windows per model pass; fitted to the memory budget unless given").build())
        .factory(BuiltInMethods::occlusion)
        .withPreview()
        .estimates(Estimates.WINDOWS)
        .summary(v -> "window " + spatial(v.getOrDefault("sliding_window_shapes", "?")) + ", stride "
            + spatial(v.getOrDefault("strides", "1")) + BaselineText.summary(v.get("baselines")))
        .benchmark(facts -> Map.of("sliding_window_shapes", channels(facts) + ",15,15",
            "strides", channels(facts) + ",8,8"))
        .build();
  }

  static MethodDescriptor gradientShap() {
    return MethodDescriptor.builder("gradient-shap").aliases("gradientshap")
        .displayName("GradientSHAP")
        .description("Expected gradients from random baselines: approximate SHAP values (Lundberg & Lee 2017).")
        .parameters(
            ParameterSpec.baseline("baselines", DISTRIBUTIONS).blankText("required")
                .suggested(Baseline.BlackMeanWhite.NAME).firstCheck(BuiltInMethods::refuseNumber)
                .help("a distribution of baselines: black-mean-white (black, mean and white images), a .npy of K"
                    + " baselines (K, C, H, W); or one per image").build(),
            ParameterSpec.integer("n_samples").engineDefault("5").bounds(1, MAX_PASSES_PARAMETER, TOO_MANY)
                .help("random samples per image").build(),
            ParameterSpec.number("stdevs").engineDefault("0.0").atLeast(0).paramLabel("S")
                .help("standard deviation of the noise added to each sample").build(),
            SEED)
        .factory(BuiltInMethods::gradientShap)
        .summary(v -> v.getOrDefault("n_samples", "5") + " samples" + distributionSummary(v.get("baselines")))
        .benchmark(facts -> Map.of("baselines", Baseline.BlackMeanWhite.NAME))
        .build();
  }

  static MethodDescriptor saliency() {
    return MethodDescriptor.builder("saliency")
        .displayName("Saliency")
        .description("The gradient of the class score for each pixel (Simonyan et al. 2013).")
        .parameters(ABS)
        .factory(p -> new Saliency(p.bool("abs", true)))
        .benchmark(facts -> Map.of("abs", "true"))
        .build();
  }

  static MethodDescriptor inputXGradient() {
    return MethodDescriptor.builder("input-x-gradient").aliases("inputxgradient")
        .displayName("Input × Gradient")
        .description("The gradient times the input: a first-order contribution per pixel (Shrikumar et al. 2016).")
        .factory(p -> new InputXGradient())
        .build();
  }

  private static IntegratedGradients integratedGradients(MethodParameters p) {
    IntegratedGradients.Builder builder = IntegratedGradients.builder();
    if (p.has("n_steps")) {
      builder.optSteps(p.integer("n_steps"));
    }
    if (p.has("method")) {
      builder.optRule(p.parse("method", IntegrationRule::parse));
    }
    if (p.has("baselines")) {
      builder.optBaseline(p.baseline("baselines", IMAGE_BASELINES));
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
  private static AttributionMethod integratedGradientsToPrecision(MethodParameters p) {
    double tolerance = p.number("tolerance");
    IntegratedGradients base = integratedGradients(p);
    return p.build("tolerance", () -> PrecisionIntegratedGradients.builder()
        .optBase(base)
        .optTolerance(tolerance)
        .optStartSteps(Math.min(16, Math.max(2, base.steps())))
        .optMaxSteps(Math.max(2, base.steps()))
        .build());
  }

  private static Occlusion occlusion(MethodParameters p) {
    if (!p.has("sliding_window_shapes")) {
      throw new IllegalArgumentException("sliding_window_shapes is required for occlusion (e.g. 3,15,15)");
    }
    Occlusion.Builder builder = p.build("sliding_window_shapes", () -> Occlusion.builder(p.ints("sliding_window_shapes")));
    if (p.has("strides")) {
      p.build("strides", () -> builder.optStrides(p.ints("strides")));
    }
    if (p.has("baselines")) {
      builder.optBaseline(p.baseline("baselines", IMAGE_BASELINES));
    }
    if (p.has("perturbations_per_eval")) {
      builder.optPerturbationsPerEval(p.integer("perturbations_per_eval"));
    }
    return builder.build();
  }

  private static GradientShap gradientShap(MethodParameters p) {
    if (!p.has("baselines")) {
      throw new IllegalArgumentException("baselines is required for gradient-shap: " + Baseline.BlackMeanWhite.NAME
          + ", a .npy of K baselines (K, C, H, W), or black, blur[:SIGMA] or noise[:SEED]");
    }
    GradientShap.Builder builder = GradientShap.builder(p.baseline("baselines", DISTRIBUTIONS));
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

  private static NoiseTunnel noiseTunnel(MethodParameters p) {
    String inner = p.text("nt_inner", "ig");
    Map<String, String> innerParameters = new LinkedHashMap<>(p.values());
    for (String own : List.of("nt_inner", "nt_type", "nt_samples", "nt_samples_batch_size", "stdevs", "seed")) {
      innerParameters.remove(own);
    }
    NoiseTunnel.Builder builder = NoiseTunnel.builder(p.create(inner, innerParameters));
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

  /** {@code nt_inner}: one of {@link #NOISE_TUNNEL_INNER} by id or alias, as its id. */
  private static String innerMethod(String text) {
    String id = MethodRegistry.builtIn().find(text).map(MethodDescriptor::id).orElse(text.trim());
    if (!NOISE_TUNNEL_INNER.contains(id)) {
      throw new IllegalArgumentException(
          "'" + text + "' is not allowed (allowed: " + String.join(", ", NOISE_TUNNEL_INNER) + ")");
    }
    return id;
  }

  private static void refuseNumber(String text) {
    if (BaselineText.parse(text).kind() == BaselineKind.CONSTANT && !text.isBlank()) {
      throw new IllegalArgumentException(
          "baselines: gradient-shap needs a distribution of baselines as a .npy of shape (K, C, H, W), or black, "
              + "blur[:SIGMA] or noise[:SEED] as one baseline per image; not the number " + Float.parseFloat(text.trim()));
    }
  }

  /** A file or the default distribution goes without saying in a panel's title; an image baseline does not. */
  private static String distributionSummary(String text) {
    BaselineKind kind = BaselineText.parse(text == null ? "" : text).kind();
    return kind == BaselineKind.FILE || kind == BaselineKind.BLACK_MEAN_WHITE ? "" : BaselineText.summary(text);
  }

  /** "3,6,6" (C, H, W) as "6×6": the channel extent of a window is nearly always all channels. */
  private static String spatial(String chw) {
    String[] parts = chw.split(",");
    int from = parts.length == 3 ? 1 : 0;
    return String.join("×", List.of(parts).subList(from, parts.length)).replace(" ", "");
  }

  private static int channels(ModelFacts facts) {
    Preprocessing input = facts.input();
    return input == null ? 3 : input.channels();
  }

  /** A tenth of the side: coarse enough to stay interactive (~400 passes), fine enough to localize. */
  private static int occlusionWindow(ModelFacts facts) {
    Preprocessing input = facts.input();
    int side = input == null ? 224 : Math.min(input.height(), input.width());
    return Math.max(2, Math.round(side / 10f));
  }
}
