/**
 * Pure-Java rendering of attributions with the semantics of Captum 0.8's {@code
 * visualize_image_attr} (captum/attr/_utils/visualization.py) and matplotlib's colormaps.
 *
 * <p>Pipeline: an attribution {@code (1, C, H, W)} is summed over channels ({@link
 * com.comprehendo.render.AttributionNormalizer#sumChannels}); a {@link com.comprehendo.render.Sign}
 * and an outlier percentage give a threshold ({@link
 * com.comprehendo.render.AttributionNormalizer#threshold}, or {@link
 * com.comprehendo.render.AttributionNormalizer#sharedThreshold} for one scale across panels) and a
 * {@link com.comprehendo.render.NormalizedMap}; {@link com.comprehendo.render.HeatmapRenderer}
 * draws it with a {@link com.comprehendo.render.VisualizationMethod}, a {@link
 * com.comprehendo.render.Colormap} and, for most methods, the original {@link
 * com.comprehendo.render.RgbImage}; {@link com.comprehendo.render.PngWriter} saves the result.
 *
 * <pre>{@code
 * NpyArray attr = NpyArray.read(Path.of("ig.npy"));                  // 1×3×224×224
 * NormalizedMap map = AttributionNormalizer.normalize(
 *     attr.data(), attr.shape(), Sign.ABSOLUTE_VALUE, AttributionNormalizer.DEFAULT_OUTLIER_PERC);
 * int[] argb = HeatmapRenderer.render(map, image, VisualizationMethod.BLENDED_HEAT_MAP,
 *     null, HeatmapRenderer.DEFAULT_ALPHA_OVERLAY);                  // null: Captum's default cmap
 * PngWriter.write(argb, map.width(), map.height(), Path.of("ig.png"));
 * }</pre>
 *
 * <p>Everything here is plain array arithmetic on the calling thread: no DJL, no JavaFX, no state.
 * Where Captum or matplotlib do something surprising the code follows them and says so
 * ("quirk"); the few deliberate departures are documented where they happen.
 */
package com.comprehendo.render;
