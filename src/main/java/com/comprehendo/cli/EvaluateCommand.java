package com.comprehendo.cli;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.analysis.Softmax;
import com.comprehendo.analysis.metrics.CurveKind;
import com.comprehendo.analysis.metrics.DeletionInsertion;
import com.comprehendo.analysis.metrics.FaithfulnessCurve;
import com.comprehendo.analysis.metrics.ImageMetrics;
import com.comprehendo.analysis.metrics.Infidelity;
import com.comprehendo.analysis.metrics.Perturbations;
import com.comprehendo.analysis.metrics.SanityCheck;
import com.comprehendo.analysis.metrics.SensitivityMax;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.Baseline;
import com.comprehendo.attribution.BaselineKind;
import com.comprehendo.attribution.BaselineText;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Provenance;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.model.EngineFailures;
import com.comprehendo.model.ModelLoadException;
import com.comprehendo.model.TorchScriptClassifier;
import com.comprehendo.platform.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code comprehendo evaluate}: how far to trust an attribution, as one JSON line (docs/metrics.md):
 * deletion and insertion ({@code auc} and {@code curve}; {@code --curve-out} writes the curve as CSV
 * with provenance), Captum's infidelity and sensitivity_max ({@code value}), and the cascading
 * randomization sanity check ({@code value}: the rank correlation once every module chosen is
 * random, and every step).
 *
 * <p>{@code --baselines}, {@code --stdevs} and {@code --seed} are shared with the method options:
 * deletion and insertion take {@code --baselines} as the curve's baseline, infidelity {@code
 * --stdevs} as its perturbations' standard deviation; sensitivity and sanity pass them to {@code
 * --method}. {@code --seed} seeds every random draw of the run. Exit codes: 2 for wrong arguments, 1
 * when the model or a file cannot be used.
 *
 * <p>By concern: the metric names ({@link EvaluateMetric}), the numbers checked before the model
 * loads ({@link EvaluateSettings}), the map judged and its recorded target ({@link
 * JudgedAttribution}), the curve's CSV ({@link CurveCsv}); this class reads the options, runs the
 * metric and prints the line.
 */
@Command(
    name = "evaluate",
    sortOptions = false,
    modelTransformer = MethodOptions.Install.class,
    description = "Measure an attribution's faithfulness: deletion, insertion, infidelity, sensitivity or the sanity check.")
public final class EvaluateCommand implements Callable<Integer> {

  private static final List<BaselineKind> CURVE_BASELINES =
      List.of(BaselineKind.CONSTANT, BaselineKind.BLACK, BaselineKind.BLUR, BaselineKind.NOISE, BaselineKind.FILE);

  @Spec private CommandSpec spec;

  @Mixin private ModelOptions modelOptions;

  @Mixin private MethodOptions methodOptions;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  @Option(names = "--input", required = true, paramLabel = "X",
      description = "An image (preprocessed by the sidecar) or a float32 .npy of shape 1×C×H×W or C×H×W, used as is.")
  private Path input;

  @Option(names = "--attr", paramLabel = "A.npy",
      description = "The attribution judged (the input's shape; deletion and insertion also take one channel). "
          + "Needed by deletion, insertion and infidelity; sensitivity and sanity run --method instead.")
  private Path attr;

  @Option(names = "--metric", required = true, paramLabel = "METRIC",
      description = "deletion (lower AUC is better), insertion (higher is better), infidelity, sensitivity, sanity "
          + "(lower is better).")
  private String metric;

  @Option(names = "--target", paramLabel = "N",
      description = "Target class (default: the one in the attribution's provenance sidecar, else the predicted class).")
  private Integer target;

  @Option(names = "--step", paramLabel = "N", description = "deletion, insertion: pixels per iteration (default: H·W/100, rounded up).")
  private Integer step;

  @Option(names = "--n-perturb-samples", paramLabel = "K", description = "infidelity, sensitivity: perturbations (default 10).")
  private Integer perturbSamples;

  @Option(names = "--normalize", description = "infidelity: scale the attribution by the best β first (Captum's normalize).")
  private boolean normalize;

  @Option(names = "--perturb-radius", paramLabel = "R", description = "sensitivity: L∞ radius of the uniform noise (default 0.02).")
  private Double perturbRadius;

