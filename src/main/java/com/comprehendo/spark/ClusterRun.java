package com.comprehendo.spark;

import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.analysis.explain.ResultsFolder;
import com.comprehendo.analysis.explain.TargetChoice;
import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.BoxesCsv;
import com.comprehendo.data.CsvReader;
import com.comprehendo.data.CsvWriter;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.DatasetException;
import com.comprehendo.data.DatasetScanner;
import com.comprehendo.data.ImageRecord;
import com.comprehendo.data.LabelSource;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.Provenance;
import com.comprehendo.platform.Sha256;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's side of a run: the images listed on the dataset's file system and labelled by the
 * desktop app's rules, the images a previous run finished kept, the rest explained by executors
 * ({@link ExplainPartition}) in waves, the index written after each wave (so a killed job loses at most
 * one wave) and as Parquet at the end. The results folder is the one {@code explain} writes.
 */
final class ClusterRun {

  /** Counts of a run, as {@code explain} reports them. */
  record Summary(int kept, int explained, int unreadable) {}

  /**
   * Images per task, about: enough for the core's batches to reach their measured size and to hide a
   * task's start, few enough that a failed task costs little and the slots share a wave evenly.
   */
  static final int IMAGES_PER_TASK = 64;

  private final SparkSession spark;
  private final HadoopFiles files;
  private final JobSettings settings;
  private final MethodRecipe recipe;
  private final Preprocessing preprocessing;
  private final List<String> classNames;
  private final Map<String, Object> indexSettings;
  private final String device;

