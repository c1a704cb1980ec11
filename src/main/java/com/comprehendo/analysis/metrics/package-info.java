/**
 * How far to trust an attribution: faithfulness metrics computed on the model through the
 * classifier and attribution APIs, free of command-line and explorer types.
 *
 * <ul>
 *   <li>{@link com.comprehendo.analysis.metrics.DeletionInsertion}: deletion and insertion curves
 *       and their areas (Petsiuk et al., RISE, 2018);
 *   <li>{@link com.comprehendo.analysis.metrics.Infidelity} and {@link
 *       com.comprehendo.analysis.metrics.SensitivityMax}: Captum's {@code infidelity} and {@code
 *       sensitivity_max} (Yeh et al., NeurIPS 2019), with a {@link
 *       com.comprehendo.analysis.metrics.Perturbations} source that is seeded or replays recorded
 *       perturbations;
 *   <li>{@link com.comprehendo.analysis.metrics.SanityCheck}: cascading model-parameter
 *       randomization with Spearman rank correlations (Adebayo et al., NeurIPS 2018).
 * </ul>
 *
 * <p>Every computation scopes its arrays in sub-managers closed per batch, sizes batches to the
 * memory budget, reports progress in model passes and stops between batches when cancelled.
 */
package com.comprehendo.analysis.metrics;