  @Option(names = "--cascade-depth", paramLabel = "N",
      description = "sanity: how many modules to randomize, from the output back (default: all).")
  private Integer cascadeDepth;

  @Option(names = "--curve-out", paramLabel = "C.csv", description = "deletion, insertion: write the curve as CSV." + CommandOutputs.REPLACES)
  private Path curveOut;

  @Option(names = "--method", paramLabel = "METHOD", completionCandidates = MethodOptions.MethodIds.class,
      description = "sensitivity, sanity: the method judged, one of ${COMPLETION-CANDIDATES}, with its options below.")
  private String method;


  @Override
  public Integer call() {
    try {
      return evaluate();
    } catch (CommandFailure e) {
      PrintWriter stderr = spec.commandLine().getErr();
      stderr.println("evaluate: " + e.getMessage());
      stderr.flush();
      return e.exitCode();
    }
  }

  private int evaluate() throws CommandFailure {
    EvaluateMetric chosen = EvaluateMetric.parse(metric);
    Map<String, String> given = methodOptions.given();
    checkApplicable(chosen, given);
    EvaluateSettings settings =
        EvaluateSettings.read(chosen, given, step, perturbSamples, perturbRadius, cascadeDepth);
    Path modelFile = modelOptions.modelFile();
    CommandInputs.requireFile("--model", modelFile, "a TorchScript file");
    CommandInputs.requireFile("--input", input, "an image or .npy file");
    if (attr != null) {
      CommandInputs.requireFile("--attr", attr, "an .npy file");
    }
    BatchBudget budget = modelOptions.budget();
    if (curveOut != null) {
      CommandOutputs.check(Map.of("--curve-out", curveOut), protectedInputs());
    }
    PrintWriter stderr = spec.commandLine().getErr();
    try (TorchScriptClassifier model = TorchScriptClassifier.load(modelFile, modelOptions.device().resolve())) {
      model.spec().assumptions().forEach(note -> stderr.println("evaluate: note: " + note));
      modelOptions.budgetNote().ifPresent(note -> stderr.println("evaluate: note: " + note));
      if (attr != null && chosen.runsMethod()) {
        stderr.println("evaluate: note: --attr is not used: " + chosen.id() + " explains again with --method");
      }
      stderr.flush();
      AttributionMethod judged = chosen.runsMethod() ? createMethod(model, given) : null;
      NpyArray image = InputTensor.read(input, model.spec().preprocessing(), "--input");
      NpyArray attribution = chosen.runsMethod() ? null : JudgedAttribution.read(attr, chosen, image, model);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("metric", chosen.id());
      int[] predictedAndTarget = targets(model, image);
      summary.put("target", predictedAndTarget[1]);
      summary.put("target_class", model.classNames().get(predictedAndTarget[1]));
      summary.put("predicted", predictedAndTarget[0]);
      long started = System.nanoTime();
      AttributionContext context = AttributionContext.defaults().withBudget(budget).withCancellation(Interruption.TOKEN);
      ImageMetrics metrics = new ImageMetrics(model);
      try {
        compute(chosen, settings, metrics, image, attribution, judged, predictedAndTarget[1], context, summary, model);
      } catch (IllegalArgumentException e) {
        throw CommandFailure.usage(MethodOptions.withOptionNames(e.getMessage()));
      } catch (EngineException e) {
        throw CommandFailure.work("the model failed: " + EngineFailures.modelMessage(e));
      }
      summary.put("seconds", (System.nanoTime() - started) / 1e9);
      summary.put("device", model.deviceName());
      summary.put("model_sha256", model.sha256());
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(Json.write(summary));
      stdout.flush();
      return 0;
    } catch (ModelLoadException e) {
      throw CommandFailure.work("--model: " + e.getMessage());
    }
  }

