package com.comprehendo.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the model said about one image.
 *
 * @param path the image file
 * @param actual the true class index, or −1 when unlabelled
 * @param predicted the class with the highest score (ties: lowest index, like {@code torch.argmax})
 * @param predictedProbability the probability of {@code predicted}
 * @param actualProbability the probability of the true class; NaN when unlabelled
 * @param loss the cross-entropy {@code −log p(actual)} from the log-softmax (never from a rounded
 *     probability); NaN when unlabelled
 * @param top the most probable classes, most probable first (ties: lower index first)
 */
public record ImagePrediction(
    Path path,
    int actual,
    int predicted,
    float predictedProbability,
    float actualProbability,
    double loss,
    List<ClassProbability> top) {

  /**
   * The smallest probability used for the loss of probability outputs, so a 0 gives a finite loss
   * (27.6).
   */
  public static final double MIN_PROBABILITY = 1e-12;

  /** How many classes {@link #top()} holds by default. */
  public static final int DEFAULT_TOP = 5;

  public ImagePrediction {
    Objects.requireNonNull(path, "path");
    top = List.copyOf(top);
  }

  /**
   * Computes the prediction for one row of model output.
   *
   * @param actual the true class index, or −1 when unlabelled
   * @param scores one value per class
   * @param kind whether {@code scores} are logits or probabilities
   * @param topCount how many classes to keep in {@link #top()}
   */
  public static ImagePrediction fromScores(
      Path path, int actual, float[] scores, ScoreKind kind, int topCount) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("no scores for " + path);
    }
    if (actual < -1 || actual >= scores.length) {
      throw new IllegalArgumentException(
          "true class " + actual + " of " + path + " is outside the " + scores.length + " classes");
    }
    double[] probabilities;
    double logActual = Double.NaN;
    if (kind == ScoreKind.LOGITS) {
      double[] logProbabilities = Softmax.logSoftmax(scores);
      probabilities = new double[scores.length];
      for (int i = 0; i < scores.length; i++) {
        probabilities[i] = Math.exp(logProbabilities[i]);
      }
      if (actual >= 0) {
        logActual = logProbabilities[actual];
      }
    } else {
      probabilities = new double[scores.length];
      for (int i = 0; i < scores.length; i++) {
        probabilities[i] = scores[i];
      }
      if (actual >= 0) {
        logActual = Math.log(Math.max(scores[actual], MIN_PROBABILITY));
      }
    }
    int predicted = Softmax.argmax(scores);
    return new ImagePrediction(
        path,
        actual,
        predicted,
        (float) probabilities[predicted],
        actual >= 0 ? (float) probabilities[actual] : Float.NaN,
        actual >= 0 ? -logActual : Double.NaN,
        top(probabilities, topCount));
  }

  public boolean isLabelled() {
    return actual >= 0;
  }

  /** Labelled and predicted right. */
  public boolean isCorrect() {
    return actual >= 0 && actual == predicted;
  }

  private static List<ClassProbability> top(double[] probabilities, int count) {
    int k = Math.min(Math.max(count, 0), probabilities.length);
    List<ClassProbability> top = new ArrayList<>(k);
    boolean[] taken = new boolean[probabilities.length];
    for (int n = 0; n < k; n++) { // k is small: repeated selection beats sorting a 1000-class row
      int best = -1;
      for (int i = 0; i < probabilities.length; i++) {
        if (!taken[i]
            && (best < 0
                || probabilities[i] > probabilities[best]
                || (Double.isNaN(probabilities[i]) && !Double.isNaN(probabilities[best])))) {
          best = i;
        }
      }
      taken[best] = true;
      top.add(new ClassProbability(best, (float) probabilities[best]));
    }
    return top;
  }
}
