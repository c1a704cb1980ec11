package com.comprehendo.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Draws a {@link NormalizedMap} the way Captum's {@code visualize_image_attr} composes its
 * matplotlib figure, pixel for pixel at the attribution's own resolution (no figure, axes or
 * resampling), into 8-bit ARGB ({@code 0xAARRGGBB}, not premultiplied).
 *
 * <p>With {@code n} the normalized value, {@code [vmin, vmax]} = -1..1 for sign all and 0..1
 * otherwise, and colours converted to bytes by truncation as matplotlib does:
 *
 * <ul>
 *   <li>{@code heat_map}: {@code cmap(n)} ({@link Colormap#map}).
 *   <li>{@code blended_heat_map}: the image's channel mean drawn with the {@code gray} colormap,
 *       autoscaled to that mean's own min..max (Captum calls {@code imshow(np.mean(image, axis=2),
 *       cmap="gray")} without vmin/vmax, and matplotlib then normalizes to the data's range, so a
 *       dark photo still spans black to white; a constant image is all black), with {@code
 *       cmap(n)} composited on top at {@code alpha_overlay}. The overlay alpha is quantized like
 *       matplotlib's: {@code A = trunc(255 * alpha)} (0.5 gives 127), and each channel is {@code
 *       round((heat * A + gray * (255 - A)) / 255)}. The result is opaque.
 *   <li>{@code original_image}: the image, opaque.
 *   <li>{@code masked_image}: each channel {@code clip(trunc(c * n), 0, 255)}, opaque (Captum's
 *       {@code _prepare_image(original_image * norm_attr)}).
 *   <li>{@code alpha_scaling}: the image's colours with alpha {@code clip(trunc(n * 255), 0, 255)}.
 *       The alpha channel is kept (a PNG of it stays lossless); matplotlib shows it over the white
 *       figure, which {@link #flattenOnto} reproduces when an opaque picture is wanted.
 * </ul>
 *
 * <p>matplotlib's own figure can differ from these pixels by its resampling to the figure size and
 * by Agg's blending arithmetic (±1 level), and for values exactly on a colormap bin edge by the
 * float rounding of its resampling round trip; the rules above are the exact, reproducible form.
 * Rendering is a single pass over the pixels (about a millisecond for 224×224).
 */
public final class HeatmapRenderer {

  /** Captum's default {@code alpha_overlay}. */
  public static final double DEFAULT_ALPHA_OVERLAY = 0.5;

  private HeatmapRenderer() {}

  /**
   * Renders one visualization into a new ARGB array, row-major, {@code map.height() *
   * map.width()} pixels.
   *
   * @param map the normalized attribution; its sign fixes the colour range
   * @param image the original image, the same size as the map; may be {@code null} for heat_map
   * @param method what to draw
   * @param colormap the heat map's colormap, or {@code null} for Captum's default for the sign
   * @param alphaOverlay the heat map's opacity for blended_heat_map, 0..1 (ignored otherwise)
   * @throws IllegalArgumentException when the method needs an image and there is none, the image
   *     size differs from the map's, the method refuses the map's sign (masked_image and
   *     alpha_scaling with sign all), or {@code alphaOverlay} is outside 0..1
   */
  public static int[] render(
      NormalizedMap map,
      RgbImage image,
      VisualizationMethod method,
      Colormap colormap,
      double alphaOverlay) {
    int[] out = new int[map.height() * map.width()];
    renderInto(out, map, image, method, colormap, alphaOverlay);
    return out;
  }

  /**
   * {@link #render} into an existing array of at least {@code map.height() * map.width()} pixels,
   * so a live view can reuse its buffer.
   */
  public static void renderInto(
      int[] out,
      NormalizedMap map,
      RgbImage image,
      VisualizationMethod method,
      Colormap colormap,
      double alphaOverlay) {
    check(out, map, image, method, alphaOverlay);
    Colormap cmap = colormap != null ? colormap : Colormap.defaultFor(map.sign());
    float vmin = map.sign().vmin();
    float vmax = map.sign().vmax();
    float[] n = map.values();
    int[] rgb = image == null ? null : image.rgb();
    int pixels = n.length;
    switch (method) {
      case HEAT_MAP:
        for (int i = 0; i < pixels; i++) {
          out[i] = cmap.map(n[i], vmin, vmax);
        }
        break;
      case BLENDED_HEAT_MAP:
        blend(out, n, rgb, cmap, vmin, vmax, alphaOverlay);
        break;
      case ORIGINAL_IMAGE:
        for (int i = 0; i < pixels; i++) {
          out[i] = 0xFF000000 | rgb[i];
        }
        break;
      case MASKED_IMAGE:
        for (int i = 0; i < pixels; i++) {
          double factor = n[i];
          int p = rgb[i];
          out[i] =
              0xFF000000
                  | maskComponent((p >> 16) & 0xFF, factor) << 16
                  | maskComponent((p >> 8) & 0xFF, factor) << 8
                  | maskComponent(p & 0xFF, factor);
        }
        break;
      case ALPHA_SCALING:
        for (int i = 0; i < pixels; i++) {
          // float32 norm_attr * 255, then astype(int) and clip, as Captum's _prepare_image.
          int alpha = clip255((int) (n[i] * 255f));
          out[i] = alpha << 24 | (rgb[i] & 0xFFFFFF);
        }
        break;
      default:
        throw new AssertionError(method);
    }
  }

  /**
   * The {@code blended_heat_map} background alone: the image's channel mean through the {@code
   * gray} colormap, autoscaled to its min..max, as opaque ARGB.
   */
  public static int[] grayBackground(RgbImage image) {
    int[] rgb = image.rgb();
    int[] out = new int[rgb.length];
    // The channel mean is (r + g + b) / 3.0, so the gray only depends on the channel sum 0..765.
    int minSum = Integer.MAX_VALUE;
    int maxSum = Integer.MIN_VALUE;
    for (int p : rgb) {
      int sum = channelSum(p);
      minSum = Math.min(minSum, sum);
      maxSum = Math.max(maxSum, sum);
    }
    Colormap gray = Colormap.named("gray");
    double min = minSum / 3.0;
    double max = maxSum / 3.0;
    int[] graysBySum = new int[maxSum - minSum + 1];
    for (int sum = minSum; sum <= maxSum; sum++) {
      graysBySum[sum - minSum] = 0xFF000000 | gray.argb(grayIndex(sum / 3.0, min, max));
    }
    for (int i = 0; i < rgb.length; i++) {
      out[i] = graysBySum[channelSum(rgb[i]) - minSum];
    }
    return out;
  }

  /**
   * Composites ARGB pixels over an opaque background colour ({@code 0xRRGGBB}), e.g. white
   * ({@code 0xFFFFFF}) as matplotlib's figure shows alpha_scaling: {@code round((c * a + bg * (255
   * - a)) / 255)} per channel. Returns a new, opaque array.
   */
  public static int[] flattenOnto(int[] argb, int backgroundRgb) {
    int[] out = new int[argb.length];
    for (int i = 0; i < argb.length; i++) {
      int a = argb[i] >>> 24;
      out[i] = 0xFF000000 | over(argb[i], backgroundRgb, a);
    }
    return out;
  }

  /** Wraps ARGB pixels (row-major) in a new {@code TYPE_INT_ARGB} image; the array is copied. */
  public static BufferedImage toBufferedImage(int[] argb, int width, int height) {
    if ((long) width * height != argb.length) {
      throw new IllegalArgumentException(
          width + "×" + height + " image needs " + (long) width * height + " pixels, got "
              + argb.length);
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(argb, 0, target, 0, argb.length);
    return image;
  }

  private static void check(
      int[] out, NormalizedMap map, RgbImage image, VisualizationMethod method, double alpha) {
    method.checkSign(map.sign());
    if (method.needsImage()) {
      if (image == null) {
        throw new IllegalArgumentException("method " + method + " needs the original image");
      }
      if (image.height() != map.height() || image.width() != map.width()) {
        throw new IllegalArgumentException(
            "image is " + image.height() + "×" + image.width() + " but the attribution is "
                + map.height() + "×" + map.width());
      }
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha overlay must be within 0..1, got " + alpha);
    }
    if (out.length < map.values().length) {
      throw new IllegalArgumentException(
          "output holds " + out.length + " pixels, needs " + map.values().length);
    }
  }

  private static void blend(
      int[] out, float[] n, int[] rgb, Colormap cmap, float vmin, float vmax, double alpha) {
    int[] background = grayBackground(new RgbImage(1, rgb.length, rgb));
    float alpha32 = (float) alpha;
    for (int i = 0; i < n.length; i++) {
      int heat = cmap.map(n[i], vmin, vmax);
      // matplotlib: alpha byte = (uint8)(lut alpha byte * alpha), computed in float32.
      int a = (int) ((heat >>> 24) * alpha32);
      out[i] = 0xFF000000 | over(heat, background[i], a);
    }
  }

  /** Three times {@code np.mean(image, axis=2)}, whose float64 value is {@code sum / 3.0}. */
  private static int channelSum(int p) {
    return ((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF);
  }

  /** Autoscaled {@code Normalize} (float64 data) then {@code Colormap.__call__}'s bin rule. */
  private static int grayIndex(double value, double min, double max) {
    double x = min == max ? 0.0 : (value - min) / (max - min);
    x *= Colormap.SIZE;
    if (x >= Colormap.SIZE) {
      return Colormap.SIZE - 1;
    }
    return x < 0 ? 0 : (int) x;
  }

  /** {@code source} over an opaque {@code background} with alpha {@code a} (0..255), RGB only. */
  private static int over(int source, int background, int a) {
    int inverse = 255 - a;
    int r = (((source >> 16) & 0xFF) * a + ((background >> 16) & 0xFF) * inverse + 127) / 255;
    int g = (((source >> 8) & 0xFF) * a + ((background >> 8) & 0xFF) * inverse + 127) / 255;
    int b = ((source & 0xFF) * a + (background & 0xFF) * inverse + 127) / 255;
    return r << 16 | g << 8 | b;
  }

  private static int maskComponent(int component, double factor) {
    // int64 image * float32 map is a float64 product; astype(int) truncates toward zero.
    return clip255((int) (component * factor));
  }

  private static int clip255(int value) {
    return value < 0 ? 0 : Math.min(value, 255);
  }
}
