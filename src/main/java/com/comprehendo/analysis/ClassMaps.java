package com.comprehendo.analysis;

import com.comprehendo.render.AttributionMap;
import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.render.Sign;
import java.util.Collection;
import java.util.function.Function;

/**
 * "Where does the model look for <i>star</i>?": the mean of the normalized attribution maps of a set
 * of images (a class, a confusion-matrix cell, a filter). Each map is first normalized on its own
 * (Captum's {@code _normalize_attr}, {@link AttributionNormalizer}), so every image weighs the same
 * whatever the scale of its gradients, then the maps are averaged pixel by pixel. The maps are of
 * the model's input size (every image was resized to it), so pixels correspond.
 *
 * <pre>{@code
 * NormalizedMap star = ClassMaps.mean(mapsOfStarImages, Sign.POSITIVE, AttributionNormalizer.DEFAULT_OUTLIER_PERC);
 * }</pre>
 */
public final class ClassMaps {

  private ClassMaps() {}

  /**
   * The pixel-wise mean of the maps, each normalized with its own threshold.
   *
   * @param maps channel-summed maps, all of one size, finite
   * @param sign which attributions count (as in the heat map's controls)
   * @param outlierPerc Captum's {@code outlier_perc}
   * @return the mean, in 0..1 (−1..1 for {@link Sign#ALL}); its threshold is 1, as its values are
   *     already on the normalized scale
   * @throws IllegalArgumentException for no maps, maps of different sizes, or non-finite values
   */
  public static NormalizedMap mean(Collection<AttributionMap> maps, Sign sign, double outlierPerc) {
    return mean(maps, sign, map -> AttributionNormalizer.normalize(map, sign, outlierPerc));
  }

  /**
   * As {@link #mean(Collection, Sign, double)}, with each map normalized by {@code normalizer} (the
   * explorer keeps maps it normalized for the previous mean: a mean of hundreds of maps is then a sum).
   *
   * @param normalizer {@link AttributionNormalizer#normalize} with the sign and outlier percentage
   */
  public static NormalizedMap mean(Collection<AttributionMap> maps, Sign sign,
      Function<AttributionMap, NormalizedMap> normalizer) {
    if (maps.isEmpty()) {
      throw new IllegalArgumentException("no maps to average");
    }
    AttributionMap first = maps.iterator().next();
    double[] sum = new double[first.values().length];
    for (AttributionMap map : maps) {
      if (map.height() != first.height() || map.width() != first.width()) {
        throw new IllegalArgumentException("maps of different sizes: " + first.height() + "×" + first.width()
            + " and " + map.height() + "×" + map.width());
      }
      float[] normalized = normalizer.apply(map).values();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += normalized[i];
      }
    }
    float[] mean = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] / maps.size());
    }
    return new NormalizedMap(first.height(), first.width(), mean, sign, 1f);
  }
}
