package com.comprehendo.analysis;

import com.comprehendo.data.Dataset;
import com.comprehendo.data.MatchedDataset;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.CancelledException;
import com.comprehendo.job.ProgressListener;

/**
 * One model's predictions over one dataset, made in pieces: each {@link #predictRest} continues from
 * the first image not yet predicted, so the work can stop (a cancel, or making way for other model
 * work) and go on later without predicting any image twice. The explorer's dataset run is a series
 * of such pieces; results can be read from any thread while a piece runs.
 *
 * <pre>{@code
 * ResumablePrediction run = new ResumablePrediction(MatchedDataset.match(scanned, classes), ScoreKind.LOGITS);
 * try {
 *   run.predictRest(explainer, progress, token);
 * } catch (CancelledException e) {
 *   // what was predicted stays; call predictRest again to go on
 * }
 * AnalysisSnapshot results = run.snapshot();
 * }</pre>
 */
public final class ResumablePrediction {

  private final MatchedDataset matched;
  private final PredictionAccumulator accumulator;
  /** The first image not yet predicted (or found unreadable); written after each batch. */
  private volatile int next;

  /**
   * @param matched the dataset, its labels indexing the model's classes
   * @param scoreKind whether the model outputs logits or probabilities
   */
  public ResumablePrediction(MatchedDataset matched, ScoreKind scoreKind) {
    this.matched = matched;
    this.accumulator = new PredictionAccumulator(matched.dataset().classNames(), scoreKind);
  }

  public MatchedDataset matched() {
    return matched;
  }

  /** How many images the dataset has. */
  public int total() {
    return matched.dataset().size();
  }

  /** Images done so far: predicted or found unreadable; the next piece starts here. */
  public int next() {
    return next;
  }

  /** The predictions so far; any thread. */
  public AnalysisSnapshot snapshot() {
    return accumulator.snapshot();
  }

  /**
   * Predicts from {@link #next()} to the end, in batches.
   *
   * @param progress receives images done / total of the whole dataset after each batch
   * @param cancellation polled before each batch
   * @throws CancelledException when {@code cancellation} fires: the batches done stay, and {@link
   *     #next()} is where the next call goes on
   */
  public void predictRest(Explainer explainer, ProgressListener progress, CancellationToken cancellation) {
    int start = next;
    Dataset all = matched.dataset();
    Dataset rest = start == 0 ? all : Dataset.of(all.root(), all.classNames(),
        all.records().subList(start, all.size()), all.labelSource(), all.labelRule());
    explainer.predictDataset(rest, accumulator, (done, total) -> {
      next = start + (int) done;
      progress.onProgress(next, all.size());
    }, cancellation);
  }
}
