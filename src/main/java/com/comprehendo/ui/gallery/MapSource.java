package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.Explainer;
import com.comprehendo.analysis.explain.MapCache;
import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.analysis.explain.TargetChoice;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.data.ImageTensors;
import com.comprehendo.data.NpyArray;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.platform.Sha256;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image's map for a method, as the gallery keeps them: from the disk cache when it is there (keyed
 * by model, image, method with its parameters and target, {@link MapCache#key}), else computed by the
 * model and kept. The gallery and the dataset's faithfulness share it, so a map one made the other
 * finds. One per open model; used on the model worker.
 */
final class MapSource {

  /** A cache look-up: the key (null without a cache) and the entry when it was there. */
  record Lookup(String key, Optional<MapCache.Entry> entry) {}

  private final Explainer explainer;
  private final Optional<MapCache> cache;
  /** Gets the method, passes and nanoseconds of each computation of several images, for the model's speed. */
  private final PassTimer timed;

  /** Told the method id, passes and nanoseconds of a computation of several images. */
  interface PassTimer {
    void timed(String methodId, PassCount passes, long nanos);
  }
  /** The model file's hash, read once, on the worker, when the cache is first asked. */
  private volatile String modelSha256;

  MapSource(Explainer explainer, Optional<MapCache> cache) {
    this(explainer, cache, (methodId, passes, nanos) -> { });
  }

  /** @param timed gets the passes and time of each {@link #computeUnkept} */
  MapSource(Explainer explainer, Optional<MapCache> cache, PassTimer timed) {
    this.explainer = explainer;
    this.cache = cache;
    this.timed = timed;
  }

  Explainer explainer() {
    return explainer;
  }

  /**
   * The cached map of {@code image}, if any.
   *
   * @throws IOException when the image (or the model file) cannot be read for its hash
   */
  Lookup lookup(MethodRecipe recipe, TargetChoice target, Path image) throws IOException {
    if (cache.isEmpty()) {
      return new Lookup(null, Optional.empty());
    }
    if (modelSha256 == null) {
      modelSha256 = Sha256.of(explainer.file());
    }
    String key = MapCache.key(modelSha256, Sha256.of(image), recipe, target);
    return new Lookup(key, cache.get().get(key));
  }

  /**
   * Computes the map of a decoded image and keeps it under the look-up's key.
   *
   * @param key the image's dataset-relative path (its seeds)
   * @param label its true class, or -1
   * @param predicted the class the model predicts
   * @throws com.comprehendo.job.CancelledException when cancelled
   */
  MapCache.Entry compute(Lookup lookup, MethodRecipe recipe, TargetChoice target, String key, int label, int predicted,
      BufferedImage decoded, CancellationToken token) {
    MapCache.Entry entry = entryOf(attribute(recipe, target, new Pending(key, label, predicted,
        ImageTensors.toChw(decoded, explainer.preprocessing()), decoded.getWidth(), decoded.getHeight()), token),
        decoded.getWidth(), decoded.getHeight());
    keep(lookup, entry);
    return entry;
  }

  /**
   * An image to compute: its dataset-relative path (its seeds), true class (or -1), predicted class, the
   * model's input made of it, and its decoded size (boxes are in image pixels).
   */
  record Pending(String key, int label, int predicted, float[] input, int width, int height) {}

  /**
   * As {@link #compute} for several images already preprocessed, without keeping their maps (the caller
   * {@linkplain #keep keeps} them, on another thread): in one call with their passes shared, of at most
   * {@code rowsPerPass} rows, where {@code recipe} allows it ({@link MethodRecipe#sharesBatches()};
   * {@code rowsPerPass} 0 otherwise), else one by one.
   *
   * @throws com.comprehendo.job.CancelledException when cancelled: the maps of a shared call are lost
   */
  List<MapCache.Entry> computeUnkept(MethodRecipe recipe, TargetChoice target, List<Pending> images,
      int rowsPerPass, CancellationToken token) {
    long started = System.nanoTime();
    List<AttributionResult> results = new ArrayList<>(images.size());
    if (rowsPerPass == 0) {
      for (Pending image : images) {
        results.add(attribute(recipe, target, image, token));
      }
    } else {
      List<float[]> inputs = new ArrayList<>(images.size());
      int[] targets = new int[images.size()];
      for (int i = 0; i < images.size(); i++) {
        inputs.add(images.get(i).input());
        targets[i] = target.targetFor(images.get(i).label(), images.get(i).predicted());
      }
      // The method of the first image serves them all: a recipe that shares passes draws nothing at random.
      results = explainer.attributeTogether(inputs, targets, method(recipe, images.get(0).key()), rowsPerPass, token);
    }
    PassCount passes = PassCount.ZERO;
    List<MapCache.Entry> entries = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      passes = passes.plus(results.get(i).passes());
      entries.add(entryOf(results.get(i), images.get(i).width(), images.get(i).height()));
    }
    timed.timed(recipe.id(), passes, System.nanoTime() - started);
    return entries;
  }

  private AttributionResult attribute(MethodRecipe recipe, TargetChoice target, Pending image, CancellationToken token) {
    return explainer.attribute(image.input(), target.targetFor(image.label(), image.predicted()),
        method(recipe, image.key()), ProgressListener.NONE, token);
  }

  /** The gallery keeps the map alone: IG's convergence delta would cost two forward passes per image. */
  private static AttributionMethod method(MethodRecipe recipe, String key) {
    return recipe.forImage(key).withoutConvergenceDelta();
  }

  private static MapCache.Entry entryOf(AttributionResult result, int width, int height) {
    return new MapCache.Entry(new NpyArray(new int[] {result.channels(), result.height(), result.width()},
        result.values()), width, height);
  }

  /** Keeps a computed map under the look-up's key (nothing without a cache). */
  void keep(Lookup lookup, MapCache.Entry entry) {
    if (lookup.key() != null) {
      cache.get().put(lookup.key(), entry);
    }
  }
}
