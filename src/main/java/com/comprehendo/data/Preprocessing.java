package com.comprehendo.data;

import java.util.Arrays;

/**
 * How a decoded image becomes the model's input tensor: resize to {@code height × width} by
 * {@code resize}, scale to 0..1, then {@code (value − mean[c]) / std[c]} per channel, channels first.
 *
 * @param height the model's input height in pixels
 * @param width the model's input width in pixels
 * @param resize how the aspect ratio is handled
 * @param mean per-channel mean subtracted after scaling to 0..1 (length = channels)
 * @param std per-channel standard deviation divided by (length = channels)
 */
public record Preprocessing(int height, int width, ResizeMethod resize, float[] mean, float[] std) {

  /** ImageNet statistics, the defaults of torchvision and fastai. */
  public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

  public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  /** 224 × 224, squish, ImageNet statistics. */
  public static Preprocessing imagenetDefault() {
    return new Preprocessing(224, 224, ResizeMethod.SQUISH, IMAGENET_MEAN.clone(), IMAGENET_STD.clone());
  }

  public Preprocessing {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
    }
    if (mean.length != std.length || (mean.length != 1 && mean.length != 3)) {
      throw new IllegalArgumentException(
          "mean and std need one entry per channel (1 or 3), got " + mean.length + " and " + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std entries must be positive, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  public int channels() {
    return mean.length;
  }

  /**
   * What a pixel of value {@code pixelValue} (on the 0..1 scale, e.g. 0 for black, 1 for white) is in
   * the model's input, per channel: {@code (pixelValue − mean[c]) / std[c]}. For example black under
   * ImageNet statistics is about {@code [−2.118, −2.036, −1.804]}; a model that normalizes inside
   * itself has a sidecar of mean 0 and std 1, and then black is 0.
   */
  public float[] inputValues(float pixelValue) {
    float[] values = new float[mean.length];
    for (int c = 0; c < values.length; c++) {
      values[c] = (pixelValue - mean[c]) / std[c];
    }
    return values;
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Preprocessing that
        && height == that.height
        && width == that.width
        && resize == that.resize
        && Arrays.equals(mean, that.mean)
        && Arrays.equals(std, that.std);
  }

  @Override
  public int hashCode() {
    return ((height * 31 + width) * 31 + resize.hashCode()) * 31 + Arrays.hashCode(mean) * 7 + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Preprocessing[" + height + "x" + width + ", " + resize.cliName() + ", mean=" + Arrays.toString(mean)
        + ", std=" + Arrays.toString(std) + "]";
  }
}
