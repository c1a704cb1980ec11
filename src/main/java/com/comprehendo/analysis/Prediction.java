package com.comprehendo.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The model's output for one image.
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

  /** Builds a prediction from raw logits (softmax in double, stable). */
  public static Prediction fromLogits(float[] logits, List<String> classNames) {
    double max = Double.NEGATIVE_INFINITY;
    for (float value : logits) {
      max = Math.max(max, value);
    }
    double[] exp = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      exp[i] = Math.exp(logits[i] - max);
      sum += exp[i];
    }
    float[] probabilities = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      probabilities[i] = (float) (exp[i] / sum);
    }
    return new Prediction(logits.clone(), probabilities, classNames);
  }

  /** The class with the highest probability (the first on ties, as argmax does). */
  public int predictedIndex() {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The {@code k} most probable classes, most probable first. */
  public List<RankedClass> top(int k) {
    List<RankedClass> ranked = new ArrayList<>();
    IntStream.range(0, probabilities.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparingInt(i -> i))
        .limit(Math.max(0, k))
        .forEach(i -> ranked.add(new RankedClass(i, classNames.get(i), probabilities[i])));
    return ranked;
  }

  public double probability(int index) {
    return probabilities[index];
  }
}
