package com.comprehendo.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * An 8-bit RGB image, the {@code original_image} of Captum's {@code visualize_image_attr}: pixel
 * components are integers 0..255, as Captum's {@code _prepare_image} leaves them.
 *
 * <p>Captum's rule for float images: an image whose maximum is at most 1 is taken as 0..1 and
 * scaled by 255; every value is then cast to int (truncating) and clipped to 0..255. {@link
 * #fromChannelsLast} and {@link #fromChannelsFirst} apply it. (Deviation: Captum leaves a float
 * image with values above 1 as floats, which matplotlib then clips to 0..1 and shows almost white;
 * we read such values as 0..255.) Images read from files ({@link #fromBufferedImage}) are already
 * 8-bit and are used as they are.
 *
 * <p>The array is not copied; treat it as read-only once handed over.
 *
 * @param height rows
 * @param width columns
 * @param rgb row-major pixels packed as {@code 0xRRGGBB} (higher bits ignored)
 */
public record RgbImage(int height, int width, int[] rgb) {

  /** Checks that the dimensions match the data. */
  public RgbImage {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("an image needs at least one pixel");
    }
    if ((long) height * width != rgb.length) {
      throw new IllegalArgumentException(
          height + "×" + width + " image needs " + (long) height * width + " pixels, got "
              + rgb.length);
    }
  }

  /** The pixels of a decoded image, dropping any alpha channel as PIL's {@code convert("RGB")}. */
  public static RgbImage fromBufferedImage(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] &= 0xFFFFFF;
    }
    return new RgbImage(height, width, pixels);
  }

  /**
   * A channels-last float image {@code (H, W, C)} with C = 1 (gray) or 3 (RGB), converted with
   * Captum's rule (see the class comment).
   */
  public static RgbImage fromChannelsLast(float[] hwc, int height, int width, int channels) {
    checkChannels(hwc, height, width, channels);
    return convert(hwc, height, width, channels, 1, channels);
  }

  /**
   * A channels-first float image {@code (C, H, W)}, such as a model input before normalization,
   * with C = 1 or 3, converted with Captum's rule (see the class comment).
   */
  public static RgbImage fromChannelsFirst(float[] chw, int channels, int height, int width) {
    checkChannels(chw, height, width, channels);
    return convert(chw, height, width, channels, height * width, 1);
  }

  /** The pixel at row {@code y}, column {@code x}, as {@code 0xRRGGBB}. */
  public int get(int y, int x) {
    return rgb[y * width + x] & 0xFFFFFF;
  }

  /**
   * This image resized to {@code newHeight}×{@code newWidth} with bilinear interpolation on pixel
   * centres (align_corners = false, no antialiasing), rounding to the nearest integer. Returns
   * {@code this} when the size already matches.
   */
  public RgbImage resizeBilinear(int newHeight, int newWidth) {
    if (newHeight <= 0 || newWidth <= 0) {
      throw new IllegalArgumentException("size must be positive");
    }
    if (newHeight == height && newWidth == width) {
      return this;
    }
    int[] x0 = new int[newWidth];
    int[] x1 = new int[newWidth];
    double[] fx = new double[newWidth];
    sampling(width, newWidth, x0, x1, fx);
    int[] y0 = new int[newHeight];
    int[] y1 = new int[newHeight];
    double[] fy = new double[newHeight];
    sampling(height, newHeight, y0, y1, fy);
    int[] out = new int[newHeight * newWidth];
    for (int y = 0; y < newHeight; y++) {
      for (int x = 0; x < newWidth; x++) {
        int p00 = rgb[y0[y] * width + x0[x]];
        int p01 = rgb[y0[y] * width + x1[x]];
        int p10 = rgb[y1[y] * width + x0[x]];
        int p11 = rgb[y1[y] * width + x1[x]];
        int pixel = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          double top = lerp((p00 >> shift) & 0xFF, (p01 >> shift) & 0xFF, fx[x]);
          double bottom = lerp((p10 >> shift) & 0xFF, (p11 >> shift) & 0xFF, fx[x]);
          int value = (int) Math.round(lerp(top, bottom, fy[y]));
          pixel |= Math.min(255, Math.max(0, value)) << shift;
        }
        out[y * newWidth + x] = pixel;
      }
    }
    return new RgbImage(newHeight, newWidth, out);
  }

  /** An opaque {@code TYPE_INT_RGB} copy. */
  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < rgb.length; i++) {
      target[i] = rgb[i] & 0xFFFFFF;
    }
    return image;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RgbImage that
        && height == that.height
        && width == that.width
        && Arrays.equals(rgb, that.rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + height + "×" + width + "]";
  }

  private static void checkChannels(float[] data, int height, int width, int channels) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("an image needs 1 or 3 channels, got " + channels);
    }
    if ((long) height * width * channels != data.length) {
      throw new IllegalArgumentException(
          height + "×" + width + "×" + channels + " image needs "
              + (long) height * width * channels + " values, got " + data.length);
    }
  }

  private static RgbImage convert(
      float[] data, int height, int width, int channels, int channelStride, int pixelStride) {
    float max = Float.NEGATIVE_INFINITY;
    for (float value : data) {
      max = Math.max(max, value);
    }
    // Captum: if np.max(original_image) <= 1.0:
    //   original_image = _prepare_image(original_image * 255)
    boolean unitRange = max <= 1f;
    int[] pixels = new int[height * width];
    for (int i = 0; i < pixels.length; i++) {
      int pixel = 0;
      for (int c = 0; c < 3; c++) {
        float value = data[i * pixelStride + (channels == 1 ? 0 : c) * channelStride];
        // float32 * 255 then astype(int), which truncates toward zero, then clip 0..255.
        int component = (int) (unitRange ? value * 255f : value);
        pixel = pixel << 8 | Math.min(255, Math.max(0, component));
      }
      pixels[i] = pixel;
    }
    return new RgbImage(height, width, pixels);
  }

  private static void sampling(int source, int target, int[] lower, int[] upper, double[] weight) {
    double scale = (double) source / target;
    for (int i = 0; i < target; i++) {
      double position = Math.max(0.0, (i + 0.5) * scale - 0.5);
      int floor = Math.min((int) position, source - 1);
      lower[i] = floor;
      upper[i] = Math.min(floor + 1, source - 1);
      weight[i] = position - floor;
    }
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }
}
