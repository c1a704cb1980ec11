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
 * Brings any decoded {@link BufferedImage} to 8-bit {@code TYPE_INT_RGB} the way Pillow's {@code
 * Image.convert("RGB")} does, which is what models trained with PIL loaders saw.
 *
 * <ul>
 *   <li>Alpha is dropped: the stored colour values are kept, not composited onto a background.
 *   <li>Grayscale is replicated to R = G = B from the raw samples. (Java's {@code getRGB} would
 *       treat the gray as linear light and brighten it, which PIL does not.)
 *   <li>16-bit samples keep their high byte ({@code v >> 8}), as Pillow does for 16-bit RGB PNGs.
 *       For 16-bit grayscale Pillow instead clips values above 255 to white; we take the high byte
 *       there too, since clipping turns almost any 16-bit photo white.
 *   <li>Embedded ICC profiles of RGB and gray images are ignored (raw values), like PIL.
 *   <li>Palettes are looked up; anything else (CMYK, YCCK, floating-point TIFF, premultiplied
 *       alpha) goes through the colour model's own conversion to sRGB.
 * </ul>
 */
final class RgbConversion {

  private RgbConversion() {}

  static BufferedImage toRgb(BufferedImage source) {
    if (isPlainIntRgb(source)) {
      return source;
    }
    int w = source.getWidth();
    int h = source.getHeight();
    BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] out = ((DataBufferInt) result.getRaster().getDataBuffer()).getData();
    RawPixels raw = RawPixels.inPlace(source);
    if (raw != null) {
      raw.copyPackedRgb(out);
    } else if (!copyRawSamples(source, out)) {
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

  /** 1 for a gray model, 3 for an RGB one (colour components only), 0 for any other. */
  static int grayOrRgbChannels(ColorModel model) {
    int spaceType = model.getColorSpace().getType();
    int channels = spaceType == ColorSpace.TYPE_GRAY ? 1 : spaceType == ColorSpace.TYPE_RGB ? 3 : 0;
    return channels != 0 && model.getNumColorComponents() == channels ? channels : 0;
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
    int colourBands = grayOrRgbChannels(model);
    if (colourBands == 0) {
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
