package com.comprehendo.cli;

import com.comprehendo.analysis.AnalysisSnapshot;
import com.comprehendo.analysis.ConfusedPair;
import com.comprehendo.analysis.DatasetPredictor;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.PredictionsCsv;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.LabelMismatchException;
import com.comprehendo.data.LabelSource;
import com.comprehendo.data.Provenance;
import com.comprehendo.data.UnreadableImage;
import com.comprehendo.model.ModelLoadException;
import com.comprehendo.model.ModelSpec;
import com.comprehendo.model.TorchScriptClassifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code comprehendo predict}: predictions for every readable image of a folder, written as CSV
 * ({@link PredictionsCsv}: {@code path,label,predicted,probability,loss}), with the accuracy, the
 * most confused pairs, the top losses and the unreadable files printed. The folder is only read, never written.
 */
@Command(name = "predict", sortOptions = false, description = "Predict a folder of images and report accuracy, confusions and top losses.")
public final class PredictCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  @Mixin private ModelOptions modelOptions;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of images (searched recursively).")
  private Path data;

  @Option(names = "--labels", defaultValue = "auto", paramLabel = "RULE",
      description = "auto, folders, pattern:REGEX (group 1 is the label), csv:FILE (columns file,label) or none (default: ${DEFAULT-VALUE}).")
  private String labels;

  @Option(names = "--out", required = true, paramLabel = "P.csv", description = "Where to write the predictions." + CommandOutputs.REPLACES)
  private Path out;

  @Option(names = "--batch-size", paramLabel = "N", description = "Images per forward pass (default: sized to the memory budget).")
  private Integer batchSize;

  @Option(names = "--top-losses", defaultValue = "10", paramLabel = "K", description = "Top losses to print (default: ${DEFAULT-VALUE}).")
  private int topLosses;

  @Option(names = "--allow-nan",
      description = "Exit 0 even when the model's outputs for some images hold NaN or ±Infinity (counted and listed either way).")
  private boolean allowNan;

  @Override
  public Integer call() {
    try {
      return predict();
    } catch (CommandFailure e) {
      PrintWriter stderr = spec.commandLine().getErr();
      stderr.println("predict: " + e.getMessage());
      stderr.flush();
      return e.exitCode();
    }
  }

  private int predict() throws CommandFailure {
    Path modelFile = modelOptions.modelFile();
    LabelSource labelSource;
    try {
      labelSource = LabelSource.parse(labels);
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage("--labels: " + e.getMessage());
    }
    CommandInputs.requireFolder("--data", data);
    CommandInputs.requireFile("--model", modelFile, "a TorchScript file");
    if (batchSize != null && batchSize < 1) {
      throw CommandFailure.usage("--batch-size: must be at least 1, got " + batchSize);
    }
    if (topLosses < 0) {
      throw CommandFailure.usage("--top-losses: must be 0 or more, got " + topLosses);
    }
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("--model", modelFile);
    inputs.put("--data", data);
    CommandInputs.labelsFile(labelSource, data).ifPresent(file -> inputs.put("--labels", file));
    CommandOutputs.check(Map.of("--out", out), inputs);
    // Before the model: what is wrong with the folder or its labels is told at once, not after seconds of
    // loading, and not hidden by a model that fails to load.
    Dataset scanned = CommandInputs.scanDataset(data, labelSource);
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    try (TorchScriptClassifier model = TorchScriptClassifier.load(modelFile, modelOptions.device().resolve())) {
      model.spec().assumptions().forEach(note -> stderr.println("predict: note: " + note));
      modelOptions.budgetNote().ifPresent(note -> stderr.println("predict: note: " + note));
      Dataset dataset = matchClasses(scanned, model);
      stderr.println("predict: " + dataset.size() + " images; labels: " + dataset.labelRule());
      dataset.notes().forEach(note -> stderr.println("predict: note: " + note));
      stderr.flush();
      long started = System.nanoTime();
      DatasetPredictor.Builder predictor =
          DatasetPredictor.builder(model).optCancellation(Interruption.TOKEN).optBudget(modelOptions.budget());
      if (batchSize != null) {
        int allowed = DatasetPredictor.maxBatchSize(model, modelOptions.budget());
        if (batchSize > allowed) {
          stderr.println("predict: note: --batch-size " + batchSize + " lowered to " + allowed
              + " (the most the memory budget allows for this model's input)");
        }
        predictor.optBatchSize(batchSize);
      }
      AnalysisSnapshot results = predictor.build().predict(dataset);
      double seconds = (System.nanoTime() - started) / 1e9;
      writeCsv(results, dataset, model);
      report(stdout, results, dataset, seconds);
      int nonFinite = results.nonFiniteCount();
      if (nonFinite > 0) {
        // The CSV is written either way (NaN where the model gave NaN): the exit status tells a script.
        stderr.println("predict: " + (allowNan ? "warning: " : "") + "the model's outputs hold NaN or infinite values for "
            + nonFinite + " of " + results.predictedCount() + " images (their probability and loss are NaN in "
            + out.getFileName() + ")" + (allowNan ? "" : "; exit 1 (--allow-nan: exit 0)"));
        stderr.flush();
        return allowNan ? 0 : 1;
      }
      return 0;
    } catch (ModelLoadException e) {
      throw CommandFailure.work("--model: " + e.getMessage());
    }
  }

  /** The dataset's labels as indices of the model's classes; labels that are none of them end the work (exit 1). */
  static Dataset matchClasses(Dataset scanned, TorchScriptClassifier model) throws CommandFailure {
    try {
      return scanned.matchClasses(model.classNames());
    } catch (LabelMismatchException e) {
      throw CommandFailure.work("--labels: " + e.getMessage());
    }
  }

  private void writeCsv(AnalysisSnapshot results, Dataset dataset, TorchScriptClassifier model) throws CommandFailure {
    Map<String, Object> folder = new LinkedHashMap<>();
    folder.put("folder", data.toAbsolutePath().toString());
    folder.put("images", dataset.size());
    folder.put("labels", dataset.labelRule());
    Provenance provenance = Provenance.builder()
        .setCommandLine(CommandOutputs.commandLine(spec))
        .optModel(modelOptions.modelFile(), model.sha256(), ModelSpec.sidecarFile(modelOptions.modelFile()).orElse(null))
        .optInput("data", folder)
        .optDevice(model.deviceName())
        .build();
    CommandOutputs.write(provenance,
        new CommandOutputs.Output("--out", out, PredictionsCsv.content(results, dataset.root())));
  }

  private void report(PrintWriter stdout, AnalysisSnapshot results, Dataset dataset, double seconds) {
    stdout.printf(Locale.ROOT, "predicted %d images in %.1f s (%.1f images/s), %d unreadable%s%n",
        results.predictedCount(), seconds, results.predictedCount() / Math.max(seconds, 1e-9), results.unreadable().size(),
        results.nonFiniteCount() == 0 ? "" : ", " + results.nonFiniteCount() + " with NaN or infinite outputs");
    if (results.labelledCount() > 0) {
      stdout.printf(Locale.ROOT, "accuracy %.4f (error rate %.4f) over %d labelled images; mean loss %.4f%n",
          results.accuracy(), results.errorRate(), results.labelledCount(), results.meanLoss());
      List<ConfusedPair> confused = results.mostConfused(1);
      stdout.println(confused.isEmpty() ? "most confused: none" : "most confused (actual -> predicted: count):");
      confused.stream().limit(10).forEach(pair ->
          stdout.printf(Locale.ROOT, "  %s -> %s: %d%n", pair.actual(), pair.predicted(), pair.count()));
      List<ImagePrediction> top = results.topLosses(topLosses);
      if (!top.isEmpty()) {
        stdout.println("top losses (path: label -> predicted, probability, loss):");
        for (ImagePrediction p : top) {
          stdout.printf(Locale.ROOT, "  %s: %s -> %s, %.3f, %.3f%n", printable(dataset.relativePath(p.path())),
              results.classNames().get(p.actual()), results.classNames().get(p.predicted()),
              p.predictedProbability(), p.loss());
        }
      }
    } else {
      stdout.println("no labels: accuracy not computed");
    }
    for (UnreadableImage unreadable : results.unreadable()) {
      stdout.printf(Locale.ROOT, "unreadable: %s: %s%n", printable(dataset.relativePath(unreadable.path())),
          printable(unreadable.reason()));
    }
    stdout.printf(Locale.ROOT, "wrote %s%n", out);
    stdout.flush();
  }

  /**
   * A file name as one summary line can hold it: a newline, tab or other control character in a name
   * (legal on Linux) is written as a Java-style escape, so each image stays on its own line. The CSV
   * quotes such names instead and keeps them as they are.
   */
  static String printable(Object text) {
    String value = String.valueOf(text);
    StringBuilder escaped = new StringBuilder(value.length());
    value.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        case '\\' -> escaped.append("\\\\");
        default -> {
          if (Character.isISOControl(c)) {
            escaped.append(String.format(Locale.ROOT, "\\u%04x", c));
          } else {
            escaped.appendCodePoint(c);
          }
        }
      }
    });
    return escaped.toString();
  }
}
