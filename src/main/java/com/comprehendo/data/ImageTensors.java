package com.comprehendo.data;

import com.comprehendo.data.PillowResampler.RowSink;
import com.comprehendo.data.PillowResampler.Window;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Objects;

/**
 * Turns a decoded image into the model's input: resize by the {@link Preprocessing}'s {@link
 * ResizeMethod}, convert to luminance for one-channel models, scale to 0..1 and normalize, channels
 * first ({@code C × H × W}, row-major, as {@code torchvision.transforms.ToTensor} + {@code
 * Normalize}).
 *
 * <p>Geometry follows fastai's {@code Resize} at validation time (centred, zero padding):
 *
 * <ul>
 *   <li>{@link ResizeMethod#SQUISH}: the whole image is stretched to {@code width × height};
 *   <li>{@link ResizeMethod#CROP}: the largest centred box with the target's aspect ratio is cut
 *       from the image (at source resolution), then resized;
 *   <li>{@link ResizeMethod#PAD}: the image is centred in the smallest box with the target's aspect
 *       ratio that holds it, the border is black (zero), then resized.
 * </ul>
 *
 * <p>Resizing is Pillow's {@code BILINEAR} resize reproduced exactly ({@link PillowResampler}):
 * when shrinking, the triangle filter widens with the scale factor so every source pixel is
 * averaged in (Pillow's anti-aliasing), which is what models trained on PIL pipelines saw. Results
 * are rounded to 8 bits like Pillow's, so {@link #resize} returns exactly the pixels the model sees
 * before normalization, and {@link #toChw} is {@code normalize(resize(image))}.
 *
 * <p>For a one-channel preprocessing the luminance is Pillow's {@code convert("L")} (ITU-R 601-2,
 * {@code L = R·299/1000 + G·587/1000 + B·114/1000}, in Pillow's rounded fixed point), taken
 * <em>before</em> resizing as in {@code Image.open(f).convert("L")} pipelines.
 *
 * <pre>{@code
 * Preprocessing pre = Preprocessing.imagenetDefault();
 * BufferedImage rgb = ImageDecoder.createDefault().decode(file);
 * ImageTensors.ModelInput input = ImageTensors.prepare(rgb, pre);
 * float[] chw = input.chw();                 // 3 × 224 × 224 floats for the model
 * BufferedImage shown = input.pixels();      // 224 × 224 pixels to draw the heatmap over
 * }</pre>
 */
public final class ImageTensors {

  private ImageTensors() {}

  /**
   * The resized image and the tensor made from it.
   *
   * @param pixels the {@code width × height} {@code TYPE_INT_RGB} image the model sees (gray, R = G
   *     = B, for one-channel models)
   * @param chw the normalized tensor, {@code channels × height × width} floats
   */
  public record ModelInput(BufferedImage pixels, float[] chw) {}

  /** Resizes and normalizes in one go, returning both the pixels and the tensor. */
  public static ModelInput prepare(BufferedImage image, Preprocessing preprocessing) {
    RawPixels source = modelSource(image, preprocessing);
    BufferedImage pixels = newRgb(preprocessing);
    float[] chw = newTensor(preprocessing);
    RowSink toPixels = pixelWriter(pixels, source.channels());
    RowSink toTensor = tensorWriter(chw, preprocessing, source.channels());
    resample(
        source,
        preprocessing,
        (channel, y, values) -> {
          toPixels.accept(channel, y, values);
          toTensor.accept(channel, y, values);
        });
    return new ModelInput(pixels, chw);
  }

  /** The normalized {@code C × H × W} tensor for {@code image}. */
  public static float[] toChw(BufferedImage image, Preprocessing preprocessing) {
    RawPixels source = modelSource(image, preprocessing);
    float[] chw = newTensor(preprocessing);
    resample(source, preprocessing, tensorWriter(chw, preprocessing, source.channels()));
    return chw;
  }

  /**
   * The image resized to the model's input size: exactly the 8-bit pixels that {@link #toChw}
   * normalizes. One-channel preprocessings give a gray image.
   */
  public static BufferedImage resize(BufferedImage image, Preprocessing preprocessing) {
    RawPixels source = modelSource(image, preprocessing);
    BufferedImage pixels = newRgb(preprocessing);
    resample(source, preprocessing, pixelWriter(pixels, source.channels()));
    return pixels;
  }

  /**
   * The image shrunk to fit a {@code maxSide × maxSide} box, aspect ratio kept, never enlarged (like
   * Pillow's {@code Image.thumbnail}), with the same anti-aliased bilinear resize as the model's
   * input: for previews and the dataset grid.
   *
   * @return a {@code TYPE_INT_RGB} image ({@code image} itself when it fits and is plain RGB)
   */
  public static BufferedImage thumbnail(BufferedImage image, int maxSide) {
    Objects.requireNonNull(image, "image");
    if (maxSide < 1) {
      throw new IllegalArgumentException("maxSide must be at least 1, got " + maxSide);
    }
    int w = image.getWidth();
    int h = image.getHeight();
    if (w <= maxSide && h <= maxSide) {
      return RgbConversion.toRgb(image);
    }
    double scale = (double) maxSide / Math.max(w, h);
    int outW = Math.max(1, (int) Math.round(w * scale));
    int outH = Math.max(1, (int) Math.round(h * scale));
    RawPixels source = RawPixels.of(image);
    BufferedImage result = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
    PillowResampler.resize(
        source,
        new Window(0, w),
        new Window(0, h),
        outW,
        outH,
        pixelWriter(result, source.channels()));
    return result;
  }

