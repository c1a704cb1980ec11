package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.ClassMaps;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.explain.MapCache;
import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.analysis.explain.TargetChoice;
import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.BoxesCsv;
import com.comprehendo.data.Dataset;
import com.comprehendo.render.AttributionMap;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.render.Sign;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The heat-map gallery of the Dataset tab: a switch turns every tile into its heat map for a chosen
 * method (Grad-CAM where the model offers it, else Saliency), computed in the background in the
 * grid's order ({@link GalleryRun}) and kept in a disk cache; the class map of the shown tiles (the
 * mean of their normalized maps, {@link ClassMaps}); localization scores against a boxes file. UI
 * thread only.
 *
 * <pre>{@code
 * gallery.bindGrid(grid.tiles());        // the grid's current order
 * gallery.enabledProperty().set(true);   // heat maps appear tile by tile
 * }</pre>
 *
 * <p>Over 400 lines (about 470): it coordinates its parts (the run, the method list, the map source, the
 * results folder, the class map, the dataset faithfulness) and holds their shared properties; the work
 * itself lives in those classes.
 */
public final class GalleryViewModel {

  private final TaskExecutor ioExecutor;
  private final Notices notices;
  private final GalleryRun run;

  private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled");
  private final ObjectProperty<String> method = new SimpleObjectProperty<>(this, "method", "saliency");
  private final ObjectProperty<Map<String, String>> settings = new SimpleObjectProperty<>(this, "settings", Map.of());
  private final ObservableList<String> methods = FXCollections.observableArrayList();
  private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>(this, "session");
  private final ObjectProperty<Dataset> dataset = new SimpleObjectProperty<>(this, "dataset");
  private final ObjectProperty<Map<String, BoundingBox>> boxes = new SimpleObjectProperty<>(this, "boxes", Map.of());
  private final ObservableMap<Path, GalleryMap> maps = FXCollections.observableHashMap();
  /** Bumped whenever maps change: tiles and the class map redraw on it. */
  private final IntegerProperty version = new SimpleIntegerProperty(this, "version");
  /** The number of tiles the grid shows, which the cost is for. */
  private final IntegerProperty gridSize = new SimpleIntegerProperty(this, "gridSize");
  /** Bumped when maps with localization scores arrive (at most a few times a second). */
  private final IntegerProperty scoresVersion = new SimpleIntegerProperty(this, "scoresVersion");
  private final StringBinding costText;
  private final BooleanBinding resumable;
  private final Optional<MapCache> cache;
  private final DatasetFaithfulnessViewModel faithfulness;
  private final GallerySettingsViewModel settingsEditor;
  /** The open model's maps, cached or computed; shared with the faithfulness over the dataset. */
  private MapSource source;
  private ObservableList<ImagePrediction> grid = FXCollections.observableArrayList();

  /**
   * @param modelExecutor the single model worker, shared with the Explain tab's attributions
   * @param ioExecutor for reading boxes files and results folders
   * @param cache where maps are kept between sessions; empty for none
   */
  public GalleryViewModel(TaskExecutor modelExecutor, TaskExecutor ioExecutor, Notices notices,
      Optional<MapCache> cache, LongSupplier nanoClock) {
    this.ioExecutor = ioExecutor;
    this.notices = notices;
    this.cache = cache;
    this.run = new GalleryRun(modelExecutor, notices, nanoClock, this::add);
    this.faithfulness = new DatasetFaithfulnessViewModel(modelExecutor, notices, this, nanoClock);
    // Not on version: maps arrive every 250 ms, and the cost depends on the number of tiles alone. The
    // method is built once per method, settings and model; a new filter only tells its cost for another count.
    // Each progress of a run tells the time again (one product), from the speed the run measures.
    ObjectBinding<IntFunction<String>> perImageCost =
        Bindings.createObjectBinding(this::perImageCost, method, settings, session);
    costText = Bindings.createStringBinding(() -> {
      run.statusProperty().get(); // read, so that its next change is told again (a property tells only once unread)
      return perImageCost.get().apply(gridSize.get());
    }, perImageCost, gridSize, run.statusProperty());
    resumable = Bindings.createBooleanBinding(() -> enabled.get() && !run.runningProperty().get()
        && grid.stream().anyMatch(tile -> !maps.containsKey(tile.path()) && !run.failed(tile.path())),
        enabled, run.runningProperty(), version);
    enabled.addListener((obs, old, on) -> {
      if (!showingResults) {
        restart();
      }
    });
    method.addListener((obs, old, value) -> {
      settings.set(Map.of()); // the old method's parameters; restarts for the new method when it held any
      clearMaps();
      restart();
    });
    settings.addListener((obs, old, value) -> {
      clearMaps();
      restart();
    });
    session.addListener((obs, old, value) -> {
      source = value == null ? null : new MapSource(value.explainer(), cache, value::recordDatasetPasses);
      methods.setAll(value == null ? List.of() : GalleryMethods.available(value.facts()));
      method.set(GalleryMethods.defaultMethod(value));
      clearMaps();
      restart();
    });
    dataset.addListener((obs, old, value) -> {
      clearMaps();
      boxes.set(Map.of());
      if (value != null && pendingResults != null) {
        show(pendingResults);
      } else {
        restart();
      }
    });
    settingsEditor = new GallerySettingsViewModel(this, ioExecutor); // after the listeners above: it follows them
  }

