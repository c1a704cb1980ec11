/**
 * The dataset browser: predictions for every image of the opened folder, made in the background on the
 * model worker, as a filterable thumbnail grid (fastai's {@code ClassificationInterpretation} in the
 * app: top losses, confusion matrix, most confused pairs) with a summary panel, CSV export, and a way
 * into the Explain tab for any image. {@link com.comprehendo.ui.dataset.DatasetViewModel} coordinates
 * the state, held by concern: the folder scan ({@link com.comprehendo.ui.dataset.DatasetScan}), the
 * prediction run ({@link com.comprehendo.ui.dataset.DatasetRun}), the summary ({@link
 * com.comprehendo.ui.dataset.DatasetSummary}) and the grid ({@link
 * com.comprehendo.ui.dataset.TileGrid}); {@link com.comprehendo.ui.dataset.DatasetView} and {@link
 * com.comprehendo.ui.dataset.DatasetSummaryPanel} only bind.
 */
package com.comprehendo.ui.dataset;
