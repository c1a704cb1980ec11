package com.comprehendo.analysis;

/**
 * A kind of mistake and how often it happened, as in fastai's {@code most_confused}.
 *
 * @param actual the true class name
 * @param predicted the predicted class name
 * @param actualIndex the true class index
 * @param predictedIndex the predicted class index
 * @param count how many images of {@code actual} were predicted as {@code predicted}
 */
public record ConfusedPair(
    String actual, String predicted, int actualIndex, int predictedIndex, int count) {}