  /** Follows the grid's tiles (filtered and ordered): the gallery computes in this order. */
  public void bindGrid(ObservableList<ImagePrediction> tiles) {
    grid = tiles;
    gridSize.set(tiles.size());
    tiles.addListener((ListChangeListener<ImagePrediction>) change -> {
      if (enabled.get()) {
        run.reorder(order());
      }
      gridSize.set(tiles.size());
      version.set(version.get() + 1);
    });
  }

  /** The switch: tiles show heat maps, computed in the background. */
  public BooleanProperty enabledProperty() {
    return enabled;
  }

  /** The method the tiles show: an id of the registry. */
  public ObjectProperty<String> methodProperty() {
    return method;
  }

  /**
   * The method's parameters given over the gallery's own (Captum's names, text values, e.g. {@code
   * n_steps=32}); a change of method clears them. Empty: the gallery's settings.
   */
  public ObjectProperty<Map<String, String>> settingsProperty() {
    return settings;
  }

  /** The editor of {@link #settingsProperty()}: the method's parameters, validated, with their cost. */
  public GallerySettingsViewModel settingsEditor() {
    return settingsEditor;
  }

  /** The methods that run on the open model. */
  public ObservableList<String> methods() {
    return methods;
  }

  /** The open model; bound by the dataset view-model. */
  public ObjectProperty<ModelSession> sessionProperty() {
    return session;
  }

  /** The scanned folder; bound by the dataset view-model. */
  public ObjectProperty<Dataset> datasetProperty() {
    return dataset;
  }

  /** Each image's map so far. */
  public ObservableMap<Path, GalleryMap> maps() {
    return maps;
  }

  /** Bumped when maps or the grid change. */
  public ReadOnlyIntegerProperty versionProperty() {
    return version;
  }

  /** Bumped when maps with localization scores arrive: the "looks outside the object" order sorts again. */
  public ReadOnlyIntegerProperty scoresVersionProperty() {
    return scoresVersion;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return run.runningProperty();
  }

  /**
   * Whether Resume has work: the gallery is on and stopped with shown images lacking a map (stopped, or
   * showing a results folder); a finished gallery has none (resuming it only restarted its clock).
   */
  public BooleanBinding resumableProperty() {
    return resumable;
  }

  /** E.g. "120 / 320 heat maps" while running, "320 heat maps in 3 s" after. */
  public ReadOnlyStringProperty statusProperty() {
    return run.statusProperty();
  }

  /** The method's settings in a few words and their cost for the grid, e.g. "16 steps · 5,120 passes for 320 images". */
  public StringBinding costTextProperty() {
    return costText;
  }

  /** Mean deletion and insertion AUC per method over the grid's images, on request. */
  public DatasetFaithfulnessViewModel faithfulness() {
    return faithfulness;
  }

