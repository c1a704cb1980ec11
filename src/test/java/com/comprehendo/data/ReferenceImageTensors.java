package com.comprehendo.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;

/**
 * The straightforward implementation of {@link ImageTensors}, {@link PillowResampler} and {@link
 * RgbConversion} as they were before the fast paths (per-pixel packed {@code 0xRRGGBB} ints, one
 * colour conversion copy, separate resize and normalize): the oracle that the fast paths must match
 * bit for bit.
 */
final class ReferenceImageTensors {

  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final int HALF = 1 << (PRECISION_BITS - 1);

  private ReferenceImageTensors() {}

  static float[] toChw(BufferedImage image, Preprocessing preprocessing) {
    return normalize(resize(image, preprocessing), preprocessing);
  }

  static BufferedImage resize(BufferedImage image, Preprocessing preprocessing) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] pixels = data(toRgb(image));
    if (preprocessing.channels() == 1) {
      pixels = toGray(pixels);
    }
    int[][] windows = windows(w, h, preprocessing);
    int[] resized =
        resample(
            pixels,
            w,
            h,
            windows[0][0],
            windows[0][1],
            windows[1][0],
            windows[1][1],
            preprocessing.width(),
            preprocessing.height());
    return packed(resized, preprocessing.width(), preprocessing.height());
  }

  static BufferedImage thumbnail(BufferedImage image, int maxSide) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (w <= maxSide && h <= maxSide) {
      return toRgb(image);
    }
    double scale = (double) maxSide / Math.max(w, h);
    int outW = Math.max(1, (int) Math.round(w * scale));
    int outH = Math.max(1, (int) Math.round(h * scale));
    return packed(resample(data(toRgb(image)), w, h, 0, w, 0, h, outW, outH), outW, outH);
  }

  static float[] normalize(BufferedImage resized, Preprocessing preprocessing) {
    int w = preprocessing.width();
    int h = preprocessing.height();
    int[] pixels = data(toRgb(resized));
    float[] mean = preprocessing.mean();
    float[] std = preprocessing.std();
    int plane = w * h;
    float[] chw = new float[preprocessing.channels() * plane];
    if (preprocessing.channels() == 1) {
      for (int i = 0; i < plane; i++) {
        int p = pixels[i];
        int luma = ImageTensors.luma((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
        chw[i] = (luma / 255f - mean[0]) / std[0];
      }
    } else {
      for (int i = 0; i < plane; i++) {
        int p = pixels[i];
        chw[i] = (((p >> 16) & 0xFF) / 255f - mean[0]) / std[0];
        chw[plane + i] = (((p >> 8) & 0xFF) / 255f - mean[1]) / std[1];
        chw[2 * plane + i] = ((p & 0xFF) / 255f - mean[2]) / std[2];
      }
    }
    return chw;
  }

  /** {horizontal {start, length}, vertical {start, length}}. */
  static int[][] windows(int w, int h, Preprocessing preprocessing) {
    int tw = preprocessing.width();
    int th = preprocessing.height();
    if (preprocessing.resize() == ResizeMethod.SQUISH) {
      return new int[][] {{0, w}, {0, h}};
    }
    double ratioW = (double) w / tw;
    double ratioH = (double) h / th;
    boolean byWidth =
        preprocessing.resize() == ResizeMethod.CROP ? ratioW < ratioH : ratioW > ratioH;
    double m = byWidth ? ratioW : ratioH;
    int boxW = Math.max(1, (int) (m * tw));
    int boxH = Math.max(1, (int) (m * th));
    int left = (int) (0.5 * (w - boxW));
    int top = (int) (0.5 * (h - boxH));
    return new int[][] {{left, boxW}, {top, boxH}};
  }

  private static int[] toGray(int[] rgb) {
    int[] gray = new int[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      int l = ImageTensors.luma((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
      gray[i] = (l << 16) | (l << 8) | l;
    }
    return gray;
  }

  private static BufferedImage packed(int[] pixels, int w, int h) {
    BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    System.arraycopy(pixels, 0, data(result), 0, pixels.length);
    return result;
  }

  private static int[] data(BufferedImage intRgb) {
    return ((DataBufferInt) intRgb.getRaster().getDataBuffer()).getData();
  }

  static int[] resample(
      int[] source,
      int sourceWidth,
      int sourceHeight,
      int xStart,
      int xLength,
      int yStart,
      int yLength,
      int outWidth,
      int outHeight) {
    Kernel horizontal = Kernel.bilinear(xLength, outWidth);
    Kernel vertical = Kernel.bilinear(yLength, outHeight);
    int firstRow = vertical.min[0];
    int endRow = vertical.min[outHeight - 1] + vertical.size[outHeight - 1];
    int rows = endRow - firstRow;
    int[] temp = new int[outWidth * rows];
    for (int r = 0; r < rows; r++) {
      int sy = yStart + firstRow + r;
      if (sy >= 0 && sy < sourceHeight) {
        horizontalPass(source, sy * sourceWidth, sourceWidth, xStart, horizontal, temp, r * outWidth);
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

  static BufferedImage toRgb(BufferedImage source) {
    if (isPlainIntRgb(source)) {
      return source;
    }
    int w = source.getWidth();
    int h = source.getHeight();
    BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] out = ((DataBufferInt) result.getRaster().getDataBuffer()).getData();
    if (!copyRawSamples(source, out)) {
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        source.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0; x < w; x++) {
          out[y * w + x] = row[x] & 0xFFFFFF;
        }
      }
    }
    return result;
  }

  /** Whether the image already is unshared, packed, sRGB {@code TYPE_INT_RGB}. */
  static boolean isPlainIntRgb(BufferedImage image) {
    return image.getType() == BufferedImage.TYPE_INT_RGB
        && image.getRaster().getDataBuffer() instanceof DataBufferInt
        && image.getRaster().getDataBuffer().getSize() == image.getWidth() * image.getHeight()
        && image.getRaster().getParent() == null;
  }

  /**
   * Copies gray or RGB integer samples without colour management; false if the model is another
   * kind.
   */
  private static boolean copyRawSamples(BufferedImage source, int[] out) {
    ColorModel model = source.getColorModel();
    if (!(model instanceof ComponentColorModel || model instanceof DirectColorModel)
        || model.isAlphaPremultiplied()) {
      return false;
    }
    int transferType = model.getTransferType();
    if (transferType != DataBuffer.TYPE_BYTE
        && transferType != DataBuffer.TYPE_USHORT
        && transferType != DataBuffer.TYPE_INT) {
      return false;
    }
    int spaceType = model.getColorSpace().getType();
    int colourBands;
    if (spaceType == ColorSpace.TYPE_GRAY) {
      colourBands = 1;
    } else if (spaceType == ColorSpace.TYPE_RGB) {
      colourBands = 3;
    } else {
      return false;
    }
    if (model.getNumColorComponents() != colourBands) {
      return false;
    }
    Raster raster = source.getRaster();
    int w = source.getWidth();
    int h = source.getHeight();
    int[][] samples = new int[colourBands][w];
    int[] bits = new int[colourBands];
    for (int band = 0; band < colourBands; band++) {
      bits[band] = model.getComponentSize(band);
    }
    for (int y = 0; y < h; y++) {
      for (int band = 0; band < colourBands; band++) {
        raster.getSamples(0, y, w, 1, band, samples[band]);
      }
      int rowStart = y * w;
      if (colourBands == 1) {
        for (int x = 0; x < w; x++) {
          int g = to8Bits(samples[0][x], bits[0]);
          out[rowStart + x] = (g << 16) | (g << 8) | g;
        }
      } else {
        for (int x = 0; x < w; x++) {
          int r = to8Bits(samples[0][x], bits[0]);
          int g = to8Bits(samples[1][x], bits[1]);
          int b = to8Bits(samples[2][x], bits[2]);
          out[rowStart + x] = (r << 16) | (g << 8) | b;
        }
      }
    }
    return true;
  }

  /**
   * Wider samples keep their top 8 bits (PIL's 16-bit rule); narrower ones are scaled up to 0..255.
   */
  static int to8Bits(int sample, int bits) {
    long value = sample & 0xFFFFFFFFL;
    if (bits == 8) {
      return (int) (value & 0xFF);
    }
    if (bits > 8) {
      return (int) ((value >>> (bits - 8)) & 0xFF);
    }
    long max = (1L << bits) - 1;
    return (int) ((value * 255 + max / 2) / max);
  }
}
