package com.comprehendo.analysis.metrics;

import java.util.Arrays;

/**
 * The order in which deletion and insertion move pixels: by saliency descending, ties by row-major
 * index ({@code numpy.argsort(-s, kind='stable')}), where the saliency of a pixel is its attribution
 * summed over channels.
 */
final class PixelOrder {

  private PixelOrder() {}

  /**
   * The channel sum of an attribution of shape (C, H, W) as float32 adds it, channel after channel
   * ({@code a[0] + a[1] + a[2]} in that order, as {@code numpy.sum(axis=0)}), so that ties between
   * pixels are the reference's ties.
   */
  static float[] saliency(float[] attribution, int channels, int pixels) {
    if (attribution.length != channels * pixels) {
      throw new IllegalArgumentException(
          "an attribution of " + attribution.length + " values is not " + channels + " channels of " + pixels + " pixels");
    }
    float[] sum = Arrays.copyOf(attribution, pixels);
    for (int c = 1; c < channels; c++) {
      for (int p = 0; p < pixels; p++) {
        sum[p] += attribution[c * pixels + p];
      }
    }
    return sum;
  }

  /**
   * Pixel indices by saliency descending; equal values (−0 and +0 included) keep their row-major
   * order, and NaN comes last, as numpy's stable sort of {@code −s} puts them.
   */
  static int[] descending(float[] saliency) {
    Integer[] order = new Integer[saliency.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Arrays.sort on objects is a stable merge sort; Float.compare would order −0 before +0.
    Arrays.sort(order, (a, b) -> compareDescending(saliency[a], saliency[b]));
    int[] result = new int[order.length];
    for (int i = 0; i < result.length; i++) {
      result[i] = order[i];
    }
    return result;
  }

  private static int compareDescending(float a, float b) {
    boolean aNaN = Float.isNaN(a);
    boolean bNaN = Float.isNaN(b);
    if (aNaN || bNaN) {
      return aNaN == bNaN ? 0 : aNaN ? 1 : -1;
    }
    return a > b ? -1 : a < b ? 1 : 0;
  }
}
