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
 * sub-managers. The {@link com.comprehendo.attribution.MethodRegistry} declares each method once
 * ({@link com.comprehendo.attribution.MethodDescriptor}: parameters under Captum's names with defaults,
 * bounds and help, cost, preview, estimates, requirements) and builds it from text, without I/O; the
 * command line, the explorer and bench read it. No JavaFX here.
 */
package com.comprehendo.attribution;
