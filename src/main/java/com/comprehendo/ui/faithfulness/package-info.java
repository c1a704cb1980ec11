/**
 * Faithfulness beside a map, for the comparison and the Explain panel: deletion and insertion AUC
 * (Petsiuk et al., RISE, 2018) and optionally max-sensitivity (Yeh et al., 2019), measured in the
 * background on the model's worker ({@link com.comprehendo.ui.faithfulness.FaithfulnessMeasurement}),
 * held per map ({@link com.comprehendo.ui.faithfulness.MapFaithfulness}) and drawn as numbers and a
 * small curve plot ({@link com.comprehendo.ui.faithfulness.FaithfulnessNumbers}, {@link
 * com.comprehendo.ui.faithfulness.CurvePlot}). docs/metrics.md defines the metrics.
 */
package com.comprehendo.ui.faithfulness;
