package com.comprehendo.data;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Pillow's {@code Image.resize(size, Image.BILINEAR)} on 8-bit gray or RGB pixels, reproduced bit
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
 *
 * <p>Sums are in {@code int}, whose addition is associative even where it wraps, so the loops below
 * may visit taps in any order (and skip the black ones) and still give Pillow's exact values.
 */
final class PillowResampler {

  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final int HALF = 1 << (PRECISION_BITS - 1);

  /** Dataset images mostly share a few sizes; more distinct sizes than this start the cache over. */
  private static final int MAX_CACHED_KERNELS = 64;

  private static final ConcurrentMap<Long, Kernel> KERNELS = new ConcurrentHashMap<>();

  private PillowResampler() {}

  /** A range of {@code length} virtual pixels beginning at source coordinate {@code start}. */
  record Window(int start, int length) {
    Window {
      if (length <= 0) {
        throw new IllegalArgumentException("empty window");
      }
    }
  }

  /** Receives the result one row of one channel at a time. */
  interface RowSink {
    /**
     * Takes row {@code y} of {@code channel}.
     *
     * @param values the row's 8-bit values, {@code outWidth} of them; the array is reused for the
     *     next row
     */
    void accept(int channel, int y, int[] values);
  }

  /**
   * Resamples every channel of {@code source} (1 for gray, 3 for red, green, blue) and hands each
   * resulting row to {@code sink}, so that a caller that converts the values further needs no
   * intermediate image.
   */
  static void resize(
      RawPixels source,
      Window xWindow,
      Window yWindow,
      int outWidth,
      int outHeight,
      RowSink sink) {
    Kernel horizontal = Kernel.bilinear(xWindow.length(), outWidth);
    Kernel vertical = Kernel.bilinear(yWindow.length(), outHeight);
    Taps taps = new Taps(horizontal, xWindow.start(), source.width());
    // Only the virtual rows that the vertical pass reads go through the horizontal pass.
    int firstRow = vertical.min[0];
    int endRow = vertical.min[outHeight - 1] + vertical.size[outHeight - 1];
    int rows = endRow - firstRow;
    int channels = source.channels();
    int[][] temp = new int[channels][outWidth * rows];
    for (int r = 0; r < rows; r++) {
      int sy = yWindow.start() + firstRow + r;
      if (sy < 0 || sy >= source.height()) {
        continue; // rows outside the source stay black
      }
      int outOffset = r * outWidth;
      if (source.isPacked()) {
        horizontalPacked(source, sy, taps, temp, outOffset);
      } else if (channels == 3) {
        horizontalBytes(source, sy, taps, temp, outOffset);
      } else {
        horizontalGray(source, sy, taps, temp[0], outOffset);
      }
    }
    int[] sums = new int[outWidth];
    int[] values = new int[outWidth];
    for (int c = 0; c < channels; c++) {
      verticalPass(c, temp[c], vertical, firstRow, sums, values, sink);
    }
  }

  private static void horizontalPacked(
      RawPixels source, int sy, Taps taps, int[][] out, int outOffset) {
    int[] pixels = source.ints();
    int rowStart = source.rowStart(sy);
    int[] weights = taps.weights;
    int[] red = out[0];
    int[] green = out[1];
    int[] blue = out[2];
    int perOutput = taps.perOutput;
    for (int ox = 0; ox < taps.firstX.length; ox++) {
      int p = rowStart + taps.firstX[ox];
      int w = ox * perOutput;
      int end = w + perOutput;
      int r = HALF;
      int g = HALF;
      int b = HALF;
      for (; w < end; w++, p++) {
        int pixel = pixels[p];
        int k = weights[w];
        r += ((pixel >> 16) & 0xFF) * k;
        g += ((pixel >> 8) & 0xFF) * k;
        b += (pixel & 0xFF) * k;
      }
      red[outOffset + ox] = clip8(r);
      green[outOffset + ox] = clip8(g);
      blue[outOffset + ox] = clip8(b);
    }
  }

  private static void horizontalBytes(
      RawPixels source, int sy, Taps taps, int[][] out, int outOffset) {
    byte[] bytes = source.bytes();
    int stride = source.pixelStride();
    int rowStart = source.rowStart(sy);
    int redOffset = source.channelOffset(0);
    int greenOffset = source.channelOffset(1);
    int blueOffset = source.channelOffset(2);
    int[] weights = taps.weights;
    int[] red = out[0];
    int[] green = out[1];
    int[] blue = out[2];
    int perOutput = taps.perOutput;
    for (int ox = 0; ox < taps.firstX.length; ox++) {
      int p = rowStart + taps.firstX[ox] * stride;
      int w = ox * perOutput;
      int end = w + perOutput;
      int r = HALF;
      int g = HALF;
      int b = HALF;
      for (; w < end; w++, p += stride) {
        int k = weights[w];
        r += (bytes[p + redOffset] & 0xFF) * k;
        g += (bytes[p + greenOffset] & 0xFF) * k;
        b += (bytes[p + blueOffset] & 0xFF) * k;
      }
      red[outOffset + ox] = clip8(r);
      green[outOffset + ox] = clip8(g);
      blue[outOffset + ox] = clip8(b);
    }
  }

  private static void horizontalGray(
      RawPixels source, int sy, Taps taps, int[] out, int outOffset) {
    byte[] bytes = source.bytes();
    int stride = source.pixelStride();
    int rowStart = source.rowStart(sy) + source.channelOffset(0);
    int[] weights = taps.weights;
    int perOutput = taps.perOutput;
    for (int ox = 0; ox < taps.firstX.length; ox++) {
      int p = rowStart + taps.firstX[ox] * stride;
      int w = ox * perOutput;
      int end = w + perOutput;
      int sum = HALF;
      for (; w < end; w++, p += stride) {
        sum += (bytes[p] & 0xFF) * weights[w];
      }
      out[outOffset + ox] = clip8(sum);
    }
  }

