package com.comprehendo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;

/**
 * Upsamples layer maps (N×C×h×w) to the input's size with libtorch's own {@code F.interpolate}, as
 * Captum's {@code LayerAttribution.interpolate} does: the same kernel, so the same index arithmetic and
 * rounding ({@code nearest}: source index ⌊dst · in/out⌋; {@code bilinear}: align_corners false, source
 * coordinate (dst + 0.5) · in/out − 0.5 clamped at 0).
 */
public final class LayerMaps {

  /** The modes Captum's interpolate is used with for image maps. */
  public enum Mode {
    NEAREST(0),
    BILINEAR(2);

    /** DJL's JNI code for the mode ({@code torch::kNearest}, {@code torch::kBilinear}). */
    private final int jni;

    Mode(int jni) {
      this.jni = jni;
    }

    /** {@code nearest} or {@code bilinear}, as Captum names them. */
    public String captumName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses Captum's name. */
    public static Mode parse(String text) {
      for (Mode mode : values()) {
        if (mode.captumName().equals(text.trim().toLowerCase(Locale.ROOT))) {
          return mode;
        }
      }
      throw new IllegalArgumentException("'" + text + "' is not an interpolation mode (allowed: nearest, bilinear)");
    }
  }

  private LayerMaps() {}

  /**
   * {@code F.interpolate(maps, size=(height, width), mode=mode)} (align_corners false for bilinear),
   * attached to the manager of {@code maps}.
   *
   * @param maps shape (N, C, h, w), float32, on a PyTorch device
   */
  public static NDArray upsample(NDArray maps, int height, int width, Mode mode) {
    Shape shape = maps.getShape();
    if (shape.dimension() != 4) {
      throw new IllegalArgumentException("layer maps must be N×C×h×w to upsample, got " + shape);
    }
    NDArray result = JniUtils.interpolate((PtNDArray) maps, new long[] {height, width}, mode.jni, false);
    result.attach(maps.getManager());
    return result;
  }
}
