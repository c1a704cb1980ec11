package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.explain.MapCache;
import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.analysis.explain.TargetChoice;
import com.comprehendo.analysis.metrics.CurveKind;
import com.comprehendo.analysis.metrics.DeletionInsertion;
import com.comprehendo.analysis.metrics.FaithfulnessMeter;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.data.ImageTensors;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.ui.faithfulness.FaithfulnessMeasurement;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.Formats;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One measurement of {@link DatasetFaithfulnessViewModel}: the methods, the images, the sums so far.
 * {@link #measureNext} runs on the model worker; the UI reads snapshots ({@link #rows}), so the sums are
 * read under the job's lock.
 */
final class DatasetFaithfulnessJob {

  record Image(Path path, String key, int label, int predicted) {}

  private final MapSource source;
  private final FaithfulnessMeter meter;
  private final ModelSession session;
  private final List<MethodRecipe> recipes;
  private final List<Image> images;
  private final String galleryMethod;
  private final Map<Path, GalleryMap> galleryMaps;
  private final double[] deletionSums;
  private final double[] insertionSums;
  private final int[] counts;
  private int unreadable;
  /** The next (method, image) pair: method × images + image. */
  private int next;

  DatasetFaithfulnessJob(MapSource source, FaithfulnessMeter meter, ModelSession session, List<MethodRecipe> recipes,
      List<Image> images, String galleryMethod, Map<Path, GalleryMap> galleryMaps) {
    this.source = source;
    this.meter = meter;
    this.session = session;
    this.recipes = List.copyOf(recipes);
    this.images = List.copyOf(images);
    this.galleryMethod = galleryMethod;
    this.galleryMaps = galleryMaps;
    this.deletionSums = new double[recipes.size()];
    this.insertionSums = new double[recipes.size()];
    this.counts = new int[recipes.size()];
  }

  synchronized int total() {
    return recipes.size() * images.size();
  }

  synchronized int done() {
    return next;
  }

  synchronized boolean finished() {
    return next >= total();
  }

  /** Measures the next map's deletion and insertion, and adds them to its method's sums. */
  void measureNext(ImageDecoder decoder, CancellationToken token) throws IOException {
    int at;
    synchronized (this) {
      at = next;
    }
    MethodRecipe recipe = recipes.get(at / images.size());
    Image image = images.get(at % images.size());
    Optional<double[]> aucs = measure(recipe, image, decoder, token);
    synchronized (this) {
      if (aucs.isPresent()) {
        int method = at / images.size();
        deletionSums[method] += aucs.get()[0];
        insertionSums[method] += aucs.get()[1];
        counts[method]++;
      } else if (at < images.size()) {
        unreadable++; // counted with the first method only: an image, not a map
      }
      next = at + 1;
    }
  }

  /** The image's deletion and insertion AUC under its map; empty when the image cannot be read. */
  private Optional<double[]> measure(MethodRecipe recipe, Image image, ImageDecoder decoder,
      CancellationToken token) throws IOException {
    Preprocessing input = source.explainer().preprocessing();
    BufferedImage decoded;
    try {
      decoded = decoder.decodeForTensors(image.path());
    } catch (ImageDecodeException e) {
      return Optional.empty();
    }
    float[] map;
    int channels;
    GalleryMap shown = recipe.id().equals(galleryMethod) ? galleryMaps.get(image.path()) : null;
    if (shown != null && shown.summed().height() == input.height() && shown.summed().width() == input.width()) {
      map = shown.summed().values(); // ranked by the channel sum anyway
      channels = 1;
    } else {
      MapSource.Lookup lookup;
      try {
        lookup = source.lookup(recipe, TargetChoice.PREDICTED, image.path());
      } catch (IOException e) {
        return Optional.empty(); // the file went away
      }
      MapCache.Entry entry = lookup.entry().filter(cached -> inputSized(cached.map(), input)).orElse(null);
      if (entry == null) {
        entry = source.compute(lookup, recipe, TargetChoice.PREDICTED, image.key(), image.label(),
            image.predicted(), decoded, token);
      }
      map = entry.map().data();
      channels = entry.map().shape()[0];
    }
    NpyArray tensor = new NpyArray(new int[] {input.channels(), input.height(), input.width()},
        ImageTensors.toChw(decoded, input));
    int target = TargetChoice.PREDICTED.targetFor(image.label(), image.predicted());
    AttributionContext context = AttributionContext.defaults().withCancellation(token)
        .withBudget(BatchBudget.defaultBudget().withRowCap(session.rowsPerPass()));
    double[] aucs = new double[2];
    int i = 0;
    for (CurveKind kind : List.of(CurveKind.DELETION, CurveKind.INSERTION)) {
      DeletionInsertion curve = FaithfulnessMeasurement.curve(kind, input);
      aucs[i++] = meter.curve(tensor, map, channels, target, curve, context).auc();
    }
    return Optional.of(aucs);
  }

  /** A layer's map kept at its resolution (a results folder's) is computed again at the input's. */
  private static boolean inputSized(NpyArray map, Preprocessing input) {
    int[] shape = map.shape();
    return shape.length == 3 && shape[1] == input.height() && shape[2] == input.width();
  }

  /** The table now: the means so far, the best marked once two methods have them. */
  synchronized List<DatasetFaithfulnessViewModel.Row> rows() {
    int bestDeletion = -1;
    int bestInsertion = -1;
    int measured = 0;
    for (int m = 0; m < recipes.size(); m++) {
      if (counts[m] == 0) {
        continue;
      }
      measured++;
      if (bestDeletion < 0 || mean(deletionSums, m) < mean(deletionSums, bestDeletion)) {
        bestDeletion = m;
      }
      if (bestInsertion < 0 || mean(insertionSums, m) > mean(insertionSums, bestInsertion)) {
        bestInsertion = m;
      }
    }
    List<DatasetFaithfulnessViewModel.Row> table = new ArrayList<>(recipes.size());
    for (int m = 0; m < recipes.size(); m++) {
      String id = recipes.get(m).id();
      String name = MethodRegistry.builtIn().find(id).map(MethodDescriptor::displayName).orElse(id);
      table.add(new DatasetFaithfulnessViewModel.Row(id, name, counts[m], mean(deletionSums, m), mean(insertionSums, m),
          measured >= 2 && counts[m] > 0 && mean(deletionSums, m) == mean(deletionSums, bestDeletion),
          measured >= 2 && counts[m] > 0 && mean(insertionSums, m) == mean(insertionSums, bestInsertion)));
    }
    return table;
  }

  private double mean(double[] sums, int method) {
    return counts[method] == 0 ? Double.NaN : sums[method] / counts[method];
  }

  synchronized String describeCount() {
    return Formats.count(next) + " / " + Formats.count(total()) + " maps";
  }

  synchronized String describeDone(double seconds) {
    return Formats.count(total()) + " maps in " + Formats.duration(seconds)
        + (unreadable == 0 ? "" : " · " + Formats.count(unreadable) + " unreadable");
  }
}
