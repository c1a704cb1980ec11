package com.comprehendo.analysis;

/**
 * Per-class scores from the confusion matrix. Ratios with a zero denominator are NaN.
 *
 * @param className the class
 * @param support how many labelled images truly belong to the class (its row total)
 * @param predictedCount how many labelled images were predicted as the class (its column total)
 * @param truePositives images of the class predicted as the class
 * @param precision {@code truePositives / predictedCount}
 * @param recall {@code truePositives / support}
 * @param f1 the harmonic mean of precision and recall (0 when both are 0)
 */
public record ClassMetrics(
    String className,
    int support,
    int predictedCount,
    int truePositives,
    double precision,
    double recall,
    double f1) {}