  /**
   * Each output row is a weighted sum of whole rows of {@code temp}, accumulated row by row so the
   * innermost loops run along contiguous arrays (the JIT turns them into vector instructions).
   */
  private static void verticalPass(
      int channel,
      int[] temp,
      Kernel kernel,
      int firstRow,
      int[] sums,
      int[] values,
      RowSink sink) {
    int outWidth = sums.length;
    int[] weights = kernel.weights;
    for (int oy = 0; oy < kernel.min.length; oy++) {
      Arrays.fill(sums, HALF);
      int rowStart = (kernel.min[oy] - firstRow) * outWidth;
      int firstWeight = kernel.offset[oy];
      for (int i = 0; i < kernel.size[oy]; i++) {
        int k = weights[firstWeight + i];
        int row = rowStart + i * outWidth;
        for (int ox = 0; ox < outWidth; ox++) {
          sums[ox] += temp[row + ox] * k;
        }
      }
      for (int ox = 0; ox < outWidth; ox++) {
        values[ox] = clip8(sums[ox]);
      }
      sink.accept(channel, oy, values);
    }
  }

  private static int clip8(int accumulated) {
    int value = accumulated >> PRECISION_BITS;
    return value < 0 ? 0 : Math.min(value, 255);
  }

  /**
   * The horizontal kernel restricted to the taps that fall on source columns (the others multiply
   * black), padded with zero weights to the same number of taps for every output column: a loop of
   * fixed length runs faster than loops of 4, 5, 4, 6, ... taps. Output column {@code ox} reads
   * {@code perOutput} source columns from {@code firstX[ox]} with the weights from {@code
   * weights[ox · perOutput]}; all of those columns lie inside the source.
   */
  private static final class Taps {
    final int[] weights;
    final int[] firstX;
    final int perOutput;

    Taps(Kernel kernel, int windowStart, int sourceWidth) {
      int outSize = kernel.min.length;
      int[] first = new int[outSize];
      int[] count = new int[outSize];
      int widest = 0;
      for (int ox = 0; ox < outSize; ox++) {
        int x = windowStart + kernel.min[ox];
        int skipped = Math.max(0, -x);
        int end = Math.max(skipped, Math.min(kernel.size[ox], sourceWidth - x));
        first[ox] = skipped;
        count[ox] = end - skipped;
        widest = Math.max(widest, count[ox]);
      }
      perOutput = widest;
      weights = new int[outSize * widest];
      firstX = new int[outSize];
      for (int ox = 0; ox < outSize; ox++) {
        int x = windowStart + kernel.min[ox] + first[ox];
        // Near the right edge the padded taps would run past the source; start earlier instead
        // and put the real weights later in the row (widest <= sourceWidth, so this stays >= 0).
        int start = count[ox] == 0 ? 0 : Math.min(x, sourceWidth - widest);
        firstX[ox] = start;
        System.arraycopy(
            kernel.weights,
            kernel.offset[ox] + first[ox],
            weights,
            ox * widest + (count[ox] == 0 ? 0 : x - start),
            count[ox]);
      }
    }
  }

  /**
   * Fixed-point filter weights for each output pixel of one axis ({@code precompute_coeffs}):
   * output {@code i} reads {@code size[i]} virtual pixels from {@code min[i]} with the weights from
   * {@code weights[offset[i]]}. Immutable, so shared between threads through a cache.
   */
  private static final class Kernel {
    final int[] min;
    final int[] size;
    final int[] offset;
    final int[] weights;

    private Kernel(int[] min, int[] size, int[] offset, int[] weights) {
      this.min = min;
      this.size = size;
      this.offset = offset;
      this.weights = weights;
    }

    static Kernel bilinear(int inSize, int outSize) {
      long key = ((long) inSize << 32) | outSize;
      Kernel cached = KERNELS.get(key);
      if (cached != null) {
        return cached;
      }
      if (KERNELS.size() >= MAX_CACHED_KERNELS) {
        KERNELS.clear();
      }
      Kernel kernel = compute(inSize, outSize);
      KERNELS.put(key, kernel);
      return kernel;
    }

    private static Kernel compute(int inSize, int outSize) {
      int[] min = new int[outSize];
      int[] size = new int[outSize];
      int[] offset = new int[outSize];
      int[][] rows = new int[outSize][];
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = 1.0 * filterScale; // the triangle filter's support is 1
      double inverse = 1.0 / filterScale;
      int total = 0;
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
        double sum = 0.0;
        for (int x = 0; x < xmax; x++) {
          double w = triangle((x + xmin - center + 0.5) * inverse);
          k[x] = w;
          sum += w;
        }
        int[] fixed = new int[xmax];
        for (int x = 0; x < xmax; x++) {
          double w = sum != 0.0 ? k[x] / sum : k[x];
          fixed[x] =
              w < 0
                  ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                  : (int) (0.5 + w * (1 << PRECISION_BITS));
        }
        min[xx] = xmin;
        size[xx] = xmax;
        offset[xx] = total;
        rows[xx] = fixed;
        total += xmax;
      }
      int[] weights = new int[total];
      for (int xx = 0; xx < outSize; xx++) {
        System.arraycopy(rows[xx], 0, weights, offset[xx], size[xx]);
      }
      return new Kernel(min, size, offset, weights);
    }

    private static double triangle(double x) {
      double magnitude = Math.abs(x);
      return magnitude < 1.0 ? 1.0 - magnitude : 0.0;
    }
  }
}
