package com.comprehendo.analysis.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.analysis.metrics.CurveKind;
import com.comprehendo.analysis.metrics.DeletionInsertion;
import com.comprehendo.analysis.metrics.ImageMetrics;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.BaselineKind;
import com.comprehendo.attribution.BaselineText;
import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.data.ImageTensors;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.model.LayerMaps;
import com.comprehendo.model.TorchScriptClassifier;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code deletion_auc} and {@code insertion_auc} columns of a results folder (Petsiuk, Das and
 * Saenko, "RISE", BMVC 2018; {@link DeletionInsertion}): each map's curves on its own image and
 * target, with {@code comprehendo evaluate}'s defaults (deletion to 0, insertion from a blur of σ = 10
 * px, a step of H·W/100 pixels rounded up), so a value here equals {@code evaluate}'s for that map (a
 * layer's map, smaller than the input, is first brought to the input's size as the explorer shows it).
 *
 * <p>Filled after the maps, from the maps on disk, for every row that lacks them: a run stopped in
 * this phase, or one made without {@code --metrics}, gets them on the next run without explaining
 * again.
 *
 * <pre>{@code
 * FaithfulnessColumns metrics = new FaithfulnessColumns(model, FaithfulnessColumns.parse("deletion,insertion"));
 * metrics.fill(results, context, (done, total) -> {});
 * }</pre>
 */
public final class FaithfulnessColumns {

  private final TorchScriptClassifier model;
  private final List<CurveKind> kinds;

  public FaithfulnessColumns(TorchScriptClassifier model, List<CurveKind> kinds) {
    this.model = model;
    this.kinds = List.copyOf(kinds);
  }

  /**
   * {@code deletion}, {@code insertion} or both, comma-separated.
   *
   * @throws IllegalArgumentException naming what is accepted
   */
  public static List<CurveKind> parse(String text) {
    Set<CurveKind> kinds = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      CurveKind kind = switch (name) {
        case "deletion" -> CurveKind.DELETION;
        case "insertion" -> CurveKind.INSERTION;
        default -> throw new IllegalArgumentException("'" + part.strip() + "' is not a metric here (accepted: deletion,"
            + " insertion, comma-separated)");
      };
      kinds.add(kind);
    }
    return List.copyOf(kinds);
  }

  /**
   * The map the curves rank pixels by: as written when it has the input's size; a layer's map (Grad-CAM's
   * 1×h×w) summed over its channels and upsampled bilinearly to the input, as the explorer shows it.
   */
  private NpyArray inputSized(NpyArray map, Preprocessing preprocessing) {
    int[] shape = map.shape();
    if (shape.length != 3) {
      throw new IllegalArgumentException("a map of shape " + Arrays.toString(shape) + " is not C×H×W");
    }
    if (shape[1] == preprocessing.height() && shape[2] == preprocessing.width()) {
      return map;
    }
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray upsampled = LayerMaps.asShownOnInput(scope.create(map.data(), new Shape(1, shape[0], shape[1], shape[2])),
          preprocessing.height(), preprocessing.width());
      return new NpyArray(new int[] {1, preprocessing.height(), preprocessing.width()}, upsampled.toFloatArray());
    }
  }

  /** The index column of {@code kind}. */
  public static String column(CurveKind kind) {
    return kind.id() + "_auc";
  }

  /** How many images lack a column: the work {@link #fill} has. */
  public int missing(ResultsFolder results) {
    Set<String> keys = new LinkedHashSet<>();
    kinds.forEach(kind -> keys.addAll(results.withoutScore(column(kind))));
    return keys.size();
  }

  /**
   * Computes the missing columns, image by image, and writes the index at the end (and as it goes,
   * as for maps). An image that can no longer be read keeps its columns empty.
   *
   * @param context the curves' memory budget and cancellation (polled between batches of the curve)
   * @param images progress: images done / total
   * @return how many images got a column
   * @throws com.comprehendo.job.CancelledException when cancelled: what is done stays in the index
   */
  public int fill(ResultsFolder results, AttributionContext context, ProgressListener images) throws IOException {
    Set<String> keys = new LinkedHashSet<>();
    kinds.forEach(kind -> keys.addAll(results.withoutScore(column(kind))));
    List<String> todo = new ArrayList<>(keys);
    ImageMetrics metrics = new ImageMetrics(model);
    Preprocessing preprocessing = model.spec().preprocessing();
    ImageDecoder decoder = ImageDecoder.createDefault();
    int done = 0;
    try {
      for (String key : todo) {
        context.cancellation().throwIfCancelled();
        int target = results.targetOf(key);
        NpyArray map = NpyArray.read(results.mapFile(key));
        BufferedImage image;
        try {
          image = decoder.decodeForTensors(results.datasetRoot().resolve(key));
        } catch (ImageDecodeException e) {
          images.onProgress(++done, todo.size());
          continue;
        }
        if (target >= 0) {
          NpyArray input = new NpyArray(new int[] {preprocessing.channels(), preprocessing.height(),
              preprocessing.width()}, ImageTensors.toChw(image, preprocessing));
          NpyArray ranked = inputSized(map, preprocessing);
          int mapChannels = ranked.shape()[0];
          for (CurveKind kind : kinds) {
            int step = DeletionInsertion.defaultStep((long) preprocessing.height() * preprocessing.width());
            DeletionInsertion curve = new DeletionInsertion(kind, step, BaselineText.toBaseline(kind.defaultBaseline(),
                List.of(BaselineKind.CONSTANT, BaselineKind.BLUR), preprocessing));
            double auc = metrics.curve(input, ranked.data(), mapChannels, target, curve,
                context.withProgress(ProgressListener.NONE)).auc();
            results.putScore(key, column(kind), auc);
          }
        }
        images.onProgress(++done, todo.size());
      }
    } finally {
      results.writeIndex();
    }
    return done;
  }
}
