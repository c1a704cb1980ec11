/**
 * Classification results from raw model outputs, in pure Java: per-image softmax, prediction and
 * cross-entropy ({@link com.comprehendo.analysis.ImagePrediction}), accumulated batch by batch
 * ({@link com.comprehendo.analysis.PredictionAccumulator}) into immutable {@link
 * com.comprehendo.analysis.AnalysisSnapshot}s with accuracy, a {@link
 * com.comprehendo.analysis.ConfusionMatrix}, most-confused pairs, top losses and per-class
 * precision/recall, in the manner of fastai's {@code ClassificationInterpretation}.
 */
package com.comprehendo.analysis;
