package com.comprehendo.cli;

import com.comprehendo.analysis.AnalysisSnapshot;
import com.comprehendo.analysis.DatasetPredictor;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.explain.BatchExplainer;
import com.comprehendo.analysis.explain.ExplainItem;
import com.comprehendo.analysis.explain.FaithfulnessColumns;
import com.comprehendo.analysis.explain.ImageSource;
import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.analysis.explain.ResultsFolder;
import com.comprehendo.analysis.explain.ResumableExplanation;
import com.comprehendo.analysis.explain.TargetChoice;
import com.comprehendo.analysis.metrics.CurveKind;
import com.comprehendo.analysis.metrics.DeletionInsertion;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.BoxesCsv;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.DatasetException;
import com.comprehendo.data.ImageRecord;
import com.comprehendo.data.LabelSource;
import com.comprehendo.data.Provenance;
import com.comprehendo.data.UnreadableImage;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.CancelledException;
import com.comprehendo.model.ModelLoadException;
import com.comprehendo.model.ModelSpec;
import com.comprehendo.model.TorchScriptClassifier;
import com.comprehendo.platform.AtomicFiles;
import com.comprehendo.platform.OutputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code comprehendo explain}: attributions for a whole folder of images, into a results folder
 * ({@link ResultsFolder}: one float32 {@code .npy} per image under {@code maps/}, {@code index.csv},
 * provenance), with localization scores against a boxes file. Rerunning the same command goes on
 * where an interrupted run stopped; Ctrl+C leaves every finished map and a consistent index. The
 * dataset folder is only read.
 *
 * <p>Over 400 lines: about a third are the picocli options with their help and one-line validation (the
 * method's own options come from the registry); the rest is the run's phases in order (select, explain,
 * score against boxes, fill the metrics columns, report), whose work lives in {@code analysis.explain}.
 */
@Command(name = "explain", sortOptions = false, modelTransformer = MethodOptions.Install.class,
    description = "Explain every image of a folder into a results folder (maps, index.csv, provenance); resumable.")
public final class ExplainCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  @Mixin private ModelOptions modelOptions;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of images (searched recursively); never written.")
  private Path data;

  @Option(names = "--labels", defaultValue = "auto", paramLabel = "RULE",
      description = "auto, folders, pattern:REGEX, csv:FILE (columns file,label) or none (default: ${DEFAULT-VALUE}).")
  private String labels;

  @Option(names = "--boxes", paramLabel = "CSV",
      description = "Object boxes: a CSV with columns file,box (box = x0 y0 x1 y1 in image pixels, x1 y1 exclusive), "
          + "for energy_in_box and pointing_hit.")
  private Path boxes;

  @Option(names = "--method", paramLabel = "METHOD", completionCandidates = MethodOptions.MethodIds.class,
      description = "Attribution method: ${COMPLETION-CANDIDATES} (default: saliency); its options follow.")
  private String method;

  @Mixin private MethodOptions methodOptions;

  @Option(names = "--target", defaultValue = "predicted", paramLabel = "WHICH",
      description = "The class each map explains: predicted, label, or a class name or index (default: ${DEFAULT-VALUE}).")
  private String target;

  @Option(names = "--only", defaultValue = "all", paramLabel = "WHICH",
      description = "all, mispredicted, or top-losses:N (the N images of highest loss) (default: ${DEFAULT-VALUE}).")
  private String only;

  @Option(names = "--limit", paramLabel = "N", description = "Explain at most N images (the first of the selection).")
  private String limit;

  @Option(names = "--metrics", paramLabel = "LIST", description = "Faithfulness metrics of each map, into deletion_auc/insertion_auc: deletion, insertion or "
          + "deletion,insertion (comprehendo evaluate's defaults).")
  private String metrics;

  @Option(names = "--out", required = true, paramLabel = "RESULTS", description = "The results folder (created; resumed if it exists).")
  private Path out;


  /** What {@code --only} selects. */
  public record Selection(String kind, int count) {

    public static Selection parse(String text) {
      String value = text.strip().toLowerCase(Locale.ROOT);
      if (value.equals("all") || value.equals("mispredicted")) {
        return new Selection(value, 0);
      }
      if (value.startsWith("top-losses:")) {
        return new Selection("top-losses", positive(value.substring("top-losses:".length()), "top-losses:N"));
      }
      throw new IllegalArgumentException("'" + text + "' is not all, mispredicted or top-losses:N");
    }
  }

  @Override
  public Integer call() {
    try {
      return explain();
    } catch (CommandFailure e) {
      PrintWriter stderr = spec.commandLine().getErr();
      stderr.println("explain: " + e.getMessage());
      stderr.flush();
      return e.exitCode();
    }
  }

  /** A whole number from 1 to 2^31 − 1, or a one-line reason. */
  public static int positive(String text, String what) {
    String value = text.strip();
    if (value.matches("-\\d+")) {
      throw new IllegalArgumentException(what + ": must be at least 1, got " + text);
    }
    if (!value.matches("[+]?\\d+")) {
      throw new IllegalArgumentException(what + ": '" + text + "' is not a whole number");
    }
    String digits = value.replaceFirst("^[+]?0*", "");
    if (digits.length() > 10 || (digits.isEmpty() ? 0 : Long.parseLong(digits)) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + ": " + text + " is too large (at most " + Integer.MAX_VALUE + ")");
    }
    int number = digits.isEmpty() ? 0 : Integer.parseInt(digits);
    if (number < 1) {
      throw new IllegalArgumentException(what + ": must be at least 1, got " + text);
    }
    return number;
  }

  private int explain() throws CommandFailure {
    Selection selection;
    try {
      selection = Selection.parse(only);
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage("--only: " + e.getMessage());
    }
    int maxImages = Integer.MAX_VALUE;
    if (limit != null) {
      try {
        maxImages = positive(limit, "--limit");
      } catch (IllegalArgumentException e) {
        throw CommandFailure.usage(e.getMessage());
      }
    }
    List<CurveKind> curves = List.of();
    if (metrics != null) {
      try {
        curves = FaithfulnessColumns.parse(metrics);
      } catch (IllegalArgumentException e) {
        throw CommandFailure.usage("--metrics: " + e.getMessage());
      }
    }
    LabelSource labelSource;
    try {
      labelSource = LabelSource.parse(labels);
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage("--labels: " + e.getMessage());
    }
    CommandInputs.requireFolder("--data", data);
    Path modelFile = modelOptions.modelFile();
    CommandInputs.requireFile("--model", modelFile, "a TorchScript file");
    CommandInputs.labelsFile(labelSource, data);
    if (boxes != null) {
      CommandInputs.requireFile("--boxes", boxes, "a CSV file");
    }
    try {
      AtomicFiles.checkFolderTarget(out);
    } catch (OutputException e) {
      throw CommandFailure.usage("--out: " + e.getMessage());
    }
    BatchBudget budget = modelOptions.budget();
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("--model", modelFile);
    inputs.put("--boxes", boxes);
    CommandOutputs.check(Map.of("--out", out.resolve(ResultsFolder.INDEX)), inputs);
    // Before the model, as predict does: a folder, labels file or boxes file at fault is told at once.
    Dataset scanned = CommandInputs.scanDataset(data, labelSource);
    Map<String, BoundingBox> boxesByKey = readBoxes(scanned);
    try {
      // The sidecar places black and noise baselines: the method is checked before the model loads.
      ModelSpec modelSpec = ModelSpec.forModel(modelFile);
      MethodRecipe recipe;
      try {
        recipe = methodOptions.recipe(method == null ? "saliency" : method, modelSpec.preprocessing());
      } catch (IllegalArgumentException e) {
        throw CommandFailure.usage(e.getMessage());
      }
      return explainWith(TorchScriptClassifier.load(modelFile, modelSpec, modelOptions.device().resolve()), recipe,
          selection, maxImages, scanned, boxesByKey, budget, curves);
    } catch (ModelLoadException e) {
      throw CommandFailure.work("--model: " + e.getMessage());
    }
  }

  private int explainWith(TorchScriptClassifier loaded, MethodRecipe recipe, Selection selection, int maxImages,
      Dataset scanned, Map<String, BoundingBox> boxesByKey, BatchBudget budget, List<CurveKind> curves)
      throws CommandFailure {
    PrintWriter stderr = spec.commandLine().getErr();
    try (TorchScriptClassifier model = loaded) {
      model.spec().assumptions().forEach(note -> stderr.println("explain: note: " + note));
      modelOptions.budgetNote().ifPresent(note -> stderr.println("explain: note: " + note));
      TargetChoice targetChoice;
      try {
        targetChoice = TargetChoice.parse(target, model.classNames());
      } catch (IllegalArgumentException e) {
        throw CommandFailure.usage("--target: " + e.getMessage());
      }
      Dataset dataset = PredictCommand.matchClasses(scanned, model);
      stderr.println("explain: " + dataset.size() + " images; labels: " + dataset.labelRule());
      dataset.notes().forEach(note -> stderr.println("explain: note: " + note));
      stderr.flush();
      List<ExplainItem> items = select(model, dataset, selection, maxImages);
      return run(model, dataset, recipe, targetChoice, items, boxesByKey, budget, curves);
    }
  }

  private Map<String, BoundingBox> readBoxes(Dataset dataset) throws CommandFailure {
    if (boxes == null) {
      return Map.of();
    }
    try {
      return BoxesCsv.read(boxes, dataset.root());
    } catch (DatasetException e) {
      throw CommandFailure.usage("--boxes: " + e.getMessage()); // a file that cannot be used: a wrong argument
    }
  }

  /**
   * The images to explain, in the order the index lists them: the dataset's order for {@code all} and
   * {@code mispredicted}, highest loss first for {@code top-losses}. Unreadable images are always
   * listed (with their reason), after the selected ones for a selection by prediction.
   */
  private List<ExplainItem> select(TorchScriptClassifier model, Dataset dataset, Selection selection, int maxImages)
      throws CommandFailure {
    List<ImageRecord> chosen = new ArrayList<>();
    if (selection.kind().equals("all")) {
      chosen.addAll(dataset.records().subList(0, Math.min(maxImages, dataset.size())));
    } else {
      if (dataset.labelledCount() == 0) {
        throw CommandFailure.usage("--only: " + only + " needs labels, and " + data + " has none (" + dataset.labelRule() + ")");
      }
      PrintWriter stderr = spec.commandLine().getErr();
      ProgressLine progress = new ProgressLine(stderr, "explain: predicting", "images", ProgressLine.isTerminal(),
          System::nanoTime);
      AnalysisSnapshot predictions = DatasetPredictor.builder(model).optCancellation(Interruption.TOKEN)
          .optProgress(progress::update).build().predict(dataset);
      progress.finish();
      Map<java.nio.file.Path, Integer> labels = new HashMap<>();
      dataset.forEach(record -> labels.put(record.path(), record.label()));
      List<ImagePrediction> picked = new ArrayList<>(predictions.predictions());
      if (selection.kind().equals("mispredicted")) {
        picked.removeIf(p -> !p.isLabelled() || p.isCorrect());
      } else {
        picked = predictions.topLosses(selection.count());
      }
      for (ImagePrediction p : picked.subList(0, Math.min(maxImages, picked.size()))) {
        chosen.add(new ImageRecord(p.path(), labels.get(p.path())));
      }
      for (UnreadableImage unreadable : predictions.unreadable()) {
        chosen.add(new ImageRecord(unreadable.path(), labels.get(unreadable.path())));
      }
    }
    List<ExplainItem> items = new ArrayList<>(chosen.size());
    for (ImageRecord record : chosen) {
      items.add(new ExplainItem(dataset.relativePath(record), record.label(), ImageSource.file(record.path())));
    }
    return items;
  }

  private int run(TorchScriptClassifier model, Dataset dataset, MethodRecipe recipe, TargetChoice targetChoice,
      List<ExplainItem> items, Map<String, BoundingBox> boxesByKey, BatchBudget budget, List<CurveKind> curves)
      throws CommandFailure {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    String device = model.device().toString();
    ResultsFolder.Run run = new ResultsFolder.Run(
        ResultsFolder.runKey(model.sha256(), model.spec().preprocessing(), recipe, targetChoice),
        dataset.root(), model.classNames(), recipe,
        () -> Provenance.builder().setCommandLine(CommandOutputs.commandLine(spec))
            .optModel(modelOptions.modelFile(), model.sha256(), ModelSpec.sidecarFile(modelOptions.modelFile()).orElse(null))
            .optDevice(device));
    Function<String, Optional<BoundingBox>> boxOf = key -> Optional.ofNullable(boxesByKey.get(key));
    ResultsFolder results;
    ResumableExplanation.Plan plan;
    try {
      results = ResultsFolder.open(out, run, items.stream().map(ExplainItem::key).toList());
      results.putIndexSetting("only", only);
      results.putIndexSetting("limit", limit);
      results.putIndexSetting("target", targetChoice.describe());
      results.putIndexSetting("labels", dataset.labelRule());
      if (boxes != null) {
        results.putIndexSetting("boxes", Provenance.fileRecord(boxes));
      }
      if (!curves.isEmpty()) {
        results.putIndexSetting("metrics", curves.stream().map(kind -> kind.id() + " (baseline "
            + kind.defaultBaseline() + ", step H*W/" + DeletionInsertion.DEFAULT_POINTS + ")").toList());
      }
      plan = ResumableExplanation.plan(results, items, boxOf, model.spec().preprocessing());
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage("--out: " + e.getMessage());
    } catch (IOException e) {
      throw CommandFailure.work("--out: " + e.getMessage());
    }
    if (plan.kept() > 0) {
      stderr.println("explain: " + plan.kept() + " of " + items.size() + " images done before with the same parameters; "
          + plan.todo().size() + " to go");
    }
    stderr.println("explain: " + recipe.id() + " " + recipe.parameters() + ", target " + targetChoice.describe()
        + ", " + plan.todo().size() + " images");
    stderr.flush();
    ProgressLine progress = new ProgressLine(stderr, "explain", "images", ProgressLine.isTerminal(), System::nanoTime);
    BatchExplainer explainer = BatchExplainer.builder(model, recipe).optTarget(targetChoice).optBudget(budget)
        .optBoxes(boxOf).optProgress(progress::update).optCancellation(Interruption.TOKEN).build();
    long started = System.nanoTime();
    ResumableExplanation.Summary summary;
    try {
      summary = ResumableExplanation.explain(explainer, results, plan);
    } catch (CancelledException e) {
      progress.finish();
      stderr.println("explain: stopped; the maps finished so far and their index are in " + out
          + "; run the same command again to go on");
      stderr.flush();
      throw e;
    } catch (OutputException e) {
      progress.finish();
      throw e.refused() ? CommandFailure.usage("--out: " + e.getMessage()) : CommandFailure.work("--out: " + e.getMessage());
    } catch (IOException e) {
      progress.finish();
      throw CommandFailure.work("--out: " + e.getMessage());
    }
    progress.finish();
    double seconds = (System.nanoTime() - started) / 1e9;
    if (!curves.isEmpty()) {
      fillMetrics(new FaithfulnessColumns(model, curves), results, budget);
    }
    report(stdout, summary, seconds, results);
    return 0;
  }

  /** Deletion/insertion AUCs of every map that lacks them (this run's and any kept from before). */
  private void fillMetrics(FaithfulnessColumns columns, ResultsFolder results, BatchBudget budget) throws CommandFailure {
    PrintWriter stderr = spec.commandLine().getErr();
    stderr.println("explain: " + metrics.strip() + " for " + columns.missing(results) + " maps");
    stderr.flush();
    ProgressLine progress = new ProgressLine(stderr, "explain: metrics", "images", ProgressLine.isTerminal(),
        System::nanoTime);
    AttributionContext context = AttributionContext.defaults().withBudget(budget).withCancellation(Interruption.TOKEN);
    try {
      columns.fill(results, context, progress::update);
    } catch (CancelledException e) {
      progress.finish();
      stderr.println("explain: stopped; the maps and the metrics finished so far are in " + out
          + "; run the same command again to go on");
      stderr.flush();
      throw e;
    } catch (IOException e) {
      progress.finish();
      throw CommandFailure.work("--out: " + e.getMessage());
    }
    progress.finish();
  }

  private void report(PrintWriter stdout, ResumableExplanation.Summary summary, double seconds, ResultsFolder results) {
    stdout.printf(Locale.ROOT, "explained %d images in %.1f s (%.1f images/s), %d kept from before, %d unreadable%n",
        summary.explained(), seconds, summary.explained() / Math.max(seconds, 1e-9), summary.kept(), summary.unreadable());
    if (boxes != null) {
      int energyColumn = ResultsFolder.COLUMNS.indexOf("energy_in_box");
      int pointingColumn = ResultsFolder.COLUMNS.indexOf("pointing_hit");
      int scored = 0;
      int hits = 0;
      List<Double> energies = new ArrayList<>();
      for (List<String> row : results.rows()) {
        if (!row.get(energyColumn).isEmpty()) {
          energies.add(Double.parseDouble(row.get(energyColumn)));
        }
        if (!row.get(pointingColumn).isEmpty()) {
          scored++;
          hits += row.get(pointingColumn).equals("1") ? 1 : 0;
        }
      }
      energies.sort(Comparator.naturalOrder());
      if (energies.isEmpty()) {
        stdout.println("localization: no image has a box in " + boxes);
      } else {
        stdout.printf(Locale.ROOT, "localization over %d images with a box: median energy in box %.3f, pointing game %d/%d (%.3f)%n",
            energies.size(), energies.get(energies.size() / 2), hits, scored, (double) hits / Math.max(1, scored));
      }
    }
    if (metrics != null) {
      for (String column : List.of("deletion_auc", "insertion_auc")) {
        int index = ResultsFolder.COLUMNS.indexOf(column);
        double[] values = results.rows().stream().map(row -> row.get(index)).filter(value -> !value.isEmpty())
            .mapToDouble(Double::parseDouble).toArray();
        if (values.length > 0) {
          stdout.printf(Locale.ROOT, "%s: mean %.4f over %d maps%n", column, Arrays.stream(values).average().orElseThrow(),
              values.length);
        }
      }
    }
    stdout.printf(Locale.ROOT, "wrote %s%n", out.resolve(ResultsFolder.INDEX));
    stdout.flush();
  }
}
