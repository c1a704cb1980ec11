package com.comprehendo.analysis.explain;

import com.comprehendo.analysis.Localization;
import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.CsvReader;
import com.comprehendo.data.CsvWriter;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.Provenance;
import com.comprehendo.platform.AtomicFiles;
import com.comprehendo.platform.OutputException;
import com.comprehendo.platform.Sha256;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * A results folder, written as a run goes and resumable:
 *
 * <pre>
 * RESULTS/
 *   index.csv              one row per image of the run, in dataset order (columns: {@link #COLUMNS})
 *   index.csv.json         the run's provenance (model, data, method, parameters, target rule, run key)
 *   maps/&lt;path&gt;.npy       each image's attribution, float32, mirroring the dataset's folders
 *   maps/&lt;path&gt;.npy.json  its provenance: the image's hash, target, seed, size, the run key
 * </pre>
 *
 * <p>In {@code index.csv}, {@code label}, {@code predicted} and {@code target} are class names;
 * {@code probability} and {@code loss} as in the predictions CSV; {@code energy_in_box} (0..1) and
 * {@code pointing_hit} (1 or 0) when a box is known ({@link Localization}); {@code deletion_auc},
 * {@code insertion_auc} when computed; {@code map} the map's path relative to the folder, or
 * {@code unreadable: <reason>} for an image that could not be read (its other result columns are
 * empty). Fields that were not computed are empty.
 *
 * <p>Consistency: a map and its sidecar are written together ({@link AtomicFiles}), the index is
 * rewritten whole and atomically after a map is added (at most every {@value #INDEX_INTERVAL_MILLIS}
 * ms, and on {@link #writeIndex()}), and only ever lists maps already on disk. So a run stopped at
 * any point leaves every finished map and an index that describes maps that exist.
 *
 * <p>Resuming: an image is done ({@link #isDone}) when the previous index lists it with its map and
 * the same label and method, and the map's sidecar carries this run's key ({@link #runKey}: model,
 * preprocessing, method, parameters, run seeds, target rule). Its row is kept ({@link #keep}) and it
 * is not computed again. Anything else about it (a new boxes file) is recomputed from the map.
 *
 * <p>The dataset folder is never written: a results folder inside it, or one that holds it in its
 * {@code maps/}, is refused.
 *
 * <p>Over 400 lines on purpose: this class is the results folder's file format, and the writer (explain,
 * the Spark job) and the readers (resuming, the explorer's Open results, the metrics columns) must agree
 * on every column, name and key; kept in one place, a change to the layout cannot reach one side only.
 */
public final class ResultsFolder implements ExplanationSink {

  /** The columns of {@code index.csv}, in order. */
  public static final List<String> COLUMNS = List.of("path", "label", "predicted", "probability", "loss", "method",
      "target", "energy_in_box", "pointing_hit", "deletion_auc", "insertion_auc", "map");

  /** The index file's name. */
  public static final String INDEX = "index.csv";

  /** The folder of the maps. */
  public static final String MAPS = "maps";

  /** The prefix of the {@code map} field of an image that could not be read. */
  public static final String UNREADABLE = "unreadable: ";

  private static final long INDEX_INTERVAL_MILLIS = 2000;

  private static final int MAP_COLUMN = COLUMNS.indexOf("map");

  /**
   * What a run is, for resuming and provenance.
   *
   * @param key identifies the maps' parameters ({@link #runKey})
   * @param datasetRoot the dataset folder the image keys are relative to (only read)
   * @param classNames the model's classes, which the label, prediction and target indices name
   * @param recipe the method and parameters
   * @param provenance a fresh builder with the run's command line (or explorer action), model and
   *     device set, for each file's sidecar
   */
  public record Run(
      String key, Path datasetRoot, List<String> classNames, MethodRecipe recipe,
      Supplier<Provenance.Builder> provenance) {

    public Run {
      Objects.requireNonNull(key, "key");
      datasetRoot = datasetRoot.toAbsolutePath().normalize();
      classNames = List.copyOf(classNames);
      Objects.requireNonNull(recipe, "recipe");
      Objects.requireNonNull(provenance, "provenance");
    }
  }

  private final Path folder;
  private final Run run;
  private final Map<String, List<String>> previous;
  private final Map<String, Integer> order = new HashMap<>();
  private final Map<String, List<String>> rows = new HashMap<>();
  private final Map<String, Object> indexSettings = new LinkedHashMap<>();
  private long lastIndexWrite;
  private boolean dirty;

  private ResultsFolder(Path folder, Run run, List<String> keysInOrder, Map<String, List<String>> previous) {
    this.folder = folder;
    this.run = run;
    this.previous = previous;
    for (String key : keysInOrder) {
      order.putIfAbsent(key, order.size());
    }
  }

  /**
   * Opens (or prepares) a results folder for a run over {@code keysInOrder}, reading what a previous
   * run left there.
   *
   * @param keysInOrder the images of this run, in the order the index lists them
   * @throws IllegalArgumentException when the folder lies in the dataset folder (or holds it in its
   *     maps), or is a file
   */
  public static ResultsFolder open(Path folder, Run run, List<String> keysInOrder) throws IOException {
    Path absolute = folder.toAbsolutePath().normalize();
    requireApart(absolute, run.datasetRoot());
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(folder + " is a file, not a folder");
    }
    ResultsFolder results = new ResultsFolder(absolute, run, keysInOrder, readPreviousIndex(absolute.resolve(INDEX)));
    // A run with nothing to explain (an empty folder, no image mispredicted) still leaves its index.
    results.dirty = !Files.isRegularFile(absolute.resolve(INDEX));
    return results;
  }

  /**
   * The key that identifies a run's maps: a SHA-256 over the model's hash, its preprocessing, the
   * method's fingerprint ({@link MethodRecipe#fingerprint}) and the target rule.
   */
  public static String runKey(String modelSha256, Preprocessing preprocessing, MethodRecipe recipe, TargetChoice target) {
    MessageDigest digest = Sha256.newDigest();
    for (String part : List.of(modelSha256, preprocessing.toString(), recipe.fingerprint(), target.describe())) {
      digest.update(part.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    return Sha256.hex(digest);
  }

  /** The folder (absolute). */
  public Path folder() {
    return folder;
  }

  /** Adds a setting to the index's provenance (e.g. the selection, the boxes file). */
  public void putIndexSetting(String name, Object value) {
    indexSettings.put(name, value);
  }

  /** The dataset folder the run reads (never written). */
  public Path datasetRoot() {
    return run.datasetRoot();
  }

  /** Where the map of image {@code key} goes. */
  public Path mapFile(String key) {
    return folder.resolve(mapName(key));
  }

  /** The map's path relative to the folder, {@code /}-separated: {@code maps/<key>.npy}. */
  public static String mapName(String key) {
    for (String part : key.split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("image key '" + key + "' is not a plain relative path");
      }
    }
    return MAPS + "/" + key + ".npy";
  }

  /**
   * Whether image {@code key} (of true class {@code label}, −1 if none) was explained before with
   * this run's parameters: the previous index lists its map, with the same label and method, and the
   * map's sidecar has this run's key.
   */
  public boolean isDone(String key, int label) {
    if (!listsMap(previous.get(key), key, className(label), run.recipe().id())) {
      return false;
    }
    Path map = mapFile(key);
    if (!Files.isRegularFile(map)) {
      return false;
    }
    return settings(map).map(s -> hasRunKey(s, run.key())).orElse(false);
  }

  /** Whether a previous index row (null if none) lists the map of {@code key} with this label and method. */
  public static boolean listsMap(List<String> row, String key, String labelName, String methodId) {
    return row != null && row.get(MAP_COLUMN).equals(mapName(key)) && row.get(1).equals(labelName)
        && row.get(5).equals(methodId);
  }

  /** Whether a map sidecar's settings carry {@code runKey}. */
  public static boolean hasRunKey(JsonObject mapSettings, String runKey) {
    return mapSettings.has("run_key") && mapSettings.get("run_key").getAsString().equals(runKey);
  }

  /** The settings object of a map's provenance sidecar text, if it is one of ours. */
  public static Optional<JsonObject> sidecarSettings(Optional<JsonElement> provenance) {
    return provenance.filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
        .filter(json -> json.has("settings") && json.get("settings").isJsonObject())
        .map(json -> json.getAsJsonObject("settings"));
  }

  /**
   * Keeps the previous row of a done image in the new index, with its localization recomputed from
   * its map against {@code box} (empty without one).
   *
   * @param preprocessing the model's, which places the box in the map
   */
  public void keep(String key, Optional<BoundingBox> box, Preprocessing preprocessing) throws IOException {
    Path map = mapFile(key);
    rows.put(key, keptRow(previous.get(key), box, preprocessing, () -> NpyArray.read(map),
        () -> settings(map).orElseThrow(() -> new IOException("the sidecar of " + map + " is unreadable"))));
    dirty = true;
  }

  /** Reads what a kept row's localization is recomputed from (the map, its sidecar's settings). */
  @FunctionalInterface
  public interface Reader<T> {
    T read() throws IOException;
  }

  /**
   * A done image's previous row with its localization recomputed from its map against {@code box}
   * (emptied without one); the map and its sidecar are read only when there is a box.
   */
  public static List<String> keptRow(List<String> previousRow, Optional<BoundingBox> box, Preprocessing preprocessing,
      Reader<NpyArray> map, Reader<JsonObject> mapSettings) throws IOException {
    List<String> row = new ArrayList<>(previousRow);
    Localization.Scores scores = Localization.Scores.NONE;
    if (box.isPresent()) {
      NpyArray values = map.read();
      JsonObject settings = mapSettings.read();
      scores = Localization.score(values.data(), values.shape(), box.get(), settings.get("image_width").getAsInt(),
          settings.get("image_height").getAsInt(), preprocessing);
    }
    row.set(7, energy(scores.energyInBox()));
    row.set(8, scores.pointingHit().map(hit -> hit ? "1" : "0").orElse(""));
    return row;
  }

  /** Writes the image's map with its sidecar (unless it is unreadable) and adds its row. */
  @Override
  public void accept(ImageExplanation explanation) throws IOException {
    String key = explanation.key();
    if (explanation.readable()) {
      Path map = mapFile(key);
      NpyArray values = explanation.map().orElseThrow();
      mapProvenance(run.provenance().get().optInput("image", run.datasetRoot().resolve(key)), run.recipe(), run.key(),
          explanation).write(map, values::write);
    }
    rows.put(key, row(explanation, run.classNames()));
    dirty = true;
    long now = System.currentTimeMillis();
    if (now - lastIndexWrite >= INDEX_INTERVAL_MILLIS) {
      writeIndex();
    }
  }

  /**
   * The provenance of a map: {@code base} (command line, model, device, the image as input) with the
   * method and the image's own parameters and seed, its target, the run key and the image's size.
   */
  public static Provenance mapProvenance(
      Provenance.Builder base, MethodRecipe recipe, String runKey, ImageExplanation explanation) {
    Provenance.Builder provenance = base
        .optMethod(recipe.id(), recipe.parameters(), recipe.seededFor(explanation.key()))
        .optTarget(explanation.target())
        .optSetting("run_key", runKey)
        .optSetting("image_width", explanation.imageWidth())
        .optSetting("image_height", explanation.imageHeight());
    explanation.seed().ifPresent(provenance::optSeed);
    return provenance.build();
  }

  /** The images with a map whose {@code column} (e.g. {@code deletion_auc}) is empty, in the run's order. */
  public List<String> withoutScore(String column) {
    int index = COLUMNS.indexOf(column);
    List<String> keys = new ArrayList<>();
    for (List<String> row : rows()) {
      if (row.get(MAP_COLUMN).equals(mapName(row.get(0))) && row.get(index).isEmpty()) {
        keys.add(row.get(0));
      }
    }
    return keys;
  }

  /** The class index image {@code key}'s map explains (−1 when its row names none of the model's classes). */
  public int targetOf(String key) {
    List<String> row = rows.get(key);
    return row == null ? -1 : run.classNames().indexOf(row.get(COLUMNS.indexOf("target")));
  }

  /** Sets a score of image {@code key}'s row (e.g. its {@code deletion_auc}); the index follows as for a map. */
  public void putScore(String key, String column, double value) throws OutputException {
    List<String> row = rows.get(key);
    if (row == null) {
      throw new IllegalArgumentException("no row for " + key);
    }
    row.set(COLUMNS.indexOf(column), String.format(Locale.ROOT, "%.6f", value));
    dirty = true;
    if (System.currentTimeMillis() - lastIndexWrite >= INDEX_INTERVAL_MILLIS) {
      writeIndex();
    }
  }

  /** Rows so far, in the run's order (images outside it last, by key). */
  public List<List<String>> rows() {
    List<String> keys = new ArrayList<>(rows.keySet());
    keys.sort((a, b) -> {
      int byOrder = Integer.compare(order.getOrDefault(a, Integer.MAX_VALUE), order.getOrDefault(b, Integer.MAX_VALUE));
      return byOrder != 0 ? byOrder : a.compareTo(b);
    });
    List<List<String>> sorted = new ArrayList<>(keys.size());
    keys.forEach(key -> sorted.add(rows.get(key)));
    return sorted;
  }

  /** Writes {@code index.csv} and its provenance now, if anything changed since the last write. */
  public void writeIndex() throws OutputException {
    if (!dirty) {
      return;
    }
    List<List<String>> sorted = rows();
    indexProvenance(run.provenance().get().optInput("data", run.datasetRoot().toString()), run.recipe(), run.key(),
        sorted.size(), indexSettings).write(folder.resolve(INDEX), CsvWriter.content(COLUMNS, sorted));
    lastIndexWrite = System.currentTimeMillis();
    dirty = false;
  }

  /**
   * The provenance of the index: {@code base} (command line, model, device, the data as input) with
   * the method as given, the run key, the number of rows and the run's other settings.
   */
  public static Provenance indexProvenance(
      Provenance.Builder base, MethodRecipe recipe, String runKey, int images, Map<String, Object> settings) {
    Provenance.Builder provenance = base
        .optMethod(recipe.id(), recipe.parameters(), recipe.given())
        .optSetting("run_key", runKey)
        .optSetting("images", images);
    settings.forEach(provenance::optSetting);
    return provenance.build();
  }

  /** An image's row of the index ({@link #COLUMNS}), class indices named by {@code classNames}. */
  public static List<String> row(ImageExplanation e, List<String> classNames) {
    List<String> row = new ArrayList<>(COLUMNS.size());
    Optional<ImageExplanation.Prediction> p = e.prediction();
    row.add(e.key());
    row.add(className(e.label(), classNames));
    row.add(p.map(x -> className(x.predicted(), classNames)).orElse(""));
    row.add(p.map(x -> Float.toString(x.probability())).orElse(""));
    row.add(p.filter(x -> e.label() >= 0).map(x -> Float.toString((float) x.loss())).orElse(""));
    row.add(e.method());
    row.add(e.target() >= 0 ? className(e.target(), classNames) : "");
    row.add(energy(e.localization().energyInBox()));
    row.add(e.localization().pointingHit().map(hit -> hit ? "1" : "0").orElse(""));
    row.add("");
    row.add("");
    row.add(e.unreadable().map(reason -> UNREADABLE + reason).orElse(mapName(e.key())));
    return row;
  }

  /** Six decimals: enough to rank, and stable against the rounding of other batch sizes. */
  private static String energy(OptionalDouble energy) {
    return energy.isPresent() ? String.format(Locale.ROOT, "%.6f", energy.getAsDouble()) : "";
  }

  private String className(int index) {
    return className(index, run.classNames());
  }

  /** The class's name; empty for −1 (unlabelled, unreadable) or an index out of range. */
  public static String className(int index, List<String> classNames) {
    return index >= 0 && index < classNames.size() ? classNames.get(index) : "";
  }

  private static Optional<JsonObject> settings(Path map) {
    return sidecarSettings(Provenance.read(map));
  }

  private static Map<String, List<String>> readPreviousIndex(Path index) throws IOException {
    if (!Files.isRegularFile(index)) {
      return new HashMap<>();
    }
    try {
      return indexRows(CsvReader.readAll(index));
    } catch (CsvReader.CsvFormatException e) {
      return new HashMap<>(); // a damaged index only costs recomputing
    }
  }

  /** A previous index's rows by image key; none when its header is not {@link #COLUMNS}. */
  public static Map<String, List<String>> indexRows(List<List<String>> all) {
    Map<String, List<String>> rows = new HashMap<>();
    if (all.isEmpty() || !all.get(0).equals(COLUMNS)) {
      return rows;
    }
    for (List<String> row : all.subList(1, all.size())) {
      if (row.size() == COLUMNS.size()) {
        rows.put(row.get(0), row);
      }
    }
    return rows;
  }

  private static void requireApart(Path results, Path dataset) throws IOException {
    Path realResults = realOrNormal(results);
    Path realDataset = realOrNormal(dataset);
    if (realResults.startsWith(realDataset)) {
      throw new IllegalArgumentException(
          "the results folder " + results + " lies in the dataset folder " + dataset + ", which is never written");
    }
    if (realDataset.startsWith(realResults.resolve(MAPS))) {
      throw new IllegalArgumentException(
          "the dataset folder " + dataset + " lies in the results' " + MAPS + " folder, which is written");
    }
  }

  /** The real path of the longest existing ancestor, with the rest appended. */
  private static Path realOrNormal(Path path) throws IOException {
    Path existing = path;
    Path rest = Path.of("");
    while (existing != null && !Files.exists(existing)) {
      rest = existing.getFileName().resolve(rest);
      existing = existing.getParent();
    }
    return existing == null ? path : existing.toRealPath().resolve(rest).normalize();
  }
}
