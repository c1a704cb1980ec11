package com.comprehendo.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The model's output for one image, as the Explain tab shows it. The predicted class, the ranking
 * and the probabilities follow {@link Softmax}, as the dataset's {@link ImagePrediction} does, so
 * both name the same class for the same outputs; a row with a NaN or infinite output is marked
 * ({@link #isFinite()} is false).
 *
 * <pre>{@code
 * Prediction p = Prediction.of(scores, ScoreKind.LOGITS, model.classNames());
 * p.predictedIndex();   // torch.argmax(scores)
 * p.top(5);             // the five most probable classes
 * }</pre>
 *
 * @param scores the raw outputs (logits or probabilities, as the model returns them)
 * @param probabilities softmax of the logits, or the outputs themselves for a model ending in softmax
 * @param classNames class names in output order
 */
public record Prediction(float[] scores, float[] probabilities, List<String> classNames) {

  /** A class with its probability, for the ranked list. */
  public record RankedClass(int index, String name, double probability) {}

  public Prediction {
    if (scores.length != probabilities.length || scores.length != classNames.size()) {
      throw new IllegalArgumentException(
          scores.length + " scores, " + probabilities.length + " probabilities, " + classNames.size() + " names");
    }
    classNames = List.copyOf(classNames);
  }

  /** The prediction of one output row of {@code kind} ({@link Softmax#probabilities}). */
  public static Prediction of(float[] scores, ScoreKind kind, List<String> classNames) {
    double[] exact = Softmax.probabilities(scores, kind);
    float[] probabilities = new float[exact.length];
    for (int i = 0; i < exact.length; i++) {
      probabilities[i] = (float) exact[i];
    }
    return new Prediction(scores.clone(), probabilities, classNames);
  }

  /** The predicted class: {@link Softmax#argmax} of the raw outputs (never of rounded probabilities). */
  public int predictedIndex() {
    return Softmax.argmax(scores);
  }

  /** The {@code k} most probable classes, most probable first ({@link Softmax#ranked}). */
  public List<RankedClass> top(int k) {
    List<RankedClass> ranked = new ArrayList<>();
    for (int i : Softmax.ranked(scores, k)) {
      ranked.add(new RankedClass(i, classNames.get(i), probabilities[i]));
    }
    return ranked;
  }

  public double probability(int index) {
    return probabilities[index];
  }

  /** Whether every output was a finite number; if not, the prediction is not to be trusted. */
  public boolean isFinite() {
    return Softmax.isFinite(scores);
  }
}