  /**
   * Scales an already resized image to 0..1 and applies {@code (v − mean[c]) / std[c]} in float32
   * (the arithmetic of {@code ToTensor} + {@code Normalize}).
   *
   * @throws IllegalArgumentException if the image is not {@code width × height} of the
   *     preprocessing
   */
  public static float[] normalize(BufferedImage resized, Preprocessing preprocessing) {
    int w = preprocessing.width();
    int h = preprocessing.height();
    if (resized.getWidth() != w || resized.getHeight() != h) {
      throw new IllegalArgumentException(
          "image is "
              + resized.getWidth()
              + "×"
              + resized.getHeight()
              + ", the model expects "
              + w
              + "×"
              + h);
    }
    RawPixels pixels = RawPixels.of(resized);
    if (preprocessing.channels() == 1) {
      pixels = pixels.luma();
    }
    float[] chw = newTensor(preprocessing);
    RowSink toTensor = tensorWriter(chw, preprocessing, pixels.channels());
    int[] row = new int[w];
    for (int c = 0; c < pixels.channels(); c++) {
      for (int y = 0; y < h; y++) {
        pixels.readRow(c, y, row);
        toTensor.accept(c, y, row);
      }
    }
    return chw;
  }

  /** Pillow's {@code convert("L")}: ITU-R 601-2 luma in 16-bit fixed point, rounded. */
  public static int luma(int r, int g, int b) {
    return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
  }

  /**
   * The source windows for fastai's geometry: index 0 horizontal, 1 vertical. Uses the same
   * floating-point expressions as fastai so the integer boxes agree with it.
   */
  static Window[] windows(int w, int h, Preprocessing preprocessing) {
    int tw = preprocessing.width();
    int th = preprocessing.height();
    if (preprocessing.resize() == ResizeMethod.SQUISH) {
      return new Window[] {new Window(0, w), new Window(0, h)};
    }
    double ratioW = (double) w / tw;
    double ratioH = (double) h / th;
    boolean byWidth =
        preprocessing.resize() == ResizeMethod.CROP ? ratioW < ratioH : ratioW > ratioH;
    double m = byWidth ? ratioW : ratioH;
    int boxW = Math.max(1, (int) (m * tw));
    int boxH = Math.max(1, (int) (m * th));
    int left = (int) (0.5 * (w - boxW)); // truncation toward zero, like Python's int()
    int top = (int) (0.5 * (h - boxH));
    return new Window[] {new Window(left, boxW), new Window(top, boxH)};
  }

  /** The pixels the model's resize reads: luma for a one-channel preprocessing. */
  private static RawPixels modelSource(BufferedImage image, Preprocessing preprocessing) {
    Objects.requireNonNull(image, "image");
    RawPixels source = RawPixels.of(image);
    return preprocessing.channels() == 1 ? source.luma() : source;
  }

  private static void resample(RawPixels source, Preprocessing preprocessing, RowSink sink) {
    Window[] windows = windows(source.width(), source.height(), preprocessing);
    PillowResampler.resize(
        source, windows[0], windows[1], preprocessing.width(), preprocessing.height(), sink);
  }

  private static BufferedImage newRgb(Preprocessing preprocessing) {
    return new BufferedImage(
        preprocessing.width(), preprocessing.height(), BufferedImage.TYPE_INT_RGB);
  }

  private static float[] newTensor(Preprocessing preprocessing) {
    return new float[preprocessing.channels() * preprocessing.height() * preprocessing.width()];
  }

  /**
   * Writes the rows of a one-channel (gray) or three-channel source into a new, still black {@code
   * TYPE_INT_RGB} image.
   */
  private static RowSink pixelWriter(BufferedImage intRgb, int sourceChannels) {
    int[] out = ((DataBufferInt) intRgb.getRaster().getDataBuffer()).getData();
    int width = intRgb.getWidth();
    return (channel, y, values) -> {
      int start = y * width;
      if (sourceChannels == 1) {
        for (int x = 0; x < width; x++) {
          out[start + x] = values[x] * 0x010101;
        }
      } else {
        int shift = 16 - 8 * channel;
        for (int x = 0; x < width; x++) {
          out[start + x] |= values[x] << shift;
        }
      }
    };
  }

  /**
   * Writes the rows of a one-channel or three-channel source into the tensor through one table of
   * 256 floats per channel, each entry made by the same float32 operations, in the same order, as
   * {@code (v / 255 − mean) / std} on each value. A gray source's rows stand for every channel of
   * the tensor; for a one-channel preprocessing they hold luma, and {@code luma(v, v, v) == v}.
   */
  private static RowSink tensorWriter(float[] chw, Preprocessing preprocessing, int sourceChannels) {
    float[] mean = preprocessing.mean();
    float[] std = preprocessing.std();
    float[][] tables = new float[mean.length][256];
    for (int c = 0; c < mean.length; c++) {
      for (int v = 0; v < 256; v++) {
        tables[c][v] = (v / 255f - mean[c]) / std[c];
      }
    }
    int width = preprocessing.width();
    int plane = width * preprocessing.height();
    return (channel, y, values) -> {
      int first = sourceChannels == 1 ? 0 : channel;
      int last = sourceChannels == 1 ? mean.length - 1 : channel;
      for (int c = first; c <= last; c++) {
        float[] table = tables[c];
        int start = c * plane + y * width;
        for (int x = 0; x < width; x++) {
          chw[start + x] = table[values[x]];
        }
      }
    };
  }
}
