package com.comprehendo.ui;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.Explainer;
import com.comprehendo.analysis.LayerGrid;
import com.comprehendo.analysis.Prediction;
import com.comprehendo.analysis.PredictionAccumulator;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.analysis.Softmax;
import com.comprehendo.analysis.metrics.CurveKind;
import com.comprehendo.analysis.metrics.DeletionInsertion;
import com.comprehendo.analysis.metrics.FaithfulnessCurve;
import com.comprehendo.analysis.metrics.FaithfulnessMeter;
import com.comprehendo.analysis.metrics.Perturbations;
import com.comprehendo.analysis.metrics.SensitivityMax;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.attribution.IntegratedGradients;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.attribution.Previews;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.ImageRecord;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.ResizeMethod;
import com.comprehendo.data.UnreadableImage;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.CancelledException;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.ui.support.ImageInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A deterministic stand-in for a model, for view-model tests without libtorch: 8×8 RGB input, two
 * classes; the attribution is the input scaled by the target and the method's pass count, so different
 * keys give different maps. Dataset predictions decode each image like the explorer does and score it
 * with {@link #datasetScores} (by default as {@link #predict} would), two images per batch.
 */
final class FakeExplainer implements Explainer, FaithfulnessMeter {

  static final Preprocessing INPUT =
      new Preprocessing(8, 8, ResizeMethod.SQUISH, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});

  final AtomicInteger attributions = new AtomicInteger();
  final AtomicInteger predictions = new AtomicInteger();
  final List<String> log = new ArrayList<>();
  /** Every method attributed, in order. */
  final List<AttributionMethod> methods = new ArrayList<>();
  /** The wall time each attribution reports, which the session learns the model's speed from. */
  volatile double reportedSeconds = 0.01;
  /** How long {@link #predict} takes, as a model's one-image pass would. */
  volatile long predictMillis;
  /** The row cap of the last attribution, as the engine would get it. */
  volatile int lastMaxRowsPerPass = -1;
  /** The convergence delta to report for methods that have one (IG). */
  volatile float delta = 1e-4f;
  /** Logits for a dataset image (its file, its input tensor); null: as {@link #predict} computes them. */
  volatile BiFunction<Path, float[], float[]> datasetScores;
  /** Dataset images scored so far. */
  final AtomicInteger datasetPredictions = new AtomicInteger();
  /** Images per batch of {@link #predictDataset}. */
  static final int BATCH = 2;
  /** How long each dataset batch takes, to make a run slow enough to interleave other work. */
  volatile long batchMillis;
  /** How long each attribution takes (cancellable every few milliseconds), for the same reason. */
  volatile long attributionMillis;
  /** Maps to return instead of the fake's own (method, input → map); null for the fake's own. */
  volatile BiFunction<AttributionMethod, float[], float[]> maps;
  /** Every faithfulness metric measured, in order: "deletion", "insertion", "sensitivity:ig". */
  final List<String> measured = new ArrayList<>();
  /** Called after each metric is measured, with its log entry (a test cancels from here). */
  volatile Consumer<String> afterMeasure = entry -> {};
  /** The layers the fake exports (features_<name>/head_<name> pairs of a split model); none by default. */
  volatile List<String> layers = List.of();
  /** What {@link #rowsPerSharedPass} answers: 1, one image per call, unless a test makes images share passes. */
  volatile int sharedPassRows = 1;
  /** How many images each {@link #attributeTogether} call took, in order. */
  final List<Integer> togetherCalls = new ArrayList<>();
  private final Path file;
  private boolean closed;

  FakeExplainer(Path file) {
    this.file = file;
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public List<String> classNames() {
    return List.of("cat", "dog");
  }

  @Override
  public List<String> layerNames() {
    return layers;
  }

  @Override
  public Preprocessing preprocessing() {
    return INPUT;
  }

  @Override
  public List<String> assumptions() {
    return List.of();
  }

  @Override
  public String device() {
    return "CPU";
  }

  @Override
  public ScoreKind scoreKind() {
    return ScoreKind.LOGITS;
  }

  @Override
  public Prediction predict(float[] input) {
    predictions.incrementAndGet();
    if (predictMillis > 0) {
      try {
        Thread.sleep(predictMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return Prediction.of(logits(input), ScoreKind.LOGITS, classNames());
  }

  private static float[] logits(float[] input) {
    double mean = 0;
    for (float v : input) {
      mean += v;
    }
    mean /= input.length;
    return new float[] {(float) mean, (float) -mean};
  }

  @Override
  public void predictDataset(
      Dataset dataset, PredictionAccumulator into, ProgressListener progress, CancellationToken cancellation) {
    int total = dataset.size();
    for (int start = 0; start < total; start += BATCH) {
      cancellation.throwIfCancelled();
      int end = Math.min(total, start + BATCH);
      for (int i = start; i < end; i++) {
        ImageRecord record = dataset.get(i);
        float[] input;
        try {
          input = ImageInput.load(record.path(), INPUT).tensor();
        } catch (IOException e) {
          into.addUnreadable(new UnreadableImage(record.path(), e.getMessage()));
          continue;
        }
        BiFunction<Path, float[], float[]> scorer = datasetScores;
        into.add(record, scorer == null ? logits(input) : scorer.apply(record.path(), input));
        datasetPredictions.incrementAndGet();
      }
      pause();
      progress.onProgress(end, total);
    }
  }

  private void pause() {
    if (batchMillis > 0) {
      try {
        Thread.sleep(batchMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException();
      }
    }
  }

  @Override
  public int rowsPerSharedPass() {
    return sharedPassRows;
  }

  /** As the engine: the images one by one (each map as {@link #attribute} makes it), the call's size logged. */
  @Override
  public List<AttributionResult> attributeTogether(
      List<float[]> inputs, int[] targets, AttributionMethod method, int rowsPerPass, CancellationToken cancellation) {
    togetherCalls.add(inputs.size());
    return Explainer.super.attributeTogether(inputs, targets, method, rowsPerPass, cancellation);
  }

  /**
   * As the engine does: IG hands an estimate on after its first steps when one is wanted (all zeros
   * here, so a test can tell it from the result).
   */
  @Override
  public AttributionResult attribute(
      float[] input, int target, AttributionMethod method, ProgressListener progress, CancellationToken cancellation,
      EstimateListener estimates, int maxRowsPerPass) {
    lastMaxRowsPerPass = maxRowsPerPass;
    if (method instanceof IntegratedGradients ig && ig.steps() > Previews.IG_PREVIEW_STEPS && estimates.wantsEstimate()) {
      estimates.onEstimate(new float[input.length], Previews.IG_PREVIEW_STEPS, ig.steps());
    }
    return attribute(input, target, method, progress, cancellation);
  }

  @Override
  public AttributionResult attribute(
      float[] input, int target, AttributionMethod method, ProgressListener progress, CancellationToken cancellation) {
    PassCount cost = method.cost(1, new long[] {INPUT.channels(), INPUT.height(), INPUT.width()});
    long total = Math.max(1, cost.total());
    for (long until = System.nanoTime() + attributionMillis * 1_000_000; System.nanoTime() < until; ) {
      if (cancellation.isCancelled()) {
        throw new CancelledException();
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException();
      }
    }
    for (long done = 0; done < total; done++) {
      if (cancellation.isCancelled()) {
        throw new CancelledException();
      }
      progress.onProgress(done + 1, total);
    }
    attributions.incrementAndGet();
    log.add(method.id() + ":" + target);
    methods.add(method);
    float[] values = new float[input.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (input[i] + 0.1f * (i % 7)) * (target + 1) / total;
    }
    BiFunction<AttributionMethod, float[], float[]> given = maps;
    if (given != null) {
      values = given.apply(method, input);
    }
    float[] deltas = method.id().equals("ig") ? new float[] {delta} : new float[0];
    boolean layerMethod = MethodRegistry.builtIn().find(method.id())
        .map(d -> d.requirements().contains(MethodDescriptor.Requirement.SPLIT_MODEL)).orElse(false);
    // A layer method's map comes from a 2×2 layer grid of 4 channels (as the engine's would name it).
    LayerGrid grid = layerMethod ? new LayerGrid("fake-layer", 2, 2, 4, new float[] {1, 2, 3, 4}) : null;
    return new AttributionResult(values, 3, 8, 8, deltas, cost, reportedSeconds, OptionalInt.empty(), grid);
  }

  /**
   * The deletion or insertion curve of this fake model, computed as the metric defines it (pixels by
   * channel-summed attribution, descending, ties by index; {@code step} at a time), with every
   * baseline taken as 0: the fake's logits are (mean, −mean) of its input, so a map ranking the
   * largest inputs first deletes class 0 fastest.
   */
  @Override
  public FaithfulnessCurve curve(
      NpyArray image, float[] attribution, int attributionChannels, int target, DeletionInsertion metric,
      AttributionContext context) {
    int pixels = image.shape()[1] * image.shape()[2];
    int channels = image.shape()[0];
    Integer[] order = new Integer[pixels];
    float[] saliency = new float[pixels];
    for (int p = 0; p < pixels; p++) {
      order[p] = p;
      for (int c = 0; c < attributionChannels; c++) {
        saliency[p] += attribution[c * pixels + p];
      }
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(saliency[b], saliency[a]));
    boolean deletion = metric.kind() == CurveKind.DELETION;
    float[] current = deletion ? image.data().clone() : new float[image.data().length];
    int points = (int) metric.points(pixels);
    double[] probabilities = new double[points];
    int moved = 0;
    for (int point = 0; point < points; point++) {
      context.cancellation().throwIfCancelled();
      for (int end = Math.min(pixels, point * metric.step()); moved < end; moved++) {
        for (int c = 0; c < channels; c++) {
          current[c * pixels + order[moved]] = deletion ? 0 : image.data()[c * pixels + order[moved]];
        }
      }
      probabilities[point] = Softmax.probabilities(logits(current), ScoreKind.LOGITS)[target];
      context.progress().onProgress(point + 1, points);
    }
    FaithfulnessCurve curve = FaithfulnessCurve.of(metric.kind(), metric.step(), probabilities);
    logMeasure(metric.kind().id());
    return curve;
  }

  /** A stand-in for max-sensitivity: the inverse of the method's passes (more averaging, steadier). */
  @Override
  public double sensitivity(
      NpyArray image, int target, AttributionMethod method, SensitivityMax metric, Perturbations perturbations,
      AttributionContext context) {
    context.cancellation().throwIfCancelled();
    logMeasure("sensitivity:" + method.id());
    return 1.0 / (1 + method.cost(1, new long[] {INPUT.channels(), INPUT.height(), INPUT.width()}).total());
  }

  private void logMeasure(String entry) {
    synchronized (measured) {
      measured.add(entry);
    }
    afterMeasure.accept(entry);
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