  ClusterRun(SparkSession spark, JobSettings settings, MethodRecipe recipe, Preprocessing preprocessing,
      List<String> classNames, Map<String, Object> indexSettings, String device) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    this.settings = settings;
    this.recipe = recipe;
    this.preprocessing = preprocessing;
    this.classNames = classNames;
    this.indexSettings = indexSettings;
    this.device = device;
  }

  /** The keys of every file under the dataset folder, {@code /}-separated, in no particular order. */
  static List<String> list(HadoopFiles files, Path dataRoot) throws IOException {
    List<String> keys = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> listing = files.fileSystem(dataRoot).listFiles(dataRoot, true);
    while (listing.hasNext()) {
      keys.add(ExplainPartition.keyOf(dataRoot.toString(), listing.next().getPath().toString()));
    }
    return keys;
  }

  /**
   * The dataset with the desktop app's label rules ({@link DatasetScanner}) over a listing: on the local
   * file system the folder itself is the scanner's root; elsewhere a local folder holding a copy of the
   * dataset's {@code labels.csv} (or of the CSV that {@code csv:FILE} names in the dataset) stands in.
   */
  static Dataset scan(HadoopFiles files, Path dataRoot, LabelSource rule, List<String> keys) throws IOException {
    java.nio.file.Path root;
    if ("file".equals(dataRoot.toUri().getScheme())) {
      root = java.nio.file.Path.of(dataRoot.toUri());
    } else {
      root = Files.createTempDirectory("comprehendo-labels");
      String csvName = rule instanceof LabelSource.CsvFile csv && !csv.file().isAbsolute()
          ? csv.file().toString().replace('\\', '/') : LabelSource.DEFAULT_CSV_NAME;
      Path csv = new Path(dataRoot, csvName);
      if (files.isFile(csv)) {
        java.nio.file.Path copy = root.resolve(csvName);
        Files.createDirectories(copy.getParent());
        files.copyToLocal(csv, copy);
      }
    }
    return DatasetScanner.builder(root).optLabelSource(rule).optListing(keys).build().scan();
  }

  /** The object boxes by image key, read from a CSV on any file system. */
  static Map<String, BoundingBox> boxes(HadoopFiles files, Path boxesFile, java.nio.file.Path datasetRoot)
      throws IOException, DatasetException {
    java.nio.file.Path local = java.nio.file.Path.of(boxesFile.toUri().getPath());
    if (!"file".equals(boxesFile.toUri().getScheme())) {
      local = Files.createTempFile("comprehendo-boxes", ".csv");
      files.copyToLocal(boxesFile, local);
    }
    return BoxesCsv.read(local, datasetRoot);
  }

  /**
   * Explains {@code records} into the results folder, keeping what a previous run with the same run
   * key finished.
   *
   * @param imagesPerWave images explained between two writes of the index
   */
  Summary run(Dataset dataset, List<ImageRecord> records, int imagesPerWave) throws IOException {
    Path out = new Path(settings.out());
    List<String> order = new ArrayList<>(records.size());
    Map<String, List<String>> rows = new HashMap<>();
    List<String> todo = new ArrayList<>();
    Map<String, List<String>> previous = previousIndex(out);
    for (ImageRecord record : records) {
      String key = dataset.relativePath(record);
      order.add(key);
      Optional<List<String>> kept = keptRow(out, previous.get(key), key, record.label());
      if (kept.isPresent()) {
        rows.put(key, kept.get());
      } else {
        todo.add(key);
      }
    }
    int kept = rows.size();
    int explained = 0;
    int unreadable = 0;
    Broadcast<JobSettings> broadcast = spark.sparkContext().broadcast(settings,
        scala.reflect.ClassTag$.MODULE$.apply(JobSettings.class));
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slots = Math.max(1, context.defaultParallelism());
    for (int from = 0; from < todo.size(); from += imagesPerWave) {
      List<String> wave = todo.subList(from, Math.min(todo.size(), from + imagesPerWave));
      List<String> keys = new ArrayList<>(wave);
      // Plain RDDs: Spark SQL's planning costs seconds and gives nothing to a list of keys.
      List<Row> done = context.parallelize(keys, partitions(keys.size(), slots))
          .mapPartitions(new ExplainPartition(broadcast)).collect();
      for (Row row : done) {
        List<String> fields = new ArrayList<>(ResultsFolder.COLUMNS.size());
        for (int i = 0; i < row.length(); i++) {
          fields.add(row.getString(i));
        }
        rows.put(fields.get(0), fields);
        boolean isUnreadable = fields.get(fields.size() - 1).startsWith(ResultsFolder.UNREADABLE);
        explained += isUnreadable ? 0 : 1;
        unreadable += isUnreadable ? 1 : 0;
      }
      writeCsvIndex(out, inOrder(order, rows));
    }
    List<List<String>> all = inOrder(order, rows);
    if (todo.isEmpty()) {
      writeCsvIndex(out, all); // localization of kept rows may have changed with a new boxes file
    }
    IndexTable.writeParquet(spark, files, new Path(out, IndexTable.PARQUET), all, indexProvenance(all.size()));
    return new Summary(kept, explained, unreadable);
  }

  /**
   * Partitions for a wave of {@code images}: tasks of about {@link #IMAGES_PER_TASK} images, as many as
   * a multiple of the cluster's task slots so the last round keeps every slot busy, and at least one per
   * slot. The driver hands out keys (it has listed the folder already) and each task reads its images:
   * Spark's {@code binaryFile} source, given a thousand paths, lists them again in a job of its own (a
   * third of the demo's time in {@code local[2]}) and packs partitions by bytes.
   */
  static int partitions(int images, int slots) {
    int tasks = Math.max(slots, (images + IMAGES_PER_TASK - 1) / IMAGES_PER_TASK);
    int rounded = (tasks + slots - 1) / slots * slots;
    return Math.max(1, Math.min(images, rounded));
  }

  private static List<List<String>> inOrder(List<String> order, Map<String, List<String>> rows) {
    List<List<String>> sorted = new ArrayList<>(rows.size());
    for (String key : order) {
      List<String> row = rows.get(key);
      if (row != null) {
        sorted.add(row);
      }
    }
    return sorted;
  }

  /** The previous index's rows by key; none when there is none or it is damaged (that only costs recomputing). */
  private Map<String, List<String>> previousIndex(Path out) throws IOException {
    Optional<String> text = files.readTextIfExists(new Path(out, ResultsFolder.INDEX));
    if (text.isEmpty()) {
      return Map.of();
    }
    try {
      return ResultsFolder.indexRows(CsvReader.parse(text.get()));
    } catch (CsvReader.CsvFormatException e) {
      return Map.of();
    }
  }

  /** The row of an image done before with this run's key (as {@code ResultsFolder.isDone} decides), if any. */
  private Optional<List<String>> keptRow(Path out, List<String> previousRow, String key, int label) throws IOException {
    if (!ResultsFolder.listsMap(previousRow, key, ResultsFolder.className(label, classNames), recipe.id())) {
      return Optional.empty();
    }
    Path map = new Path(out, ResultsFolder.mapName(key));
    Optional<JsonObject> mapSettings = files.readTextIfExists(new Path(map.getParent(), map.getName() + ".json"))
        .flatMap(text -> ResultsFolder.sidecarSettings(Provenance.parse(text)));
    if (!files.isFile(map) || !mapSettings.map(s -> ResultsFolder.hasRunKey(s, settings.runKey())).orElse(false)) {
      return Optional.empty();
    }
    Optional<BoundingBox> box = Optional.ofNullable(settings.boxes().get(key))
        .map(b -> new BoundingBox(b[0], b[1], b[2], b[3]));
    return Optional.of(ResultsFolder.keptRow(previousRow, box, preprocessing,
        () -> NpyArray.read(new ByteArrayInputStream(files.readIfExists(map).orElseThrow())), mapSettings::orElseThrow));
  }

  private void writeCsvIndex(Path out, List<List<String>> rows) throws IOException {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    CsvWriter.content(ResultsFolder.COLUMNS, rows).writeTo(csv);
    byte[] bytes = csv.toByteArray();
    Path index = new Path(out, ResultsFolder.INDEX);
    String sidecar = indexProvenance(rows.size()).toJson(HadoopFiles.location(index), sha256(bytes));
    Map<Path, byte[]> together = new LinkedHashMap<>();
    together.put(new Path(out, ResultsFolder.INDEX + ".json"), sidecar.getBytes(StandardCharsets.UTF_8));
    together.put(index, bytes);
    files.writeTogether(together);
  }

  private Provenance indexProvenance(int images) {
    Provenance.Builder base = Provenance.builder().setCommandLine(settings.commandLine())
        .optModel(settings.modelRecord()).optDevice(device)
        .optInput("data", HadoopFiles.location(new Path(settings.dataRoot())));
    return ResultsFolder.indexProvenance(base, recipe, settings.runKey(), images, indexSettings);
  }

  static String sha256(byte[] bytes) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(bytes);
    return Sha256.hex(digest);
  }

  /** Whether {@code inner} is {@code outer} or lies in it. */
  static boolean within(Path inner, Path outer) {
    String a = inner.toUri().normalize().toString();
    String b = outer.toUri().normalize().toString();
    return a.equals(b) || a.startsWith(b.endsWith("/") ? b : b + "/");
  }
}