  private void compute(
      EvaluateMetric chosen, EvaluateSettings settings, ImageMetrics metrics, NpyArray image, NpyArray attribution,
      AttributionMethod judged, int targetClass, AttributionContext context, Map<String, Object> summary,
      TorchScriptClassifier model) throws CommandFailure {
    switch (chosen) {
      case DELETION, INSERTION -> {
        CurveKind kind = chosen == EvaluateMetric.DELETION ? CurveKind.DELETION : CurveKind.INSERTION;
        Baseline baseline = BaselineText.toBaseline(settings.baselines(), CURVE_BASELINES, model.spec().preprocessing());
        int pixels = image.shape()[2] * image.shape()[3];
        int curveStep = settings.step() != null ? settings.step() : DeletionInsertion.defaultStep(pixels);
        FaithfulnessCurve curve = metrics.curve(image, attribution.data(), attribution.shape()[1], targetClass,
            new DeletionInsertion(kind, curveStep, baseline), context);
        double[] probabilities = curve.probabilities();
        for (int i = 0; i < probabilities.length; i++) {
          if (!Double.isFinite(probabilities[i])) {
            throw CommandFailure.work("the model's output is not finite at point " + i + " of the " + kind.id()
                + " curve (baseline " + describe(baseline) + "); nothing written");
          }
        }
        summary.put("auc", curve.auc());
        summary.put("higher_is_better", kind.higherIsBetter());
        summary.put("step", curveStep);
        summary.put("baselines", describe(baseline));
        summary.put("points", curve.points());
        summary.put("curve", curve.probabilities());
        if (curveOut != null) {
          CurveCsv.write(spec, curveOut, curve, pixels, baseline, describe(baseline), targetClass, model,
              modelOptions.modelFile(), input, attr);
          summary.put("curve_out", curveOut.toString());
          summary.put("provenance", Provenance.sidecarOf(curveOut).toString());
        }
      }
      case INFIDELITY -> {
        double value = metrics.infidelity(image, attribution.data(), targetClass,
            new Infidelity(settings.samples(), normalize), Perturbations.gaussian(settings.stdev(), settings.seed()), context);
        summary.put("value", finite(value, "infidelity", "--stdevs " + settings.stdev()));
        summary.put("normalize", normalize);
        summary.put("n_perturb_samples", settings.samples());
        summary.put("stdevs", settings.stdev());
        summary.put("seed", settings.seed());
      }
      case SENSITIVITY -> {
        double value = metrics.sensitivity(image, targetClass, judged, new SensitivityMax(settings.samples()),
            Perturbations.uniform(settings.radius(), settings.seed()), context);
        summary.put("value", finite(value, "sensitivity", "--perturb-radius " + settings.radius()));
        summary.put("n_perturb_samples", settings.samples());
        summary.put("perturb_radius", settings.radius());
        summary.put("seed", settings.seed());
        summary.put("method", judged.id());
        summary.put("parameters", judged.parameters());
      }
      case SANITY -> {
        List<SanityCheck.Step> steps = metrics.sanity(image, targetClass, judged,
            new SanityCheck(settings.depth(), settings.seed()), context);
        List<Map<String, Object>> cascade = new ArrayList<>();
        for (SanityCheck.Step result : steps) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("randomized", result.randomized());
          row.put("spearman", result.spearman());
          row.put("spearman_abs", result.spearmanAbsolute());
          cascade.add(row);
        }
        summary.put("value", steps.get(steps.size() - 1).spearman());
        summary.put("cascade", cascade);
        summary.put("seed", settings.seed());
        summary.put("method", judged.id());
        summary.put("parameters", judged.parameters());
      }
      default -> throw new IllegalStateException(chosen.id());
    }
  }

  /**
   * {@code value}, or a failure when it is NaN or infinite: perturbations far outside the input's
   * range can overflow the model, and a JSON {@code null} would pass for a result.
   */
  private static double finite(double value, String metricName, String setting) throws CommandFailure {
    if (!Double.isFinite(value)) {
      throw CommandFailure.work("the " + metricName + " is " + value + ": the model's output or the map is not finite under "
          + "these perturbations (" + setting + ")");
    }
    return value;
  }

  /** The baseline as given for a file (its path; provenance records its hash), else its value. */
  private static String describe(Baseline baseline) {
    return baseline instanceof Baseline.FromFile file ? file.path().toString() : baseline.describe();
  }

  /** Refuses options the chosen metric does not use, so that a typo'd run does not silently mean something else. */
  private void checkApplicable(EvaluateMetric chosen, Map<String, String> given) throws CommandFailure {
    Map<String, Boolean> unused = new LinkedHashMap<>();
    unused.put("--step", step != null && !chosen.isCurve());
    unused.put("--curve-out", curveOut != null && !chosen.isCurve());
    unused.put("--n-perturb-samples",
        perturbSamples != null && chosen != EvaluateMetric.INFIDELITY && chosen != EvaluateMetric.SENSITIVITY);
    unused.put("--normalize", normalize && chosen != EvaluateMetric.INFIDELITY);
    unused.put("--perturb-radius", perturbRadius != null && chosen != EvaluateMetric.SENSITIVITY);
    unused.put("--cascade-depth", cascadeDepth != null && chosen != EvaluateMetric.SANITY);
    unused.put("--method", method != null && !chosen.runsMethod());
    unused.put("--seed", given.containsKey("seed") && chosen.isCurve());
    unused.put("--stdevs", given.containsKey("stdevs") && chosen.isCurve());
    unused.put("--baselines", given.containsKey("baselines") && chosen == EvaluateMetric.INFIDELITY);
    for (Map.Entry<String, Boolean> option : unused.entrySet()) {
      if (option.getValue()) {
        throw CommandFailure.usage(option.getKey() + " is not used by --metric " + chosen.id());
      }
    }
    if (!chosen.runsMethod()) {
      for (String parameter : given.keySet()) {
        if (!List.of("seed", "stdevs", "baselines").contains(parameter)) {
          throw CommandFailure.usage(MethodOptions.withOptionNames(parameter + " is a method option; --metric "
              + chosen.id() + " judges the map given with --attr and runs no method"));
        }
      }
      if (attr == null) {
        throw CommandFailure.usage("--attr is required by --metric " + chosen.id());
      }
    } else if (method == null) {
      throw CommandFailure.usage("--method is required by --metric " + chosen.id() + " (it explains the input again)");
    }
  }

  /** The judged method with the options given; {@code --seed} goes to it only when it draws at random. */
  private AttributionMethod createMethod(TorchScriptClassifier model, Map<String, String> given) throws CommandFailure {
    try {
      MethodRegistry methods = MethodRegistry.builtIn();
      MethodDescriptor descriptor = methods.get(method);
      Map<String, String> parameters = new LinkedHashMap<>(given);
      if (descriptor.parameter("seed").isEmpty()) {
        parameters.remove("seed");
      }
      AttributionMethod created = descriptor.create(parameters, ModelFacts.of(model.spec().preprocessing()), methods);
      descriptor.readFiles(parameters);
      return created;
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage(MethodOptions.inOptionWords(e.getMessage()));
    }
  }

  /** {predicted class, target}: --target, else the attribution's recorded target, else the prediction. */
  private int[] targets(TorchScriptClassifier model, NpyArray image) throws CommandFailure {
    float[] outputs;
    try (var scope = model.manager().newSubManager()) {
      outputs = model.forward(scope.create(image.data(), new Shape(image.longShape()))).toFloatArray();
    } catch (EngineException e) {
      throw CommandFailure.work("the model failed on --input " + Arrays.toString(image.shape()) + ": "
          + EngineFailures.modelMessage(e));
    }
    int predicted = Softmax.argmax(outputs);
    Optional<Integer> recorded = target == null ? JudgedAttribution.recordedTarget(attr) : Optional.empty();
    int chosen = target != null ? target : recorded.orElse(predicted);
    if (chosen < 0 || chosen >= model.outputWidth()) {
      String where = recorded.isPresent()
          ? "--attr: the target its provenance records, " + chosen + ", is outside 0.."
          : "--target: " + chosen + " is outside 0..";
      throw CommandFailure.usage(where + (model.outputWidth() - 1) + " (the model has " + model.outputWidth()
          + " classes)" + (recorded.isPresent() ? "; give --target" : ""));
    }
    return new int[] {predicted, chosen};
  }

  private Map<String, Path> protectedInputs() {
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("--input", input);
    inputs.put("--attr", attr);
    String baselines = methodOptions.given().get("baselines");
    if (baselines != null && BaselineText.parse(baselines).kind() == BaselineKind.FILE) {
      inputs.put("--baselines", Path.of(baselines.strip()));
    }
    inputs.put("--model", modelOptions.modelFile());
    CommandInputs.putModelSidecars(inputs, modelOptions.modelFile());
    return inputs;
  }
}
