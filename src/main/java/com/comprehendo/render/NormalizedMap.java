package com.comprehendo.render;

import java.util.Arrays;

/**
 * Captum's normalized attribution map ({@code norm_attr} in {@code visualize_image_attr}): H×W
 * values in 0..1 for signs positive, negative and absolute_value, in -1..1 for sign all, with the
 * top {@code outlier_perc}% of attribution mass saturated at ±1.
 *
 * <p>The array is not copied; treat it as read-only once handed over.
 *
 * @param height rows
 * @param width columns
 * @param values row-major, {@code height * width} values
 * @param sign the sign rule that produced the map; it fixes the colour range
 * @param threshold the scale the selected values were divided by (negative for sign negative, so
 *     the map is positive; 0 when there was no attribution of that sign, giving an all-zero map)
 */
public record NormalizedMap(int height, int width, float[] values, Sign sign, float threshold) {

  /** Checks that the dimensions match the data. */
  public NormalizedMap {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("a normalized map needs at least one pixel");
    }
    if ((long) height * width != values.length) {
      throw new IllegalArgumentException(
          height + "×" + width + " map needs " + (long) height * width + " values, got "
              + values.length);
    }
  }

  /** The value at row {@code y}, column {@code x}. */
  public float get(int y, int x) {
    return values[y * width + x];
  }

  /**
   * This map at {@code newHeight × newWidth} by nearest neighbour (PyTorch's {@code nearest}: source
   * index {@code floor(dst · in / out)}, here in exact integer arithmetic), so each attribution cell stays one flat block when a small map
   * is drawn large: the picture shows the map's real resolution instead of inventing detail.
   */
  public NormalizedMap resizedNearest(int newHeight, int newWidth) {
    if (newHeight == height && newWidth == width) {
      return this;
    }
    float[] resized = new float[Math.multiplyExact(newHeight, newWidth)];
    for (int y = 0; y < newHeight; y++) {
      int sourceRow = (int) Math.min(height - 1, (long) y * height / newHeight) * width;
      for (int x = 0; x < newWidth; x++) {
        resized[y * newWidth + x] = values[sourceRow + (int) Math.min(width - 1, (long) x * width / newWidth)];
      }
    }
    return new NormalizedMap(newHeight, newWidth, resized, sign, threshold);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NormalizedMap that
        && height == that.height
        && width == that.width
        && sign == that.sign
        && Float.compare(threshold, that.threshold) == 0
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values) * 31 + Float.hashCode(threshold) + sign.hashCode();
  }

  @Override
  public String toString() {
    return "NormalizedMap[" + height + "×" + width + ", " + sign + ", threshold=" + threshold + "]";
  }
}
