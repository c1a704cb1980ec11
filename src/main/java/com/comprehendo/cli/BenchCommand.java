package com.comprehendo.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.analysis.AnalysisSnapshot;
import com.comprehendo.analysis.DatasetPredictor;
import com.comprehendo.attribution.Attribution;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.DatasetScanner;
import com.comprehendo.data.LabelSource;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.BatchSizer;
import com.comprehendo.job.CancelledException;
import com.comprehendo.model.ModelLoadException;
import com.comprehendo.model.ProcessMemory;
import com.comprehendo.model.TorchScriptClassifier;
import com.comprehendo.platform.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code comprehendo bench}: measures this machine's floor (images per second through forward, and
 * through forward + input gradient, for several batch sizes), then times the attribution methods at
 * the benchmark settings and compares each with its floor: passes ÷ best throughput. Every figure is
 * the median of {@code --repeats} runs.
 *
 * <p>Just over 400 lines: much of it is eight picocli options with their help and the one-line checks
 * made before any model loads (the dataset scenarios are in {@link BenchExplain}).
 */
@Command(name = "bench", sortOptions = false, description = "Measure throughput floors and time the attribution methods against them.")
public final class BenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  @Mixin private ModelOptions modelOptions;

  @Option(names = "--input-shape", paramLabel = "1,C,H,W", description = "Input shape (default: from the sidecar).")
  private String inputShape;

  @Option(names = "--batch-sizes", defaultValue = "1,4,8,16,32", paramLabel = "LIST", description = "Batch sizes for the floor (default: ${DEFAULT-VALUE}).")
  private String batchSizes;

  @Option(names = "--methods", defaultValue = "ig,occlusion,noise-tunnel,gradient-shap,ig-precision,first-heatmap,first-heatmap-occlusion", paramLabel = "LIST",
      description = "What to time (default: ${DEFAULT-VALUE}); also ig-refining (IG-200 with the"
          + " explorer's estimates on the way), and with --dataset explain-saliency, explain-ig (IG-32),"
          + " explain-grad-cam (a split model): the batch explainer over the folder.")
  private String methods;

  @Option(names = "--dataset", paramLabel = "DIR",
      description = "A folder of images: adds 'predict', the whole folder predicted with decoding included, as the explorer does on opening it.")
  private Path dataset;

  @Option(names = "--repeats", defaultValue = "3", paramLabel = "N", description = "Runs per figure; the median is reported (default: ${DEFAULT-VALUE}).")
  private int repeats;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  private boolean json;

  @Option(names = "--captum-timings", paramLabel = "FILE",
      description = "Captum's times from tools/captum_pairs.py --out FILE: each method the file has is also set against Captum.")
  private Path captumTimingsFile;

  @Override
  public Integer call() {
    PrintWriter stderr = spec.commandLine().getErr();
    try {
      return bench();
    } catch (CommandFailure e) {
      stderr.println("bench: " + e.getMessage());
      stderr.flush();
      return e.exitCode();
    }
  }

  private int bench() throws CommandFailure {
    // Every figure is a cold start: no batch size found by an earlier process is used, none is kept.
    BatchSizer.persistIn(null);
    if (repeats < 1) {
      throw CommandFailure.usage("--repeats: must be at least 1, got " + repeats);
    }
    CaptumTimings captum = captumTimingsFile == null ? null : CaptumTimings.read(captumTimingsFile);
    int[] sizes;
    try {
      sizes = Arrays.stream(batchSizes.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw CommandFailure.usage("--batch-sizes: '" + batchSizes + "' is not a list of whole numbers");
    }
    if (sizes.length == 0 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
      throw CommandFailure.usage("--batch-sizes: every size must be at least 1");
    }
    List<String> selected = new ArrayList<>(Arrays.stream(methods.split(",")).map(String::trim).toList());
    List<String> known = BenchScenarios.timedNames(MethodRegistry.builtIn());
    if (dataset != null && !selected.contains("predict")) {
      selected.add("predict");
    }
    if (dataset == null && selected.stream().anyMatch(n -> n.equals("predict") || BenchExplain.SCENARIOS.containsKey(n))) {
      throw CommandFailure.usage("--methods: 'predict' and 'explain-…' need --dataset DIR");
    }
    Dataset datasetImages = null; // listed once, before the model loads
    if (dataset != null) {
      CommandInputs.requireFolder("--dataset", dataset);
      datasetImages = scan(dataset);
      if (datasetImages.size() == 0) {
        // A figure over no images would be a ratio of zeros ("Infinity" before).
        throw CommandFailure.usage("--dataset: no image files in " + dataset);
      }
    }
    for (String name : selected) {
      if (!known.contains(name)) {
        throw CommandFailure.usage("--methods: unknown '" + name + "' (allowed: " + String.join(", ", known) + ")");
      }
    }
    CommandInputs.requireFile("--model", modelOptions.modelFile(), "a TorchScript file");
    BatchBudget budget = modelOptions.budget();
    modelOptions.budgetNote().ifPresent(note -> spec.commandLine().getErr().println("bench: note: " + note));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (TorchScriptClassifier model = TorchScriptClassifier.load(modelOptions.modelFile(), modelOptions.device().resolve())) {
      long[] shape = shape(model);
      long rowElements = rowElements(shape, budget);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("model", modelOptions.modelFile().toString());
      report.put("device", model.deviceName());
      report.put("input_shape", Arrays.stream(shape).boxed().toList());
      report.put("threads", Runtime.getRuntime().availableProcessors());
      report.put("repeats", repeats);
      // Methods first: the floor's large batches leave pages resident that would hide their peaks.
      List<Map<String, Object>> timings = new ArrayList<>();
      float[] input = PassThroughput.randomInput(shape, 1);
      Shape rowShape = new Shape(Arrays.copyOfRange(shape, 1, shape.length));
      for (String name : selected) {
        err.println("bench: timing " + name + " …");
        err.flush();
        timings.add(name.equals("predict") ? timePredict(model, datasetImages)
            : BenchExplain.SCENARIOS.containsKey(name) ? BenchExplain.time(name, model, dataset, datasetImages, budget, repeats,
                (batch, gradient, passes) -> PassThroughput.imagesPerSecond(model, shape, batch, gradient, passes, 1))
            : time(name, model, input, shape, rowShape, budget));
      }
      err.println("bench: measuring the floor …");
      err.flush();
      List<Map<String, Object>> floor = new ArrayList<>();
      double bestForward = 0;
      double bestGradient = 0;
      for (int requested : sizes) {
        // Lowered to what the budget allows for a gradient pass (never refused): 10⁸ overflowed an array size.
        int size = Math.min(requested, budget.maxRows(rowElements, true));
        if (size < requested) {
          err.println("bench: note: batch " + requested + " lowered to " + size + " (the memory budget's most for this input)");
        }
        double forward = throughput(model, shape, size, false);
        double gradient = throughput(model, shape, size, true);
        bestForward = Math.max(bestForward, forward);
        bestGradient = Math.max(bestGradient, gradient);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("batch", size);
        row.put("forward_images_per_s", forward);
        row.put("gradient_images_per_s", gradient);
        floor.add(row);
        err.printf(Locale.ROOT, "bench: batch %d: forward %.1f img/s, forward+gradient %.1f img/s%n", size, forward, gradient);
        err.flush();
      }
      report.put("floor", floor);
      for (Map<String, Object> timing : timings) {
        double floorSeconds = (Long) timing.get("forward_passes") / bestForward + (Long) timing.get("gradient_passes") / bestGradient;
        timing.put("floor_seconds", floorSeconds);
        timing.put("ratio_to_floor", (Double) timing.get("seconds") / floorSeconds);
        if (timing.get("images") instanceof Integer images) {
          // The floor for a dataset: one forward and backward pass of the whole model per image.
          timing.put("forward_backward_floor_seconds", images / bestGradient);
          timing.put("ratio_to_forward_backward_floor", (Double) timing.get("seconds") / (images / bestGradient));
        }
      }
      if (captum != null) {
        captum.annotate(timings);
      }
      report.put("methods", timings);
      if (json) {
        out.println(Json.write(report));
      } else {
        printTable(out, report, floor, timings);
        if (captum != null) {
          captum.print(out, timings);
        }
      }
      out.flush();
      return 0;
    } catch (ModelLoadException e) {
      throw CommandFailure.work("--model: " + e.getMessage());
    }
  }

  private long[] shape(TorchScriptClassifier model) throws CommandFailure {
    if (inputShape == null) {
      var pre = model.spec().preprocessing();
      return new long[] {1, pre.channels(), pre.height(), pre.width()};
    }
    try {
      long[] parsed = Arrays.stream(inputShape.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
      if (parsed.length != 4 || parsed[0] != 1 || Arrays.stream(parsed).anyMatch(d -> d < 1)) {
        throw CommandFailure.usage("--input-shape: must be 1,C,H,W with positive sizes, got " + inputShape);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw CommandFailure.usage("--input-shape: '" + inputShape + "' is not 1,C,H,W");
    }
  }

  /**
   * Elements of one input row ({@code C·H·W}), checked before anything is allocated: a shape whose single
   * input does not fit the memory budget (or overflows a Java array) is a usage error.
   */
  private static long rowElements(long[] shape, BatchBudget budget) throws CommandFailure {
    long elements = 1;
    try {
      for (int d = 1; d < shape.length; d++) {
        elements = Math.multiplyExact(elements, shape[d]);
      }
    } catch (ArithmeticException overflow) {
      elements = Long.MAX_VALUE;
    }
    long bytes = elements > Long.MAX_VALUE / Float.BYTES ? Long.MAX_VALUE : elements * Float.BYTES;
    if (elements > Integer.MAX_VALUE - 8 || bytes > budget.bytes()) {
      throw CommandFailure.usage("--input-shape: one input of " + Arrays.stream(shape).skip(1).mapToObj(Long::toString)
          .collect(Collectors.joining("×")) + " floats is more than the memory budget ("
          + BatchBudget.describe(budget.bytes()) + ")");
    }
    return elements;
  }

  /** Images per second through one pass kind at one batch size: the median of the repeats. */
  private double throughput(TorchScriptClassifier model, long[] shape, int batch, boolean gradient) {
    return PassThroughput.imagesPerSecond(model, shape, batch, gradient, Math.max(2, 16 / batch), repeats);
  }

  /**
   * The dataset figure: scanning excluded (it is I/O the floor knows nothing of), decoding and resizing
   * on the predictor's pool included, every readable image one forward row.
   */
  private Map<String, Object> timePredict(TorchScriptClassifier model, Dataset images) throws CommandFailure {
    double[] seconds = new double[repeats];
    double[] pairedRatios = new double[repeats];
    long peakResident = 0;
    int predicted = 0;
    long[] shape = shape(model);
    for (int r = 0; r < repeats; r++) {
      BatchSizer.forgetAll();
      ProcessMemory.resetPeak();
      long start = System.nanoTime();
      AnalysisSnapshot snapshot = DatasetPredictor.builder(model).optCancellation(Interruption.TOKEN).build().predict(images);
      seconds[r] = (System.nanoTime() - start) / 1e9;
      predicted = snapshot.predictions().size();
      if (predicted == 0) {
        throw CommandFailure.work("--dataset: none of the " + images.size() + " image files of " + dataset
            + " could be read");
      }
      peakResident = Math.max(peakResident, ProcessMemory.peakResidentBytes().orElse(0));
      // This machine's speed drifts by ±15% within minutes: the same images' forward passes at the
      // batch size the run settled on, timed right after it, give a floor from the same minute.
      int batch = BatchSizer.settledSizes(model).values().stream().findFirst().orElse(1);
      double rate = PassThroughput.imagesPerSecond(model, shape, batch, false, Math.max(1, predicted / batch), 1);
      pairedRatios[r] = seconds[r] / (predicted / rate);
    }
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("method", "predict");
    timing.put("settings", predicted + " images of " + dataset + ", decoding included");
    timing.put("seconds", PassThroughput.median(seconds));
    timing.put("runs_seconds", Arrays.stream(seconds).boxed().toList());
    timing.put("paired_ratios", Arrays.stream(pairedRatios).boxed().toList());
    timing.put("paired_ratio", PassThroughput.median(pairedRatios));
    timing.put("batch_sizes_found", BatchSizer.settledSizes(model));
    timing.put("forward_passes", (long) predicted);
    timing.put("gradient_passes", 0L);
    timing.put("peak_memory_mb", 0.0);
    timing.put("peak_process_rss_mb", peakResident / 1048576.0);
    return timing;
  }

  /** The images of the {@code --dataset} folder, unlabelled. */
  private static Dataset scan(Path folder) throws CommandFailure {
    try {
      return DatasetScanner.scan(folder, LabelSource.parse("none"));
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw CommandFailure.work("--dataset: " + e.getMessage());
    }
  }

  private Map<String, Object> time(String name, TorchScriptClassifier model, float[] input, long[] shape, Shape rowShape,
      BatchBudget budget) {
    MethodRegistry methods = MethodRegistry.builtIn();
    ModelFacts facts = ModelFacts.of(model.spec().preprocessing());
    BenchScenarios.Scenario scenario = BenchScenarios.of(name, methods, facts, rowShape.getShape());
    Supplier<AttributionMethod> method = scenario.method();
    boolean untilFirstEstimate = scenario.untilFirstEstimate();
    double[] seconds = new double[repeats];
    long peak = 0;
    long peakResident = 0;
    PassCount passes = PassCount.ZERO;
    Map<String, Object> extra = new LinkedHashMap<>();
    for (int r = 0; r < repeats; r++) {
      // Every run pays for its own batch-size search, as a first run in a fresh process would.
      BatchSizer.forgetAll();
      try (NDManager manager = model.manager().newSubManager()) {
        NDArray inputs = manager.create(input, new Shape(shape));
        long before = ProcessMemory.residentBytes().orElse(0);
        ProcessMemory.resetPeak();
        long start = System.nanoTime();
        AttributionMethod instance = method.get();
        AttributionContext context = AttributionContext.defaults().withBudget(budget).withCancellation(Interruption.TOKEN);
        Attribution result;
        if (untilFirstEstimate) {
          int[] stepsOfFirstEstimate = {0};
          EstimateListener firstEstimate = EstimateListener.atMostEvery(0, System::nanoTime,
              (values, done, total) -> stepsOfFirstEstimate[0] = done);
          try {
            Attribution whole = instance.attribute(model, inputs, new int[] {0}, context.withEstimates(firstEstimate)
                .withCancellation(() -> stepsOfFirstEstimate[0] > 0 || Interruption.requested()));
            // Too short a run for an estimate: the first heat map is the result.
            whole.values().toFloatArray();
            seconds[r] = (System.nanoTime() - start) / 1e9;
            passes = whole.passes();
          } catch (CancelledException expected) {
            Interruption.TOKEN.throwIfCancelled();
            seconds[r] = (System.nanoTime() - start) / 1e9;
            // An estimate counts steps, samples or windows (each window one forward pass after the unoccluded one).
            passes = methods.get(instance.id()).estimates().passesAt(stepsOfFirstEstimate[0]);
          }
          long resident = ProcessMemory.peakResidentBytes().orElse(0);
          peak = Math.max(peak, resident - before);
          peakResident = Math.max(peakResident, resident);
          continue;
        }
        if (scenario.refining()) {
          context = context.withEstimates(EstimateListener.atMostEvery(EstimateListener.SHOWN_INTERVAL_NANOS,
              System::nanoTime, (values, done, total) -> {}));
        }
        result = instance.attribute(model, inputs, new int[] {0}, context);
        result.stepsUsed().ifPresent(steps -> extra.put("steps_used", steps));
        result.values().toFloatArray();
        seconds[r] = (System.nanoTime() - start) / 1e9;
        long resident = ProcessMemory.peakResidentBytes().orElse(0);
        peak = Math.max(peak, resident - before);
        peakResident = Math.max(peakResident, resident);
        passes = result.passes();
      }
    }
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("method", name);
    timing.put("settings", scenario.settings());
    timing.put("seconds", PassThroughput.median(seconds));
    timing.put("runs_seconds", Arrays.stream(seconds).boxed().toList());
    timing.put("batch_sizes_found", BatchSizer.settledSizes(model));
    timing.put("forward_passes", passes.forward());
    timing.put("gradient_passes", passes.gradient());
    timing.put("peak_memory_mb", peak / 1048576.0);
    timing.put("peak_process_rss_mb", peakResident / 1048576.0);
    timing.putAll(extra);
    return timing;
  }

  @SuppressWarnings("unchecked")
  private static void printTable(PrintWriter out, Map<String, Object> report, List<Map<String, Object>> floor,
      List<Map<String, Object>> timings) {
    out.printf(Locale.ROOT, "model %s on %s, input %s, %d cores, median of %d%n", report.get("model"), report.get("device"),
        report.get("input_shape"), (Integer) report.get("threads"), (Integer) report.get("repeats"));
    out.println();
    out.println("| batch | forward img/s | forward+gradient img/s |");
    out.println("|---:|---:|---:|");
    for (Map<String, Object> row : floor) {
      out.printf(Locale.ROOT, "| %d | %.1f | %.1f |%n", row.get("batch"), row.get("forward_images_per_s"), row.get("gradient_images_per_s"));
    }
    out.println();
    out.println("| method | settings | seconds | passes (fwd + grad) | floor s | ratio | growth MB | process peak MB |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (Map<String, Object> t : timings) {
      out.printf(Locale.ROOT, "| %s | %s | %.2f | %d + %d | %.2f | %.2f | %.0f | %.0f |%n", t.get("method"), t.get("settings"),
          t.get("seconds"), t.get("forward_passes"), t.get("gradient_passes"), t.get("floor_seconds"),
          t.get("ratio_to_floor"), t.get("peak_memory_mb"), t.get("peak_process_rss_mb"));
    }
    for (Map<String, Object> t : timings) {
      if (t.containsKey("paired_ratio")) {
        out.printf(Locale.ROOT, "%n%s: %.2f of %s, timed right after each run (median of %s)%n", t.get("method"),
            t.get("paired_ratio"), t.getOrDefault("paired_floor", "the forward passes of the same images at the batch size found"),
            t.get("paired_ratios"));
      }
      if (t.containsKey("forward_backward_floor_seconds")) {
        out.printf(Locale.ROOT, "%s: %.2f of one forward and backward pass per image (%d images, %.2f s at the best"
            + " forward+gradient rate)%n", t.get("method"), t.get("ratio_to_forward_backward_floor"), t.get("images"),
            t.get("forward_backward_floor_seconds"));
      }
    }
  }
}
