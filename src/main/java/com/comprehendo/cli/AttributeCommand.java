package com.comprehendo.cli;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.analysis.Softmax;
import com.comprehendo.attribution.Attribution;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Provenance;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.model.EngineFailures;
import com.comprehendo.model.ModelLayer;
import com.comprehendo.model.ModelLoadException;
import com.comprehendo.model.ModelSpec;
import com.comprehendo.model.TorchScriptClassifier;
import com.comprehendo.platform.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code comprehendo attribute}: one attribution of one input (an image, preprocessed by the model's
 * sidecar, or a {@code .npy} tensor used as is), written as float32 {@code .npy} of the input's shape.
 * Method options carry Captum's argument names in kebab case, with Captum's defaults.
 *
 * <p>Prints one JSON line: the target, the convergence delta where defined, the passes, the seconds,
 * and what is needed to reproduce the result (method, parameters, seed, model hash). Exit codes: 2 for
 * wrong arguments, 1 for a model or input that cannot be used; nothing is left at {@code --out} then.
 */
@Command(
    name = "attribute",
    sortOptions = false,
    modelTransformer = MethodOptions.Install.class,
    description = "Compute an attribution with Captum's semantics and write it as .npy.")
public final class AttributeCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private MethodOptions methodOptions;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  @Mixin private ModelOptions modelOptions;

  @Option(names = "--input", required = true, paramLabel = "X",
      description = "An image (preprocessed by the sidecar) or a float32 .npy of shape 1×C×H×W or C×H×W, used as is.")
  private Path input;

  @Option(names = "--method", required = true, paramLabel = "METHOD", completionCandidates = MethodOptions.MethodIds.class,
      description = "One of ${COMPLETION-CANDIDATES}; its parameters are the options below.")
  private String method;

  @Option(names = "--out", required = true, paramLabel = "A.npy", description = "Where to write the attribution." + CommandOutputs.REPLACES)
  private Path out;

  @Option(names = "--target", paramLabel = "N", description = "Target class index (default: the predicted class).")
  private Integer target;

  @Option(names = "--allow-nan",
      description = "Write the attribution even when the model's output or the attribution holds NaN or ±Infinity (a warning instead of exit 1).")
  private boolean allowNan;

  @Override
  public Integer call() {
    try {
      return attribute();
    } catch (CommandFailure e) {
      PrintWriter stderr = spec.commandLine().getErr();
      stderr.println("attribute: " + e.getMessage());
      stderr.flush();
      return e.exitCode();
    }
  }

  private int attribute() throws CommandFailure {
    Path modelFile = modelOptions.modelFile();
    // The sidecar's normalization places the black and noise baselines in the model's input space.
    ModelSpec modelSpec = readSpec();
    AttributionMethod attributionMethod;
    MethodDescriptor descriptor;
    try {
      MethodRegistry methods = MethodRegistry.builtIn();
      descriptor = methods.get(method);
      attributionMethod = descriptor.create(methodOptions.given(),
          ModelFacts.of(modelSpec == null ? null : modelSpec.preprocessing()), methods);
      descriptor.readFiles(methodOptions.given());
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage(MethodOptions.inOptionWords(e.getMessage()));
    }
    CommandInputs.requireFile("--model", modelFile, "a TorchScript file");
    CommandInputs.requireFile("--input", input, "an image or .npy file");
    CommandOutputs.check(Map.of("--out", out), protectedInputs());
    BatchBudget budget = modelOptions.budget();
    try (TorchScriptClassifier model = TorchScriptClassifier.load(modelFile, modelSpec, modelOptions.device().resolve())) {
      PrintWriter stderr = spec.commandLine().getErr();
      modelOptions.budgetNote().ifPresent(note -> stderr.println("attribute: note: " + note));
      for (String assumption : model.spec().assumptions()) {
        stderr.println("attribute: note: " + assumption);
      }
      stderr.flush();
      if (descriptor.requirements().contains(MethodDescriptor.Requirement.SPLIT_MODEL) && model.layerNames().isEmpty()) {
        throw CommandFailure.work("--method " + descriptor.id() + ": " + modelFile.getFileName()
            + " has no split into features and head for layer methods; " + ModelLayer.HOW_TO_SPLIT);
      }
      NpyArray tensor = InputTensor.read(input, model.spec().preprocessing(), "--input");
      return run(model, tensor, attributionMethod, budget);
    } catch (ModelLoadException e) {
      throw CommandFailure.work("--model: " + e.getMessage());
    }
  }

  /** The model's sidecar (or the defaults), or null when there is no model file (reported later). */
  private ModelSpec readSpec() throws CommandFailure {
    Path modelFile = modelOptions.modelFile();
    if (!Files.isRegularFile(modelFile)) {
      return null;
    }
    try {
      return ModelSpec.forModel(modelFile);
    } catch (ModelLoadException e) {
      throw CommandFailure.work("--model: " + e.getMessage());
    }
  }

  private int run(TorchScriptClassifier model, NpyArray tensor, AttributionMethod attributionMethod, BatchBudget budget)
      throws CommandFailure {
    int examples = tensor.shape()[0];
    long started = System.nanoTime();
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(tensor.data(), new Shape(tensor.longShape()));
      float[] outputs = outputs(model, inputs);
      int[] predicted = argMax(outputs, model.outputWidth());
      int[] targets = new int[examples];
      if (target != null) {
        if (target < 0 || target >= model.outputWidth()) {
          throw CommandFailure.usage("--target: " + target + " is outside 0.." + (model.outputWidth() - 1)
              + " (the model has " + model.outputWidth() + " classes)");
        }
        Arrays.fill(targets, target);
      } else {
        targets = predicted;
      }
      Attribution attribution;
      try {
        attribution = attributionMethod.attribute(model, inputs, targets,
            AttributionContext.defaults().withBudget(budget).withCancellation(Interruption.TOKEN));
      } catch (IllegalArgumentException e) {
        throw CommandFailure.usage(MethodOptions.withOptionNames(e.getMessage()));
      }
      // Captum's return value: the input's shape, or the layer's for layer methods (N×1×h×w for Grad-CAM).
      int[] shape = Arrays.stream(attribution.values().getShape().getShape()).mapToInt(Math::toIntExact).toArray();
      NpyArray result = new NpyArray(shape, attribution.values().toFloatArray());
      List<String> nonFinite = nonFinite(outputs, result);
      if (!nonFinite.isEmpty()) {
        String what = String.join("; ", nonFinite);
        if (!allowNan) {
          throw CommandFailure.work(what + "; nothing written (--allow-nan writes it anyway)");
        }
        PrintWriter stderr = spec.commandLine().getErr();
        stderr.println("attribute: warning: " + what);
        stderr.flush();
      }
      float[] delta = attribution.convergenceDelta().map(NDArray::toFloatArray).orElse(null);
      double seconds = (System.nanoTime() - started) / 1e9;
      Provenance provenance = Provenance.builder()
          .setCommandLine(CommandOutputs.commandLine(spec))
          .optModel(modelOptions.modelFile(), model.sha256(), ModelSpec.sidecarFile(modelOptions.modelFile()).orElse(null))
          .optInput("input", input)
          .optMethod(attributionMethod.id(), attributionMethod.parameters(), methodOptions.given())
          .optTarget(examples == 1 ? targets[0] : toList(targets))
          .optDevice(model.deviceName())
          .build();
      CommandOutputs.write(provenance, new CommandOutputs.Output("--out", out, result::write));
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("method", attributionMethod.id());
      summary.put("target", examples == 1 ? targets[0] : toList(targets));
      summary.put("target_class", examples == 1 ? model.classNames().get(targets[0]) : null);
      summary.put("predicted", examples == 1 ? predicted[0] : toList(predicted));
      summary.put("convergence_delta", delta);
      attribution.stepsUsed().ifPresent(steps -> summary.put("n_steps_used", steps));
      summary.put("forward_passes", attribution.passes().forward() + attribution.passes().gradient() + examples);
      summary.put("backward_passes", attribution.passes().gradient());
      summary.put("seconds", seconds);
      summary.put("out", out.toString());
      summary.put("provenance", Provenance.sidecarOf(out).toString());
      summary.put("shape", toList(shape));
      summary.put("non_finite", nonFinite.isEmpty() ? null : String.join("; ", nonFinite));
      summary.put("device", model.deviceName());
      summary.put("model_sha256", model.sha256());
      summary.put("parameters", attributionMethod.parameters());
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(Json.write(summary));
      stdout.flush();
      return 0;
    } catch (EngineException e) {
      // The model's own words (the line its code raised); the input is blamed only when its shape
      // differs from what the model was checked with at load.
      var pre = model.spec().preprocessing();
      int[] expected = {pre.channels(), pre.height(), pre.width()};
      int[] given = Arrays.copyOfRange(tensor.shape(), tensor.shape().length - 3, tensor.shape().length);
      String where = model.spec().sidecar().isPresent() ? "per its sidecar" : "by default (no sidecar)";
      if (Arrays.equals(expected, given)) {
        throw CommandFailure.work("the model failed on the input of shape " + Arrays.toString(tensor.shape()) + ": "
            + EngineFailures.modelMessage(e));
      }
      throw CommandFailure.work("--input: the model rejected the input of shape " + Arrays.toString(tensor.shape())
          + ": " + EngineFailures.modelMessage(e) + "; the model expects " + expected[0] + "×" + expected[1] + "×"
          + expected[2] + " " + where);
    }
  }

  /** What --out (and its sidecar) must never overwrite: the input, the model and its sidecar. */
  private Map<String, Path> protectedInputs() {
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("--input", input);
    inputs.put("--model", modelOptions.modelFile());
    CommandInputs.putModelSidecars(inputs, modelOptions.modelFile());
    return inputs;
  }

  /** The model's outputs for {@code inputs}, row after row (N × classes values). */
  private static float[] outputs(TorchScriptClassifier model, NDArray inputs) {
    try (NDManager scratch = inputs.getManager().newSubManager()) {
      NDArray local = inputs.duplicate();
      local.attach(scratch);
      NDArray outputs = model.forward(local);
      outputs.attach(scratch);
      return outputs.toFloatArray();
    }
  }

  /** Each row's predicted class, as {@code torch.argmax} picks it (NaN wins, then reported as non-finite). */
  private static int[] argMax(float[] outputs, int classes) {
    return IntStream.range(0, outputs.length / classes)
        .map(row -> Softmax.argmax(Arrays.copyOfRange(outputs, row * classes, (row + 1) * classes)))
        .toArray();
  }

  /** What is not finite: the model's outputs for the input, the attribution, both, or neither (empty). */
  private static List<String> nonFinite(float[] outputs, NpyArray attribution) {
    List<String> found = new ArrayList<>();
    long badOutputs = IntStream.range(0, outputs.length).filter(i -> !Float.isFinite(outputs[i])).count();
    if (badOutputs > 0) {
      found.add("the model's output for --input holds " + badOutputs + " NaN or infinite value" + (badOutputs == 1 ? "" : "s")
          + " of " + outputs.length);
    }
    attribution.nonFinite().ifPresent(where -> found.add("the attribution holds " + where));
    return found;
  }

  private static List<Integer> toList(int[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
