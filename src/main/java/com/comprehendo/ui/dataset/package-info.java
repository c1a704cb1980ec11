/**
 * The dataset browser: predictions for every image of the opened folder, made in the background on the
 * model worker, as a filterable thumbnail grid (fastai's {@code ClassificationInterpretation} in the
 * app: top losses, confusion matrix, most confused pairs) with a summary panel, CSV export, and a way
 * into the Explain tab for any image. {@link com.comprehendo.ui.dataset.DatasetViewModel} holds the
 * state; {@link com.comprehendo.ui.dataset.DatasetView} and {@link
 * com.comprehendo.ui.dataset.DatasetSummaryPanel} only bind.
 */
package com.comprehendo.ui.dataset;
