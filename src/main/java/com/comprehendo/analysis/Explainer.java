package com.comprehendo.analysis;

import com.comprehendo.analysis.PredictionAccumulator;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import java.nio.file.Path;
import java.util.List;

/**
 * What the explorer needs of a loaded classifier: predictions and attributions for one image given as
 * a host tensor, and batched predictions over a whole dataset. One implementation wraps the TorchScript
 * engine ({@link TorchScriptExplainer}); view-model tests use a small fake. Calls come from one worker
 * thread at a time.
 */
public interface Explainer extends AutoCloseable {

  /** The model file. */
  Path file();

  /** Class names in output order. */
  List<String> classNames();

  /** The layers the model's split exposes for layer methods, the default first; empty without a split. */
  default List<String> layerNames() {
    return List.of();
  }

  /** How images become this model's input. */
  Preprocessing preprocessing();

  /** The sidecar defaults that were assumed, in words (empty when the sidecar said everything). */
  List<String> assumptions();

  /** Where the model computes, in words: "CPU" or "GPU 0". */
  String device();

  /** Whether the model's outputs are logits or probabilities (how a dataset's losses are computed). */
  ScoreKind scoreKind();

  /**
   * Classifies one image.
   *
   * @param input the preprocessed image, channels first {@code (C, H, W)}
   */
  Prediction predict(float[] input);

  /**
   * Classifies every image of {@code dataset}, in order and in batches, adding each batch to {@code
   * into} as soon as it is done (files that cannot be decoded are added as unreadable).
   *
   * @param dataset images whose labels index {@link #classNames()} (or are unlabelled)
   * @param progress receives images done / total after each batch
   * @param cancellation polled before each batch
   * @throws com.comprehendo.job.CancelledException when {@code cancellation} fires;
   *     the batches added so far stay in {@code into}
   */
  void predictDataset(
      Dataset dataset, PredictionAccumulator into, ProgressListener progress, CancellationToken cancellation);

  /**
   * Explains the output for class {@code target} of one image.
   *
   * @param input the preprocessed image, channels first
   * @throws com.comprehendo.job.CancelledException when {@code cancellation} fires
   */
  AttributionResult attribute(
      float[] input, int target, AttributionMethod method, ProgressListener progress, CancellationToken cancellation);

  /**
   * As {@link #attribute(float[], int, AttributionMethod, ProgressListener, CancellationToken)}, handing
   * the method's estimates on the way (IG, NoiseTunnel, IG to a precision, Occlusion make them) to
   * {@code estimates}, with model passes of at most {@code maxRowsPerPass} rows (fewer than the memory
   * budget allows), so that a click waits less for the pass in progress. The result is the same up to
   * the order of float additions.
   */
  default AttributionResult attribute(
      float[] input, int target, AttributionMethod method, ProgressListener progress, CancellationToken cancellation,
      EstimateListener estimates, int maxRowsPerPass) {
    return attribute(input, target, method, progress, cancellation);
  }

  @Override
  void close();
}
