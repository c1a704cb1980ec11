package com.comprehendo.cli;

import com.comprehendo.analysis.explain.BatchExplainer;
import com.comprehendo.analysis.explain.ExplainItem;
import com.comprehendo.analysis.explain.ImageSource;
import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.ImageRecord;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.BatchSizer;
import com.comprehendo.model.ProcessMemory;
import com.comprehendo.model.TorchScriptClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bench's dataset explanation figures ({@code explain-saliency}, {@code explain-ig}: IG of 32 steps,
 * {@code explain-grad-cam}: Grad-CAM at the model's split layer):
 * the batch explainer over a whole folder, decoding and predictions included (read from the method's
 * own pass where it can, {@link AttributionMethod#choosesTargetsInItsPass}), the results kept in
 * memory (no disk), each run from a cold batch-size search. Against two floors: bench's best pass
 * rates over the method's passes, and, paired, the same passes timed right after the run at the rows
 * per pass it settled on (the machine's speed drifts within minutes). {@link BenchCommand} adds a third:
 * one forward and backward pass of the whole model per image, at bench's best rate.
 */
final class BenchExplain {

  /** The timed names and the methods they run. */
  static final Map<String, Map.Entry<String, Map<String, String>>> SCENARIOS = Map.of(
      "explain-saliency", Map.entry("saliency", Map.of()),
      "explain-ig", Map.entry("ig", Map.of("n_steps", "32")),
      "explain-grad-cam", Map.entry("grad-cam", Map.of()));

  /** Images per second through passes of one kind at one batch size (bench's own measurement). */
  @FunctionalInterface
  interface Throughput {
    double imagesPerSecond(int batch, boolean gradient, int passesPerRun);
  }

  private BenchExplain() {}

  static Map<String, Object> time(String name, TorchScriptClassifier model, Path folder, Dataset dataset,
      BatchBudget budget, int repeats, Throughput throughput) throws CommandFailure {
    Map.Entry<String, Map<String, String>> scenario = SCENARIOS.get(name);
    MethodRecipe recipe = MethodRecipe.of(scenario.getKey(), scenario.getValue(), model.spec().preprocessing());
    List<ExplainItem> items = items(dataset);
    double[] seconds = new double[repeats];
    double[] paired = new double[repeats];
    long peakResident = 0;
    int[] explained = {0};
    int rowsPerPass = 1;
    for (int r = 0; r < repeats; r++) {
      BatchSizer.forgetAll();
      ProcessMemory.resetPeak();
      explained[0] = 0;
      long start = System.nanoTime();
      try {
        BatchExplainer.builder(model, recipe).optBudget(budget).optCancellation(Interruption.TOKEN).build()
            .explain(items, result -> explained[0] += result.readable() ? 1 : 0);
      } catch (IOException e) {
        throw new IllegalStateException("counting results cannot fail", e);
      } catch (IllegalArgumentException e) {
        throw CommandFailure.work(name + ": " + e.getMessage()); // e.g. Grad-CAM on a model without a split
      }
      seconds[r] = (System.nanoTime() - start) / 1e9;
      peakResident = Math.max(peakResident, ProcessMemory.peakResidentBytes().orElse(0));
      rowsPerPass = BatchSizer.settledSizes(model).values().stream().findFirst().orElse(rowsPerPass);
      PassCount passes = passes(recipe, explained[0]);
      int images = Math.max(1, Math.min(explained[0], rowsPerPass / recipe.rowsPerImage()));
      double gradientRate = throughput.imagesPerSecond(rowsPerPass, true,
          (int) Math.max(1, Math.min(200, passes.gradient() / rowsPerPass)));
      double forwardRate = throughput.imagesPerSecond(images, false, Math.max(1, Math.min(50, explained[0] / images)));
      paired[r] = seconds[r] / (passes.gradient() / gradientRate + passes.forward() / forwardRate);
    }
    PassCount passes = passes(recipe, explained[0]);
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("method", name);
    timing.put("settings", recipe.id() + " " + scenario.getValue() + " over " + explained[0] + " images of " + folder
        + ", decoding and predictions included");
    timing.put("seconds", PassThroughput.median(seconds));
    timing.put("runs_seconds", Arrays.stream(seconds).boxed().toList());
    timing.put("images_per_s", explained[0] / PassThroughput.median(seconds));
    timing.put("images", explained[0]);
    timing.put("paired_ratios", Arrays.stream(paired).boxed().toList());
    timing.put("paired_ratio", PassThroughput.median(paired));
    timing.put("paired_floor", "the same passes (gradient at the rows per pass found, forward at the images per call)");
    timing.put("batch_sizes_found", BatchSizer.settledSizes(model));
    timing.put("forward_passes", passes.forward());
    timing.put("gradient_passes", passes.gradient());
    timing.put("peak_memory_mb", 0.0);
    timing.put("peak_process_rss_mb", peakResident / 1048576.0);
    return timing;
  }

  /**
   * The method's passes for {@code images} images, and one forward row each for the prediction unless
   * the method reads it from its own pass (Saliency, Grad-CAM).
   */
  private static PassCount passes(MethodRecipe recipe, int images) {
    AttributionMethod method = recipe.forImage("").withoutConvergenceDelta(); // as BatchExplainer runs it
    PassCount cost = method.cost(images);
    return method.choosesTargetsInItsPass() ? cost : cost.plus(new PassCount(images, 0));
  }

  private static List<ExplainItem> items(Dataset dataset) {
    List<ExplainItem> items = new ArrayList<>();
    for (ImageRecord record : dataset) {
      items.add(new ExplainItem(dataset.relativePath(record), record.label(), ImageSource.file(record.path())));
    }
    return items;
  }
}
