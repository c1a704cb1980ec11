package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.Localization;
import com.comprehendo.analysis.SharedPasses;
import com.comprehendo.analysis.explain.MapCache;
import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.analysis.explain.TargetChoice;
import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.NpyArray;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.CancelledException;
import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskContext;
import com.comprehendo.ui.task.TaskExecutor;
import com.comprehendo.ui.task.TaskHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the gallery's maps on the model worker, as background work in chunks (like the dataset's
 * predictions): a few images at a time in the grid's current order (read afresh before each call, so a
 * new sort or filter takes effect at once), each map from the disk cache when it is there, else from
 * the model (the next images looked up and decoded, and the last maps written, beside it: {@link
 * ImagesAhead}). Where the method lets images share its model passes, one call takes as many as fill
 * the pass measured fastest ({@link SharedPasses}: two or four IG-32 images of the demo model; its 64-row
 * passes ran about 11 % faster than one image's 32 on 2 cores), else one. A chunk steps aside as soon as
 * interactive work is queued (a click on an image), even in the middle of a call, and the next chunk goes
 * on behind it. Maps reach the UI thread a few times a second. UI thread only, apart from the chunks.
 */
final class GalleryRun {

  private static final Logger LOG = LoggerFactory.getLogger(GalleryRun.class);

  /**
   * Maps reach the UI at most this often. Each publication costs the UI a pulse (the tiles' overlays,
   * the status line's layout, the software renderer): in the IG-32 gallery of the 320 demo images,
   * publishing every 150 ms took the UI thread 0.51–0.65 s and the renderer 0.20–0.24 s of CPU, every
   * 300 ms 0.35–0.52 s and 0.15–0.19 s (per-thread CPU, one JVM each, 2 cores, 2026-12-04): time the
   * model's two threads lose on 2 cores. Kept below the class map's 300 ms pause, so that pause still
   * ends while maps come. A chunk's first map goes at once: the first tile should not wait the interval.
   */
  static final long PUBLISH_INTERVAL_NANOS = 250_000_000L;

  /**
   * At most this many images share one call of a method whose passes they may share (IG's steps of
   * several images, Grad-CAM's one row each): more would only delay the first tiles and hold more
   * images ahead, where the model's fastest pass is filled by fewer (two or four IG-32 images of the demo).
   */
  static final int MAX_IMAGES_PER_CALL = 16;

  /** One image of the grid: what the gallery needs to explain it. */
  record Image(Path path, String key, int label, int predicted) {}

  /**
   * What to compute.
   *
   * @param order the images in the grid's order; replaced as the grid changes ({@link #reorder})
   */
  record Job(MapSource source, MethodRecipe recipe, TargetChoice target, List<Image> order,
      Map<String, BoundingBox> boxes) {}

  private final TaskExecutor modelExecutor;
  private final Notices notices;
  private final LongSupplier nanoClock;
  private final Consumer<Map<Path, GalleryMap>> publish;
  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
  private final StringProperty status = new SimpleStringProperty(this, "status", "");

  /** Maps made (or found) in this job, and images that could not be explained; any thread. */
  private final Map<Path, GalleryMap> known = new ConcurrentHashMap<>();
  private final Set<Path> failed = ConcurrentHashMap.newKeySet();
  private volatile Job job;
  private volatile boolean cancelled;
  private TaskHandle chunkJob = TaskHandle.NONE;
  private int chunkCounter;
  private int activeChunk = -1;
  /** Which job the chunks work for: maps of an older job are never published. */
  private volatile int generation;
  private long startedNanos;
  /** Maps still to make when the run started (its pace counts the maps made since). */
  private int remainingAtStart;
  /** Time the chunks spent on images (cache, decoding, the model), for the log line at the end. */
  private final AtomicLong explainingNanos = new AtomicLong();
  private final ImagesAhead imagesAhead = new ImagesAhead();

  /** @param publish gets new maps on the UI thread */
  GalleryRun(TaskExecutor modelExecutor, Notices notices, LongSupplier nanoClock, Consumer<Map<Path, GalleryMap>> publish) {
    this.modelExecutor = modelExecutor;
    this.notices = notices;
    this.nanoClock = nanoClock;
    this.publish = publish;
  }

  ReadOnlyBooleanProperty runningProperty() {
    return running;
  }

  ReadOnlyStringProperty statusProperty() {
    return status;
  }

  /** Starts computing {@code value}'s maps; {@code already} are known (shown) and skipped. */
  void start(Job value, Map<Path, GalleryMap> already) {
    stop();
    generation++;
    known.putAll(already);
    job = value;
    cancelled = false;
    startedNanos = nanoClock.getAsLong();
    explainingNanos.set(0);
    remainingAtStart = remaining(value);
    if (remainingAtStart == 0) {
      status.set(describeDone(value));
      return;
    }
    running.set(true);
    status.set("Waiting for the model…");
    submitChunk();
  }

  /** The grid's order changed: the next image is taken from {@code order}. */
  void reorder(List<Image> order) {
    Job current = job;
    if (current != null) {
      job = new Job(current.source(), current.recipe(), current.target(), List.copyOf(order), current.boxes());
      if (!running.get() && !cancelled && remaining(job) > 0) {
        running.set(true);
        submitChunk();
      }
    }
  }

  /** Stops computing; the maps made so far stay. */
  void cancel() {
    if (!running.get()) {
      return;
    }
    cancelled = true;
    activeChunk = -1;
    chunkJob.cancel();
    running.set(false);
    Job current = job;
    status.set(current == null ? "" : "Stopped · " + describeCount(current));
  }

  /** Stops and forgets the job (another method, model or folder). */
  void stop() {
    generation++;
    cancelled = true;
    activeChunk = -1;
    chunkJob.cancel();
    chunkJob = TaskHandle.NONE;
    job = null;
    known.clear();
    failed.clear();
    running.set(false);
    status.set("");
  }

  private void submitChunk() {
    int chunk = ++chunkCounter;
    activeChunk = chunk;
    int forJob = generation;
    chunkJob = modelExecutor.executeInBackground(BackgroundTask.of("Heat-map gallery", context -> runChunk(context, chunk, forJob))
        .onSuccess(steppedAside -> {
          if (chunk != activeChunk) {
            return;
          }
          Job current = job;
          if (current != null && !cancelled && remaining(current) > 0 && steppedAside) {
            submitChunk();
            return;
          }
          activeChunk = -1;
          running.set(false);
          if (current != null) {
            status.set(remaining(current) == 0 ? describeDone(current) : "Stopped · " + describeCount(current));
          }
        })
        .onFailure(error -> {
          if (chunk == activeChunk) {
            activeChunk = -1;
            running.set(false);
            status.set("Failed");
            notices.error("The heat-map gallery failed", error);
          }
        }));
  }

  /** On the model worker: explains images until all are done, or it is cancelled or should step aside. */
  private boolean runChunk(TaskContext context, int chunk, int forJob) {
    boolean[] steppedAside = {false};
    CancellationToken token = () -> {
      if (cancelled || context.isCancelled() || forJob != generation) {
        return true;
      }
      if (modelExecutor.hasWaitingWork()) {
        steppedAside[0] = true;
        return true;
      }
      return false;
    };
    Map<Path, GalleryMap> pending = new LinkedHashMap<>();
    long lastPublished = nanoClock.getAsLong() - PUBLISH_INTERVAL_NANOS; // the chunk's first map at once
    List<ImagesAhead.Ahead> ahead = List.of();
    try {
      while (true) {
        Job current = job;
        if (current == null || token.isCancelled()) {
          break;
        }
        int rowsPerPass = current.recipe().sharesBatches() ? current.source().explainer().rowsPerSharedPass() : 0;
        int perCall = rowsPerPass == 0 ? 1
            : SharedPasses.imagesPerCall(rowsPerPass, current.recipe().rowsPerImage(), MAX_IMAGES_PER_CALL);
        List<Image> group = next(current, perCall, List.of());
        if (group.isEmpty()) {
          break;
        }
        long started = nanoClock.getAsLong();
        // The images of the next call are read and decoded while the model explains these.
        Map<Path, ImagesAhead.Ahead> ready = new HashMap<>();
        for (ImagesAhead.Ahead made : ahead) {
          if (group.contains(made.image())) {
            ready.put(made.image().path(), made);
          } else {
            made.work().cancel(false); // the grid's order changed: other images come next
          }
        }
        ahead = next(current, perCall, group).stream().map(image -> imagesAhead.prepareAhead(current, image)).toList();
        List<ImagesAhead.Prepared> prepared = new ArrayList<>(group.size());
        for (Image image : group) {
          ImagesAhead.Ahead made = ready.get(image.path());
          prepared.add(made != null ? ImagesAhead.take(made) : imagesAhead.prepare(current, image));
        }
        List<Optional<GalleryMap>> maps = explain(current, group, prepared, rowsPerPass, token);
        explainingNanos.addAndGet(nanoClock.getAsLong() - started);
        for (int i = 0; i < group.size(); i++) {
          Path path = group.get(i).path();
          if (maps.get(i).isPresent()) {
            known.put(path, maps.get(i).get());
            pending.put(path, maps.get(i).get());
          } else {
            failed.add(path);
          }
        }
        long now = nanoClock.getAsLong();
        if (now - lastPublished >= PUBLISH_INTERVAL_NANOS) {
          lastPublished = now;
          publish(context, forJob, pending);
        }
      }
    } catch (CancelledException e) {
      // Stepping aside or cancelled: the images in progress are done again later.
    } finally {
      for (ImagesAhead.Ahead made : ahead) {
        made.work().cancel(false); // the next chunk makes its first images ready itself
      }
      imagesAhead.awaitHandedOver(); // the maps made are in the cache before the chunk ends
    }
    publish(context, forJob, pending);
    return steppedAside[0];
  }

  private void publish(TaskContext context, int forJob, Map<Path, GalleryMap> pending) {
    if (pending.isEmpty()) {
      return;
    }
    Map<Path, GalleryMap> batch = Map.copyOf(pending);
    pending.clear();
    Job current = job;
    context.publish(() -> {
      if (forJob == generation) {
        publish.accept(batch);
        if (running.get() && current != null) {
          int left = remaining(current);
          status.set(GalleryProgress.of(current.order().size() - left, current.order().size(),
              remainingAtStart - left, nanoClock.getAsLong() - startedNanos));
        }
      }
    });
  }

  /** The first {@code count} images of the grid's order still to explain, other than {@code besides}. */
  private List<Image> next(Job current, int count, List<Image> besides) {
    List<Image> images = new ArrayList<>(count);
    for (Image image : current.order()) {
      if (images.size() == count) {
        break;
      }
      if (!known.containsKey(image.path()) && !failed.contains(image.path()) && !besides.contains(image)) {
        images.add(image);
      }
    }
    return images;
  }

  /**
   * The maps of {@code group}: from the cache, or computed (and kept), in one call where the method lets
   * images share its passes ({@code rowsPerPass} rows, else 0); empty for an image that cannot be read.
   */
  private List<Optional<GalleryMap>> explain(Job current, List<Image> group, List<ImagesAhead.Prepared> prepared,
      int rowsPerPass, CancellationToken token) {
    MapCache.Entry[] entries = new MapCache.Entry[group.size()];
    List<Integer> toCompute = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      if (!prepared.get(i).unreadable()) {
        entries[i] = prepared.get(i).lookup().entry().orElse(null);
        if (entries[i] == null) {
          toCompute.add(i);
        }
      }
    }
    if (!toCompute.isEmpty()) {
      List<MapSource.Pending> pending = new ArrayList<>(toCompute.size());
      for (int i : toCompute) {
        Image image = group.get(i);
        ImagesAhead.Prepared ready = prepared.get(i);
        pending.add(new MapSource.Pending(image.key(), image.label(), image.predicted(), ready.input(), ready.width(),
            ready.height()));
      }
      List<MapCache.Entry> computed = current.source().computeUnkept(current.recipe(), current.target(), pending,
          rowsPerPass, token);
      for (int j = 0; j < toCompute.size(); j++) {
        entries[toCompute.get(j)] = computed.get(j);
      }
    }
    for (int i : toCompute) {
      imagesAhead.keepLater(current.source(), prepared.get(i).lookup(), entries[i]);
    }
    List<Optional<GalleryMap>> maps = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      maps.add(entries[i] == null ? Optional.empty()
          : Optional.of(mapOf(entries[i], current.boxes().get(group.get(i).key()), current)));
    }
    return maps;
  }

  /** The gallery's map of a cached or computed entry, scored against {@code box} when there is one. */
  static GalleryMap mapOf(MapCache.Entry entry, BoundingBox box, Job job) {
    NpyArray map = entry.map();
    Localization.Scores scores = box == null ? Localization.Scores.NONE
        : Localization.score(map.data(), map.shape(), box, entry.imageWidth(), entry.imageHeight(),
            job.source().explainer().preprocessing());
    return new GalleryMap(AttributionNormalizer.sumChannels(map.data(), map.shape()), entry.imageWidth(),
        entry.imageHeight(), scores);
  }

  private int remaining(Job current) {
    int left = 0;
    for (Image image : current.order()) {
      if (!known.containsKey(image.path()) && !failed.contains(image.path())) {
        left++;
      }
    }
    return left;
  }

  private String describeCount(Job current) {
    int total = current.order().size();
    return GalleryProgress.of(total - remaining(current), total, 0, 0);
  }

  private String describeDone(Job current) {
    double seconds = (nanoClock.getAsLong() - startedNanos) / 1e9;
    int unreadable = (int) current.order().stream().filter(image -> failed.contains(image.path())).count();
    LOG.info("{} heat maps of {} in {} s, {} s of it on images (cache, decoding, the model)",
        current.order().size() - unreadable, current.recipe().id(), String.format(Locale.ROOT, "%.2f", seconds),
        String.format(Locale.ROOT, "%.2f", explainingNanos.get() / 1e9));
    return Formats.count(current.order().size() - unreadable) + " heat maps in " + Formats.duration(seconds)
        + (unreadable == 0 ? "" : " · " + Formats.count(unreadable) + " unreadable");
  }

  /** Whether {@code path} could not be explained (unreadable). */
  boolean failed(Path path) {
    return failed.contains(path);
  }

  /** The images of the current job, for tests. */
  List<Image> order() {
    Job current = job;
    return current == null ? List.of() : new ArrayList<>(current.order());
  }
}
