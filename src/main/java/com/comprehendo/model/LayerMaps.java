package com.comprehendo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
    requireMaps(maps);
    NDArray result = JniUtils.interpolate((PtNDArray) maps, new long[] {height, width}, mode.jni, false);
    result.attach(maps.getManager());
    return result;
  }

  /**
   * A layer's map as Comprehendo shows and scores it on the image: summed over its channels and
   * upsampled bilinearly to {@code height × width} (as pytorch-grad-cam draws a CAM), so the explorer,
   * {@code evaluate} and {@code explain --metrics} rank the same pixels. Attached to the manager of {@code
   * maps}.
   *
   * @param maps shape (1, C', h, w), float32, on a PyTorch device
   * @return shape (1, 1, height, width)
   */
  public static NDArray asShownOnInput(NDArray maps, int height, int width) {
    requireMaps(maps);
    NDArray summed = maps.sum(new int[] {1}, true);
    Shape shape = maps.getShape();
    if (shape.get(2) == height && shape.get(3) == width) {
      return summed;
    }
    return upsample(summed, height, width, Mode.BILINEAR);
  }

  /**
   * {@code torch.nn.UpsamplingBilinear2d(size=(height, width))(maps)}: bilinear with aligned corners,
   * as pytorch-grad-cam's Score-CAM upsamples the activations it masks the input with; attached to the
   * manager of {@code maps}. libtorch's index arithmetic (source x = dst · (in − 1) / (out − 1), 0 for
   * an output of one; the cell ⌊x⌋ and the next unless at the edge, weighted by the fraction) applied as
   * two interpolation matrices, rows then columns: DJL 0.36's {@code JniUtils.interpolate} with
   * align_corners true returns misplaced values (a 1×2 row [0, 4] to 1×4 gives [0, 0, 1.33, 2.67], not
   * [0, 1.33, 2.67, 4]).
   *
   * @param maps shape (N, C, h, w), float32, on a PyTorch device
   */
  public static NDArray upsampleAlignedCorners(NDArray maps, int height, int width) {
    Shape shape = requireMaps(maps);
    NDManager manager = maps.getManager();
    int rows = Math.toIntExact(shape.get(2));
    int columns = Math.toIntExact(shape.get(3));
    try (NDManager scratch = manager.newSubManager()) {
      NDArray down = scratch.create(alignedCornersWeights(rows, height), new Shape(height, rows));
      NDArray across = scratch.create(alignedCornersWeights(columns, width), new Shape(width, columns));
      NDArray result = down.matMul(maps.matMul(across.transpose()));
      result.attach(manager);
      return result;
    }
  }

  /** The (out × in) matrix of aligned-corners linear interpolation weights. */
  private static float[] alignedCornersWeights(int in, int out) {
    float scale = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
    float[] weights = new float[out * in];
    for (int dst = 0; dst < out; dst++) {
      float source = scale * dst;
      int low = (int) source;
      int high = low + (low < in - 1 ? 1 : 0);
      float fraction = source - low;
      weights[dst * in + low] += 1f - fraction;
      weights[dst * in + high] += fraction;
    }
    return weights;
  }

  private static Shape requireMaps(NDArray maps) {
    Shape shape = maps.getShape();
    if (shape.dimension() != 4) {
      throw new IllegalArgumentException("layer maps must be N×C×h×w to upsample, got " + shape);
    }
    return shape;
  }
}
