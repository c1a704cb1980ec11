package com.comprehendo.ui;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.Explainer;
import com.comprehendo.analysis.Prediction;
import com.comprehendo.analysis.PredictionAccumulator;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.attribution.IntegratedGradients;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.attribution.Previews;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.ImageRecord;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A deterministic stand-in for a model, for view-model tests without libtorch: 8×8 RGB input, two
 * classes; the attribution is the input scaled by the target and the method's pass count, so different
 * keys give different maps. Dataset predictions decode each image like the explorer does and score it
 * with {@link #datasetScores} (by default as {@link #predict} would), two images per batch.
 */
final class FakeExplainer implements Explainer {

  static final Preprocessing INPUT =
      new Preprocessing(8, 8, ResizeMethod.SQUISH, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});

  final AtomicInteger attributions = new AtomicInteger();
  final AtomicInteger predictions = new AtomicInteger();
  final List<String> log = new ArrayList<>();
  /** Every method attributed, in order. */
  final List<AttributionMethod> methods = new ArrayList<>();
  /** The wall time each attribution reports, which the session learns the model's speed from. */
  volatile double reportedSeconds = 0.01;
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
    float[] deltas = method.id().equals("ig") ? new float[] {delta} : new float[0];
    return new AttributionResult(values, 3, 8, 8, deltas, cost, reportedSeconds);
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
