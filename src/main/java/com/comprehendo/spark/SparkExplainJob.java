package com.comprehendo.spark;

import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.analysis.explain.ResultsFolder;
import com.comprehendo.analysis.explain.TargetChoice;
import com.comprehendo.cli.ExplainCommand;
import com.comprehendo.cli.MethodOptions;
import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.DatasetException;
import com.comprehendo.data.ImageRecord;
import com.comprehendo.data.LabelMismatchException;
import com.comprehendo.data.LabelSource;
import com.comprehendo.data.LabelsFileException;
import com.comprehendo.data.Provenance;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.model.DeviceChoice;
import com.comprehendo.model.ModelLoadException;
import com.comprehendo.model.ModelSpec;
import com.comprehendo.model.TorchScriptClassifier;
import com.comprehendo.platform.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spark-submit --class com.comprehendo.spark.SparkExplainJob comprehendo-spark.jar --model M.pt
 * --data PATH --method … --out RESULTS}: {@code comprehendo explain} on a Spark cluster, with its
 * options, its results folder (maps, {@code index.csv}, provenance; {@code index.parquet} too) and its
 * resuming. Paths may be anything Hadoop reads (a local folder, {@code hdfs://}, {@code s3a://}).
 * See docs/cluster.md.
 */
@Command(name = "comprehendo-spark", sortOptions = false, modelTransformer = MethodOptions.Install.class,
    description = "Explain every image of a folder on a Spark cluster into a results folder (as explain); resumable.")
public final class SparkExplainJob implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  @Option(names = "--model", required = true, paramLabel = "M.pt",
      description = "TorchScript model (sidecar M.json beside it); any Hadoop path.")
  private String modelFile;

  @Option(names = "--data", required = true, paramLabel = "PATH",
      description = "Folder of images (searched recursively); any Hadoop path; never written.")
  private String data;

  @Option(names = "--labels", defaultValue = "auto", paramLabel = "RULE",
      description = "auto, folders, pattern:REGEX, csv:FILE (in the data folder) or none (default: ${DEFAULT-VALUE}).")
  private String labels;

  @Option(names = "--boxes", paramLabel = "CSV", description = "Object boxes: a CSV with columns file,box; any Hadoop path.")
  private String boxes;

  @Option(names = "--method", paramLabel = "METHOD", completionCandidates = MethodOptions.MethodIds.class,
      description = "Attribution method: ${COMPLETION-CANDIDATES} (default: saliency); its options follow.")
  private String method;

  @Mixin private MethodOptions methodOptions;

  @Option(names = "--target", defaultValue = "predicted", paramLabel = "WHICH",
      description = "The class each map explains: predicted, label, or a class name or index (default: ${DEFAULT-VALUE}).")
  private String target;

  @Option(names = "--only", defaultValue = "all", paramLabel = "WHICH", description = "all (default: ${DEFAULT-VALUE}).")
  private String only;

  @Option(names = "--limit", paramLabel = "N", description = "Explain at most N images (the first in the dataset's order).")
  private String limit;

  @Option(names = "--out", required = true, paramLabel = "RESULTS",
      description = "The results folder (created; resumed if it exists); any Hadoop path.")
  private String out;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu",
      description = "Where executors compute (default: ${DEFAULT-VALUE}).")
  private String device;

  @Option(names = "--memory-budget", paramLabel = "SIZE", description = "Memory one pass may use, e.g. 512m, 2g (default 1g).")
  private String memoryBudget;

  @Option(names = "--index-every", defaultValue = "1000", paramLabel = "N",
      description = "Write the index after every N images explained (default: ${DEFAULT-VALUE}).")
  private String indexEvery;

  private final SparkSession spark;

  private SparkExplainJob(SparkSession spark) {
    this.spark = spark;
  }

  /** The job on the session spark-submit made; exits with the job's status. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("comprehendo explain").getOrCreate();
    int status;
    try {
      status = run(spark, args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    } finally {
      spark.stop();
    }
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the job on {@code spark} with the given arguments; the exit status (0, 1 failure, 2 usage). */
  public static int run(SparkSession spark, String[] args, PrintWriter stdout, PrintWriter stderr) {
    return new CommandLine(new SparkExplainJob(spark)).setOut(stdout).setErr(stderr).execute(args);
  }

  @Override
  public Integer call() {
    PrintWriter stderr = spec.commandLine().getErr();
    try {
      return explain();
    } catch (JobFailure e) {
      stderr.println("comprehendo-spark: " + e.getMessage());
      stderr.flush();
      return e.exitCode();
    }
  }

  private int explain() throws JobFailure {
    int maxImages = Integer.MAX_VALUE;
    int wave;
    long budgetBytes;
    LabelSource labelSource;
    try {
      if (!ExplainCommand.Selection.parse(only).kind().equals("all")) {
        throw JobFailure.usage("--only: " + only + " is not available on a cluster yet: run all (or explain on one machine)");
      }
    } catch (IllegalArgumentException e) {
      throw JobFailure.usage("--only: " + e.getMessage());
    }
    try {
      // Their messages name the option.
      if (limit != null) {
        maxImages = ExplainCommand.positive(limit, "--limit");
      }
      wave = ExplainCommand.positive(indexEvery, "--index-every");
    } catch (IllegalArgumentException e) {
      throw JobFailure.usage(e.getMessage());
    }
    try {
      budgetBytes = memoryBudget == null ? 0 : new BatchBudget(BatchBudget.parseBytes(memoryBudget)).bytes();
    } catch (IllegalArgumentException e) {
      throw JobFailure.usage("--memory-budget: " + e.getMessage());
    }
    try {
      labelSource = LabelSource.parse(labels);
    } catch (IllegalArgumentException e) {
      throw JobFailure.usage("--labels: " + e.getMessage());
    }
    try {
      DeviceChoice.parse(device);
    } catch (IllegalArgumentException e) {
      throw JobFailure.usage("--device: " + e.getMessage());
    }
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    try {
      Path modelPath = qualified(files, "--model", modelFile);
      Path dataPath = qualified(files, "--data", data);
      Path outPath = qualified(files, "--out", out);
      Path boxesPath = boxes == null ? null : qualified(files, "--boxes", boxes);
      checkInputFile(files, "--model", modelPath, modelFile, "a TorchScript file");
      if (!files.isDirectory(dataPath)) {
        throw JobFailure.usage("--data: not a folder: " + data);
      }
      if (boxesPath != null) {
        checkInputFile(files, "--boxes", boxesPath, boxes, "a CSV file");
      }
      Optional<String> outProblem = files.folderTargetProblem(outPath);
      if (outProblem.isPresent()) {
        throw JobFailure.usage("--out: " + outProblem.get());
      }
      if (ClusterRun.within(outPath, dataPath)) {
        throw JobFailure.usage("--out: the results folder " + out + " lies in the dataset folder " + data
            + ", which is never written");
      }
      if (ClusterRun.within(dataPath, new Path(outPath, ResultsFolder.MAPS))) {
        throw JobFailure.usage("--out: the dataset folder lies in the results' maps folder, which is written");
      }
      MethodRecipe recipe;
      try {
        recipe = methodOptions.recipe(method == null ? "saliency" : method, modelSpec(files, modelPath).preprocessing());
      } catch (IllegalArgumentException e) {
        throw JobFailure.usage(e.getMessage());
      }
      return explain(files, modelPath, dataPath, outPath, boxesPath, labelSource, maxImages, wave, budgetBytes, recipe);
    } catch (IOException e) {
      throw JobFailure.work(e.getMessage());
    }
  }

  private int explain(HadoopFiles files, Path modelPath, Path dataPath, Path outPath, Path boxesPath,
      LabelSource labelSource, int maxImages, int wave, long budgetBytes, MethodRecipe recipe)
      throws JobFailure, IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    SparkContext context = spark.sparkContext();
    context.addFile(modelPath.toString());
    HashMap<String, Object> modelRecord = new HashMap<>();
    String modelSha256 = Sha256.of(java.nio.file.Path.of(SparkFiles.get(modelPath.getName())));
    modelRecord.putAll(Provenance.fileRecord(HadoopFiles.location(modelPath), modelSha256));
    modelRecord.put("sidecar", null);
    for (java.nio.file.Path candidate : ModelSpec.sidecarsBeside(java.nio.file.Path.of(modelPath.getName()))) {
      Path sidecar = new Path(modelPath.getParent(), candidate.getFileName().toString());
      if (files.isFile(sidecar)) {
        context.addFile(sidecar.toString());
        modelRecord.put("sidecar", Provenance.fileRecord(HadoopFiles.location(sidecar),
            Sha256.of(java.nio.file.Path.of(SparkFiles.get(sidecar.getName())))));
        break;
      }
    }
    TorchScriptClassifier model;
    try {
      model = ExecutorModels.get(modelPath.getName(), modelSha256, device);
    } catch (ModelLoadException e) {
      throw JobFailure.work("--model: " + e.getMessage());
    }
    model.spec().assumptions().forEach(note -> stderr.println("comprehendo-spark: note: " + note));
    TargetChoice targetChoice;
    try {
      targetChoice = TargetChoice.parse(target, model.classNames());
    } catch (IllegalArgumentException e) {
      throw JobFailure.usage("--target: " + e.getMessage());
    }
    Dataset dataset;
    Map<String, BoundingBox> boxesByKey = Map.of();
    try {
      dataset = ClusterRun.scan(files, dataPath, labelSource, ClusterRun.list(files, dataPath))
          .matchClasses(model.classNames());
      if (boxesPath != null) {
        boxesByKey = ClusterRun.boxes(files, boxesPath, dataset.root());
      }
    } catch (LabelMismatchException e) {
      throw JobFailure.work("--labels: " + e.getMessage());
    } catch (LabelsFileException e) {
      throw JobFailure.usage("--labels: " + e.getMessage());
    } catch (DatasetException e) {
      throw JobFailure.work((boxesPath != null && e.getMessage().contains("box") ? "--boxes: " : "--data: ")
          + e.getMessage());
    }
    stderr.println("comprehendo-spark: " + dataset.size() + " images; labels: " + dataset.labelRule());
    dataset.notes().forEach(note -> stderr.println("comprehendo-spark: note: " + note));
    List<ImageRecord> records = dataset.records().subList(0, Math.min(maxImages, dataset.size()));
    HashMap<String, Integer> labelsByKey = new HashMap<>();
    records.forEach(r -> labelsByKey.put(dataset.relativePath(r), r.label()));
    HashMap<String, double[]> boxesArrays = new HashMap<>();
    boxesByKey.forEach((key, b) -> boxesArrays.put(key, new double[] {b.x0(), b.y0(), b.x1(), b.y1()}));
    List<String> commandLine = new ArrayList<>();
    commandLine.add("comprehendo-spark");
    commandLine.addAll(spec.commandLine().getParseResult().originalArgs());
    JobSettings settings = new JobSettings(modelPath.getName(), modelSha256, modelRecord, commandLine, device, recipe.id(),
        new HashMap<>(methodOptions.given()), targetChoice.describe(),
        ResultsFolder.runKey(model.sha256(), model.spec().preprocessing(), recipe, targetChoice), budgetBytes,
        dataPath.toString(), labelsByKey, boxesArrays, outPath.toString(),
        HadoopFiles.write(spark.sparkContext().hadoopConfiguration()));
    Map<String, Object> indexSettings = new LinkedHashMap<>();
    indexSettings.put("only", only);
    indexSettings.put("limit", limit);
    indexSettings.put("target", targetChoice.describe());
    indexSettings.put("labels", dataset.labelRule());
    if (boxesPath != null) {
      indexSettings.put("boxes", Provenance.fileRecord(HadoopFiles.location(boxesPath),
          ClusterRun.sha256(files.readIfExists(boxesPath).orElseThrow())));
    }
    stderr.println("comprehendo-spark: " + recipe.id() + " " + recipe.parameters() + ", target "
        + targetChoice.describe() + ", " + records.size() + " images");
    stderr.flush();
    long started = System.nanoTime();
    ClusterRun.Summary summary = new ClusterRun(spark, settings, recipe, model.spec().preprocessing(),
        model.classNames(), indexSettings, model.device().toString()).run(dataset, records, wave);
    double seconds = (System.nanoTime() - started) / 1e9;
    stdout.printf(Locale.ROOT, "explained %d images in %.1f s (%.1f images/s), %d kept from before, %d unreadable%n",
        summary.explained(), seconds, summary.explained() / Math.max(seconds, 1e-9), summary.kept(),
        summary.unreadable());
    stdout.printf(Locale.ROOT, "wrote %s and %s%n", new Path(outPath, ResultsFolder.INDEX),
        new Path(outPath, IndexTable.PARQUET));
    stdout.flush();
    return 0;
  }

  /**
   * The model's spec as its sidecar gives it (the defaults without one), read from a copy on this
   * machine's disk before the model is fetched or loaded: it places black and noise baselines, so the
   * method's options are checked first. A malformed sidecar fails the job here, in the sidecar's name.
   */
  private static ModelSpec modelSpec(HadoopFiles files, Path modelPath) throws IOException, JobFailure {
    java.nio.file.Path folder = Files.createTempDirectory("comprehendo-sidecar");
    java.nio.file.Path localModel = folder.resolve(modelPath.getName());
    Map<String, String> copies = new HashMap<>();
    try {
      for (java.nio.file.Path candidate : ModelSpec.sidecarsBeside(localModel)) {
        Path sidecar = new Path(modelPath.getParent(), candidate.getFileName().toString());
        if (files.isFile(sidecar)) {
          files.copyToLocal(sidecar, candidate);
          copies.put(candidate.toString(), HadoopFiles.location(sidecar));
          break;
        }
      }
      return ModelSpec.forModel(localModel);
    } catch (ModelLoadException e) {
      String message = e.getMessage();
      for (Map.Entry<String, String> copy : copies.entrySet()) {
        message = message.replace(copy.getKey(), copy.getValue());
      }
      throw JobFailure.work("--model: " + message);
    } finally {
      for (String copy : copies.keySet()) {
        Files.deleteIfExists(java.nio.file.Path.of(copy));
      }
      Files.delete(folder);
    }
  }

  /** A usage error naming what is at an input that must be a file: nothing, a folder, a FIFO, a device… */
  private static void checkInputFile(HadoopFiles files, String option, Path path, String given, String expected)
      throws JobFailure, IOException {
    if (files.isFile(path)) {
      return;
    }
    String kind = files.describeNonFile(path);
    throw JobFailure.usage(option + ": " + (kind.isEmpty() ? "no such file: " + given
        : given + " " + kind + ", not " + expected));
  }

  /**
   * The path as Hadoop names it fully (a bare path is on the default file system).
   *
   * @throws JobFailure a usage error when {@code text} is no path (empty, or not a URI)
   */
  private static Path qualified(HadoopFiles files, String option, String text) throws IOException, JobFailure {
    Path path;
    try {
      path = new Path(text);
    } catch (IllegalArgumentException e) {
      throw JobFailure.usage(option + ": '" + text + "' is not a path");
    }
    return files.fileSystem(path).makeQualified(path);
  }

}
