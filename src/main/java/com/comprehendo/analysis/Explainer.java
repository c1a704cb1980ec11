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
import java.util.ArrayList;
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

  /**
   * Rows for the next {@link #attributeTogether} call's passes: the model's gradient pass measured
   * fastest ({@link SharedPasses}); with {@link SharedPasses#imagesPerCall} it says how many images that
   * call should take. 1 here, for implementations that explain one image at a time.
   */
  default int rowsPerSharedPass() {
    return 1;
  }

  /**
   * Explains several images in one call, their model passes shared, for a method where sharing changes
   * no image's result beyond float rounding (IG, Saliency, Input×Gradient, the Grad-CAM family without
   * random draws): the results of {@link #attribute(float[], int, AttributionMethod, ProgressListener,
   * CancellationToken)} image by image, in order, each with the method's cost for one image as its
   * passes. The default explains them one by one.
   *
   * @param inputs preprocessed images, channels first
   * @param targets one class per image
   * @param rowsPerPass passes of at most this many rows, from {@link #rowsPerSharedPass()}
   * @throws com.comprehendo.job.CancelledException when {@code cancellation} fires: no image's result is kept
   */
  default List<AttributionResult> attributeTogether(
      List<float[]> inputs, int[] targets, AttributionMethod method, int rowsPerPass, CancellationToken cancellation) {
    List<AttributionResult> results = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      results.add(attribute(inputs.get(i), targets[i], method, ProgressListener.NONE, cancellation));
    }
    return results;
  }

  @Override
  void close();
}
