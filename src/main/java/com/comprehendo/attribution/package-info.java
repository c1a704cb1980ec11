/**
 * Attribution methods with Captum 0.8's semantics, on DJL {@code NDArray}s and device-agnostic:
 * {@link com.comprehendo.attribution.IntegratedGradients} (Sundararajan et al., 2017),
 * {@link com.comprehendo.attribution.NoiseTunnel} (SmoothGrad, Smilkov et al., 2017; VarGrad, Adebayo
 * et al., 2018), {@link com.comprehendo.attribution.Occlusion} (Zeiler and Fergus, 2014),
 * {@link com.comprehendo.attribution.GradientShap} (Lundberg and Lee, 2017),
 * {@link com.comprehendo.attribution.Saliency} (Simonyan et al., 2014) and
 * {@link com.comprehendo.attribution.InputXGradient} (Shrikumar et al., 2016).
 *
 * <p>Every method reports progress in passes, checks a cancellation token between batches, sizes its
 * batches to a {@link com.comprehendo.job.BatchBudget}, and frees its intermediate arrays in
 * sub-managers. {@link com.comprehendo.attribution.MethodFactory} builds any method from Captum's
 * argument names. No JavaFX here.
 */
package com.comprehendo.attribution;