  /** The grid's tiles as they are shown (filtered and ordered). */
  ObservableList<ImagePrediction> grid() {
    return grid;
  }

  /** The number of tiles the grid shows: the cost is for them. */
  ReadOnlyIntegerProperty gridSizeProperty() {
    return gridSize;
  }

  /** The open model's map source; null without a model. */
  MapSource source() {
    return source;
  }

  /** The boxes of the open boxes file, by image key (empty without one). */
  public ReadOnlyObjectProperty<Map<String, BoundingBox>> boxesProperty() {
    return boxes;
  }

  /** Stops computing; the maps made so far stay. */
  public void cancel() {
    run.cancel();
  }

  /** Goes on computing after a stop. */
  public void resume() {
    restart();
  }

  /** The share of positive attribution inside the image's box, when both are known. */
  public OptionalDouble energyInBox(Path image) {
    GalleryMap map = maps.get(image);
    return map == null ? OptionalDouble.empty() : map.localization().energyInBox();
  }

  /**
   * The class map of {@code images}: the mean of the normalized maps of those that have one ({@link
   * ClassMaps}), computed in the background (only the last request is answered).
   *
   * @param onDone gets the mean and how many maps went into it (empty when none), on the UI thread
   */
  public void classMap(List<ImagePrediction> images, Sign sign, double outlierPercent,
      BiConsumer<Optional<NormalizedMap>, Integer> onDone) {
    List<AttributionMap> selected = new ArrayList<>();
    for (ImagePrediction image : images) {
      GalleryMap map = maps.get(image.path());
      if (map != null && (selected.isEmpty() || sameSize(selected.get(0), map.summed()))) {
        selected.add(map.summed());
      }
    }
    int request = ++classMapRequests;
    if (selected.isEmpty()) {
      onDone.accept(Optional.empty(), 0);
      return;
    }
    ioExecutor.execute(BackgroundTask.of("Class map", context -> meanOf(selected, sign, outlierPercent, normalized))
        .onSuccess(mean -> {
          if (request == classMapRequests) {
            onDone.accept(mean, selected.size());
          }
        }));
  }

  private int classMapRequests;
  /** The maps the class map normalized, for its next refresh. */
  private final NormalizedMaps normalized = new NormalizedMaps();

