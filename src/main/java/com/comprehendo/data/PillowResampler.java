package com.comprehendo.data;

/**
 * Pillow's {@code Image.resize(size, Image.BILINEAR)} on packed 8-bit RGB pixels, reproduced bit
 * for bit (Pillow's {@code libImaging/Resample.c}).
 *
 * <p>It is a separable convolution with a triangle filter whose support widens with the downscale
 * factor, so shrinking averages every source pixel (anti-aliasing at any ratio, unlike plain
 * bilinear sampling). Coefficients are rounded to 22-bit fixed point, the horizontal pass runs
 * first and its result is rounded to 8 bits before the vertical pass, exactly as Pillow does.
 *
 * <p>The source of each axis is a <em>window</em>: {@code length} virtual pixels starting at source
 * coordinate {@code start}. Virtual pixels outside the source are black. This expresses fastai's
 * crop (a window inside the image) and zero padding (a window larger than the image) followed by a
 * single resize, without copying the image.
 */
final class PillowResampler {

  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final int HALF = 1 << (PRECISION_BITS - 1);

  private PillowResampler() {}

  /** A range of {@code length} virtual pixels beginning at source coordinate {@code start}. */
  record Window(int start, int length) {
    Window {
      if (length <= 0) {
        throw new IllegalArgumentException("empty window");
      }
    }
  }

  /**
   * Resamples packed {@code 0xRRGGBB} pixels.
   *
   * @param source row-major pixels of a {@code sourceWidth × sourceHeight} image
   * @return row-major pixels of the {@code outWidth × outHeight} result
   */
  static int[] resize(
      int[] source,
      int sourceWidth,
      int sourceHeight,
      Window xWindow,
      Window yWindow,
      int outWidth,
      int outHeight) {
    Kernel horizontal = Kernel.bilinear(xWindow.length(), outWidth);
    Kernel vertical = Kernel.bilinear(yWindow.length(), outHeight);
    // Only the virtual rows that the vertical pass reads go through the horizontal pass.
    int firstRow = vertical.min[0];
    int endRow = vertical.min[outHeight - 1] + vertical.size[outHeight - 1];
    int rows = endRow - firstRow;
    int[] temp = new int[outWidth * rows];
    for (int r = 0; r < rows; r++) {
      int sy = yWindow.start() + firstRow + r;
      if (sy >= 0 && sy < sourceHeight) { // rows outside the source stay black
        horizontalPass(
            source, sy * sourceWidth, sourceWidth, xWindow.start(), horizontal, temp, r * outWidth);
      }
    }
    int[] out = new int[outWidth * outHeight];
    for (int oy = 0; oy < outHeight; oy++) {
      int[] k = vertical.weights[oy];
      int min = vertical.min[oy] - firstRow;
      for (int ox = 0; ox < outWidth; ox++) {
        int r = HALF;
        int g = HALF;
        int b = HALF;
        for (int i = 0; i < k.length; i++) {
          int p = temp[(min + i) * outWidth + ox];
          r += ((p >> 16) & 0xFF) * k[i];
          g += ((p >> 8) & 0xFF) * k[i];
          b += (p & 0xFF) * k[i];
        }
        out[oy * outWidth + ox] = (clip8(r) << 16) | (clip8(g) << 8) | clip8(b);
      }
    }
    return out;
  }

  private static void horizontalPass(
      int[] source,
      int rowOffset,
      int sourceWidth,
      int xStart,
      Kernel kernel,
      int[] out,
      int outOffset) {
    int outWidth = kernel.min.length;
    for (int ox = 0; ox < outWidth; ox++) {
      int[] k = kernel.weights[ox];
      int min = kernel.min[ox];
      int r = HALF;
      int g = HALF;
      int b = HALF;
      for (int i = 0; i < k.length; i++) {
        int sx = xStart + min + i;
        if (sx >= 0 && sx < sourceWidth) { // columns outside the source are black
          int p = source[rowOffset + sx];
          r += ((p >> 16) & 0xFF) * k[i];
          g += ((p >> 8) & 0xFF) * k[i];
          b += (p & 0xFF) * k[i];
        }
      }
      out[outOffset + ox] = (clip8(r) << 16) | (clip8(g) << 8) | clip8(b);
    }
  }

  private static int clip8(int accumulated) {
    int value = accumulated >> PRECISION_BITS;
    return value < 0 ? 0 : Math.min(value, 255);
  }

  /** Fixed-point filter weights for each output pixel of one axis ({@code precompute_coeffs}). */
  private static final class Kernel {
    final int[] min;
    final int[] size;
    final int[][] weights;

    private Kernel(int outSize) {
      min = new int[outSize];
      size = new int[outSize];
      weights = new int[outSize][];
    }

    static Kernel bilinear(int inSize, int outSize) {
      Kernel kernel = new Kernel(outSize);
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = 1.0 * filterScale; // the triangle filter's support is 1
      double inverse = 1.0 / filterScale;
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        int xmin = (int) (center - support + 0.5);
        if (xmin < 0) {
          xmin = 0;
        }
        int xmax = (int) (center + support + 0.5);
        if (xmax > inSize) {
          xmax = inSize;
        }
        xmax -= xmin;
        double[] k = new double[xmax];
        double total = 0.0;
        for (int x = 0; x < xmax; x++) {
          double w = triangle((x + xmin - center + 0.5) * inverse);
          k[x] = w;
          total += w;
        }
        int[] fixed = new int[xmax];
        for (int x = 0; x < xmax; x++) {
          double w = total != 0.0 ? k[x] / total : k[x];
          fixed[x] =
              w < 0
                  ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                  : (int) (0.5 + w * (1 << PRECISION_BITS));
        }
        kernel.min[xx] = xmin;
        kernel.size[xx] = xmax;
        kernel.weights[xx] = fixed;
      }
      return kernel;
    }

    private static double triangle(double x) {
      double magnitude = Math.abs(x);
      return magnitude < 1.0 ? 1.0 - magnitude : 0.0;
    }
  }
}
