package com.comprehendo.analysis.explain;

import java.util.Objects;
import java.util.Optional;

/**
 * One image to explain.
 *
 * @param key the image's identity: its path relative to the dataset folder, {@code /}-separated; it
 *     names the image in the results and seeds its random draws (see {@link MethodRecipe#seedFor})
 * @param label the true class index into the model's classes, or −1 when unlabelled
 * @param source where its bytes are
 * @param knownScores the model's outputs for the image when they were computed before (a selection
 *     by loss needs them), so the explainer does not compute them again; empty otherwise
 */
public record ExplainItem(String key, int label, ImageSource source, Optional<float[]> knownScores) {

  public ExplainItem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(knownScores, "knownScores");
    if (label < -1) {
      throw new IllegalArgumentException("label must be a class index or -1, got " + label);
    }
  }

  /** An image whose outputs are not known yet. */
  public ExplainItem(String key, int label, ImageSource source) {
    this(key, label, source, Optional.empty());
  }

  /** This image with the model's outputs already computed. */
  public ExplainItem withScores(float[] scores) {
    return new ExplainItem(key, label, source, Optional.of(scores.clone()));
  }
}
