package com.comprehendo.analysis.explain;

import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.model.TargetChooser;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Each image's prediction and target in a {@link BatchExplainer} call, from the outputs given with its
 * item or else from the outputs of the method's own pass ({@link AttributionMethod#attributeChoosingTargets}):
 * Saliency and Grad-CAM then cost one pass per image, not a forward pass more to find the class to
 * explain.
 */
final class PredictedTargets implements TargetChooser {
  private final List<ExplainItem> items;
  private final TargetChoice target;
  private final ScoreKind scoreKind;
  private final ImagePrediction[] predictions;
  private final int[] targets;

  PredictedTargets(List<ExplainItem> items, TargetChoice target, ScoreKind scoreKind) {
    this.items = items;
    this.target = target;
    this.scoreKind = scoreKind;
    this.predictions = new ImagePrediction[items.size()];
    this.targets = new int[items.size()];
    for (int row = 0; row < items.size(); row++) {
      Optional<float[]> known = items.get(row).knownScores();
      if (known.isPresent()) {
        predict(row, known.get());
      }
    }
  }

  @Override
  public int targetFor(int row, float[] outputs) {
    if (predictions[row] == null) {
      predict(row, outputs);
    }
    return targets[row];
  }

  @Override
  public int[] knownTargets(int firstRow, int rows) {
    for (int row = firstRow; row < firstRow + rows; row++) {
      if (predictions[row] == null) {
        return null;
      }
    }
    return Arrays.copyOfRange(targets, firstRow, firstRow + rows);
  }

  private void predict(int row, float[] scores) {
    ExplainItem item = items.get(row);
    predictions[row] = ImagePrediction.fromScores(Path.of(item.key()), item.label(), scores, scoreKind, 1);
    targets[row] = target.targetFor(item.label(), predictions[row].predicted());
  }

  /**
   * Every image's prediction.
   *
   * @throws IllegalStateException when the method {@code methodId} returned without choosing them all
   */
  ImagePrediction[] predictions(String methodId) {
    for (ImagePrediction prediction : predictions) {
      if (prediction == null) {
        throw new IllegalStateException(methodId + " returned without choosing every image's target");
      }
    }
    return predictions;
  }

  int[] targets() {
    return targets;
  }
}