  /** The mean of normalized maps; empty when a map holds NaN or infinity (nothing sensible to average). */
  static Optional<NormalizedMap> meanOf(List<AttributionMap> summed, Sign sign, double outlierPercent,
      NormalizedMaps normalized) {
    try {
      return Optional.of(ClassMaps.mean(summed, sign, map -> normalized.normalized(map, sign, outlierPercent)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** How many of {@code images} have a map. */
  public int mapped(List<ImagePrediction> images) {
    int count = 0;
    for (ImagePrediction image : images) {
      count += maps.containsKey(image.path()) ? 1 : 0;
    }
    return count;
  }

  /** Reads a boxes file ({@code file,box}) in the background and scores the maps against it. */
  public void openBoxes(Path csv) {
    Dataset folder = dataset.get();
    if (folder == null) {
      notices.warning("No folder", "Open a folder of images before its boxes.");
      return;
    }
    ioExecutor.execute(BackgroundTask.of("Reading " + csv.getFileName(), context -> BoxesCsv.read(csv, folder.root()))
        .onSuccess(read -> {
          boxes.set(read);
          notices.info("Boxes", Formats.count(read.size()) + " boxes from " + csv.getFileName()
              + "; maps are scored as they come (sort by \u201clooks outside the object\u201d)");
          clearMaps();
          restart();
        })
        .onFailure(error -> notices.error("Cannot use " + csv.getFileName(), error)));
  }

  /**
   * Shows the maps of a results folder of {@code comprehendo explain} in the gallery, read in the
   * background, without computing any: the gallery switches on for the results' method and stays idle
   * (Resume computes what the folder lacks, with the gallery's settings).
   *
   * @param openFolder opens the results' dataset folder when another (or none) is open
   */
  public void openResults(Path folder, Consumer<Path> openFolder) {
    ioExecutor.execute(BackgroundTask.of("Reading " + folder.getFileName(), context -> GalleryResults.read(folder))
        .onSuccess(read -> {
          Dataset open = dataset.get();
          Path root = read.root();
          if (root != null && (open == null || !open.root().equals(root.toAbsolutePath().normalize()))) {
            pendingResults = read;
            openFolder.accept(root);
            return;
          }
          show(read);
        })
        .onFailure(error -> notices.error("Cannot open the results " + folder.getFileName(), error)));
  }

  private GalleryResults pendingResults;

  private void show(GalleryResults read) {
    Dataset open = dataset.get();
    if (open == null) {
      pendingResults = read;
      return;
    }
    pendingResults = null;
    enabled.set(false);
    clearMaps();
    if (!read.method().equals(method.get())) {
      method.set(read.method());
    }
    Map<Path, GalleryMap> made = new HashMap<>();
    read.maps().forEach((key, map) -> made.put(open.root().resolve(key), map));
    maps.putAll(made);
    version.set(version.get() + 1);
    scoresVersion.set(scoresVersion.get() + 1);
    showingResults = true;
    enabled.set(true);
    showingResults = false;
    notices.info("Results", Formats.count(made.size()) + " heat maps from " + read.folder().getFileName()
        + ", not recomputed");
  }

  private boolean showingResults;

  private void add(Map<Path, GalleryMap> batch) {
    maps.putAll(batch);
    version.set(version.get() + 1);
    if (batch.values().stream().anyMatch(map -> map.localization().energyInBox().isPresent())) {
      scoresVersion.set(scoresVersion.get() + 1);
    }
  }

  private void clearMaps() {
    run.stop();
    normalized.clear();
    if (!maps.isEmpty()) {
      maps.clear();
      version.set(version.get() + 1);
    }
  }

  private void restart() {
    ModelSession model = session.get();
    Dataset folder = dataset.get();
    if (!enabled.get() || model == null || folder == null || method.get() == null) {
      run.stop();
      return;
    }
    MethodRecipe recipe;
    try {
      recipe = GalleryMethods.recipe(method.get(), model.facts(), settings.get());
    } catch (IllegalArgumentException e) {
      notices.warning("Cannot show " + method.get() + " heat maps", e.getMessage());
      return;
    }
    run.start(new GalleryRun.Job(source, recipe, TargetChoice.PREDICTED, order(), boxes.get()), new HashMap<>(maps));
  }

  private List<GalleryRun.Image> order() {
    Dataset folder = dataset.get();
    List<GalleryRun.Image> order = new ArrayList<>(grid.size());
    if (folder == null) {
      return order;
    }
    for (ImagePrediction tile : grid) {
      order.add(new GalleryRun.Image(tile.path(), folder.relativePath(tile.path()), tile.actual(), tile.predicted()));
    }
    return order;
  }

  /** The cost of the method as it runs, for any number of images; the reason it does not build, if it does not. */
  private IntFunction<String> perImageCost() {
    ModelSession model = session.get();
    if (model == null || method.get() == null) {
      return images -> "";
    }
    try {
      return GalleryMethods.perImage(model, method.get(), settings.get())::forImages;
    } catch (IllegalArgumentException e) {
      return images -> e.getMessage();
    }
  }

  private static boolean sameSize(AttributionMap a, AttributionMap b) {
    return a.height() == b.height() && a.width() == b.width();
  }

  /** System property naming the folder of the heat maps' disk cache (the launcher sets it). */
  public static final String CACHE_PROPERTY = "comprehendo.map.cache";

  /** Maps kept on disk at most: 512 MiB, about 800 maps of 3 × 224 × 224. */
  static final long CACHE_BYTES = 512L << 20;

  /** The user's map cache, where {@value #CACHE_PROPERTY} names one; none in tests that do not. */
  public static Optional<MapCache> userCache() {
    String folder = System.getProperty(CACHE_PROPERTY);
    return folder == null || folder.isBlank() ? Optional.empty() : Optional.of(new MapCache(Path.of(folder), CACHE_BYTES));
  }

  /** Stops the computation; call when the window closes. */
  public void shutdown() {
    run.stop();
    faithfulness.cancel();
  }
}
