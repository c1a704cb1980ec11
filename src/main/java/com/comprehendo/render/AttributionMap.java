package com.comprehendo.render;

import java.util.Arrays;

/**
 * A signed H×W attribution map: an image attribution with its channels summed, the input of
 * Captum's sign rule and threshold ({@link AttributionNormalizer}).
 *
 * <p>The array is not copied; treat it as read-only once handed over.
 *
 * @param height rows
 * @param width columns
 * @param values row-major, {@code height * width} values
 */
public record AttributionMap(int height, int width, float[] values) {

  /** Checks that the dimensions match the data. */
  public AttributionMap {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("an attribution map needs at least one pixel");
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

  @Override
  public boolean equals(Object other) {
    return other instanceof AttributionMap that
        && height == that.height
        && width == that.width
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "AttributionMap[" + height + "×" + width + "]";
  }
}
