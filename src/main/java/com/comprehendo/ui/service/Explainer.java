package com.comprehendo.ui.service;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.CancellationToken;
import com.comprehendo.attribution.ProgressListener;
import com.comprehendo.data.Preprocessing;
import java.nio.file.Path;
import java.util.List;

/**
 * What the explorer needs of a loaded classifier: predictions and attributions for one image given as
 * a host tensor. One implementation wraps the TorchScript engine ({@link TorchScriptExplainer}); view-
 * model tests use a small fake. Calls come from one worker thread at a time.
 */
public interface Explainer extends AutoCloseable {

  /** The model file. */
  Path file();

  /** Class names in output order. */
  List<String> classNames();

  /** How images become this model's input. */
  Preprocessing preprocessing();

  /** The sidecar defaults that were assumed, in words (empty when the sidecar said everything). */
  List<String> assumptions();

  /**
   * Classifies one image.
   *
   * @param input the preprocessed image, channels first {@code (C, H, W)}
   */
  Prediction predict(float[] input);

  /**
   * Explains the output for class {@code target} of one image.
   *
   * @param input the preprocessed image, channels first
   * @throws com.comprehendo.attribution.AttributionCancelledException when {@code cancellation} fires
   */
  AttributionResult attribute(
      float[] input, int target, AttributionMethod method, ProgressListener progress, CancellationToken cancellation);

  @Override
  void close();
}
