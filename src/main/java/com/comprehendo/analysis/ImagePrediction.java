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
 * @param predicted the class with the highest score ({@link Softmax#argmax}: ties to the lowest index,
 *     NaN wins, like {@code torch.argmax})
 * @param predictedProbability the probability of {@code predicted}
 * @param actualProbability the probability of the true class; NaN when unlabelled
 * @param loss the cross-entropy {@code −log p(actual)} from the log-softmax (never from a rounded
 *     probability); NaN when unlabelled
 * @param top the most probable classes, most probable first ({@link Softmax#ranked})
 * @param finite whether every output of the model was a finite number; when not, the prediction
 *     and its probabilities follow PyTorch but are not to be trusted (see {@link Softmax})
 */
public record ImagePrediction(
    Path path,
    int actual,
    int predicted,
    float predictedProbability,
    float actualProbability,
    double loss,
    List<ClassProbability> top,
    boolean finite) {

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
    double[] probabilities = Softmax.probabilities(scores, kind);
    double logActual = Double.NaN;
    if (actual >= 0) {
      logActual = kind == ScoreKind.LOGITS
          ? Softmax.logSoftmax(scores)[actual] // exact, not the log of a rounded probability
          : Math.log(Math.max(scores[actual], MIN_PROBABILITY));
    }
    int predicted = Softmax.argmax(scores);
    return new ImagePrediction(
        path,
        actual,
        predicted,
        (float) probabilities[predicted],
        actual >= 0 ? (float) probabilities[actual] : Float.NaN,
        actual >= 0 ? -logActual : Double.NaN,
        top(scores, probabilities, topCount),
        Softmax.isFinite(scores));
  }

  public boolean isLabelled() {
    return actual >= 0;
  }

  /** Labelled and predicted right. */
  public boolean isCorrect() {
    return actual >= 0 && actual == predicted;
  }

  private static List<ClassProbability> top(float[] scores, double[] probabilities, int count) {
    int[] ranked = Softmax.ranked(scores, count);
    List<ClassProbability> top = new ArrayList<>(ranked.length);
    for (int index : ranked) {
      top.add(new ClassProbability(index, (float) probabilities[index]));
    }
    return top;
  }
}
