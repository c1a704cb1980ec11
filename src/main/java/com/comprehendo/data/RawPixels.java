package com.comprehendo.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/**
 * The backing array of an image whose 8-bit gray or RGB samples are read exactly as stored: the
 * images that {@link RgbConversion} copies sample for sample, in the two layouts decoders produce.
 *
 * <ul>
 *   <li>interleaved bytes ({@code TYPE_3BYTE_BGR} from the JPEG reader, {@code TYPE_4BYTE_ABGR},
 *       {@code TYPE_BYTE_GRAY}, the PNG reader's RGB, RGBA and gray-alpha layouts): sample {@code
 *       c} of pixel {@code (x, y)} is {@code bytes[offset + y·scanlineStride + x·pixelStride +
 *       channelOffsets[c]]};
 *   <li>packed ints with 8-bit red, green and blue at bits 16, 8 and 0 ({@code TYPE_INT_RGB},
 *       {@code TYPE_INT_ARGB}): pixel {@code (x, y)} is {@code ints[offset + y·scanlineStride +
 *       x]}.
 * </ul>
 *
 * <p>Reading the array directly avoids a {@link java.awt.image.Raster} or {@link ColorModel} call
 * per pixel, which cost more than the resize itself.
 */
final class RawPixels {

  private static final int[] PACKED_RGB_MASKS = {0xFF0000, 0xFF00, 0xFF};

  private final byte[] bytes;
  private final int[] ints;
  private final int width;
  private final int height;
  private final int offset;
  private final int scanlineStride;
  private final int pixelStride;
  private final int[] channelOffsets;

  private RawPixels(
      byte[] bytes,
      int[] ints,
      int width,
      int height,
      int offset,
      int scanlineStride,
      int pixelStride,
      int[] channelOffsets) {
    this.bytes = bytes;
    this.ints = ints;
    this.width = width;
    this.height = height;
    this.offset = offset;
    this.scanlineStride = scanlineStride;
    this.pixelStride = pixelStride;
    this.channelOffsets = channelOffsets;
  }

  /**
   * The image's pixels, read in place when its layout allows and otherwise from a {@link
   * RgbConversion} copy; the values are those of {@code RgbConversion.toRgb(image)} either way.
   */
  static RawPixels of(BufferedImage image) {
    RawPixels raw = inPlace(image);
    return raw != null ? raw : inPlace(RgbConversion.toRgb(image));
  }

  /**
   * The image's pixels read in place, or null when its layout or colour model needs a conversion
   * (other sample sizes, palettes, premultiplied alpha, other colour spaces).
   */
  static RawPixels inPlace(BufferedImage image) {
    ColorModel model = image.getColorModel();
    if (model.isAlphaPremultiplied()) {
      return null;
    }
    WritableRaster raster = image.getRaster();
    SampleModel sampleModel = raster.getSampleModel();
    DataBuffer buffer = raster.getDataBuffer();
    if (buffer.getNumBanks() != 1) {
      return null;
    }
    // A raster shares its buffer with its parent when it is a subimage; the translation moves the
    // subimage's (0, 0) to where it lies in the buffer.
    int translateX = raster.getSampleModelTranslateX();
    int translateY = raster.getSampleModelTranslateY();
    if (model instanceof ComponentColorModel
        && sampleModel instanceof ComponentSampleModel samples
        && buffer instanceof DataBufferByte byteBuffer) {
      int[] channelOffsets = byteChannelOffsets(model, samples);
      if (channelOffsets == null) {
        return null;
      }
      int scanline = samples.getScanlineStride();
      int pixel = samples.getPixelStride();
      return new RawPixels(
          byteBuffer.getData(),
          null,
          image.getWidth(),
          image.getHeight(),
          byteBuffer.getOffset() - translateY * scanline - translateX * pixel,
          scanline,
          pixel,
          channelOffsets);
    }
    if (model instanceof DirectColorModel
        && sampleModel instanceof SinglePixelPackedSampleModel samples
        && buffer instanceof DataBufferInt intBuffer
        && isPackedRgb(model, samples)) {
      int scanline = samples.getScanlineStride();
      return new RawPixels(
          null,
          intBuffer.getData(),
          image.getWidth(),
          image.getHeight(),
          intBuffer.getOffset() - translateY * scanline - translateX,
          scanline,
          1,
          null);
    }
    return null;
  }

  private static int[] byteChannelOffsets(ColorModel model, ComponentSampleModel samples) {
    int channels = RgbConversion.grayOrRgbChannels(model);
    if (channels == 0 || model.getTransferType() != DataBuffer.TYPE_BYTE) {
      return null;
    }
    int[] banks = samples.getBankIndices();
    int[] bandOffsets = samples.getBandOffsets();
    int[] channelOffsets = new int[channels];
    for (int c = 0; c < channels; c++) {
      if (model.getComponentSize(c) != 8 || banks[c] != 0) {
        return null;
      }
      channelOffsets[c] = bandOffsets[c];
    }
    return channelOffsets;
  }

  private static boolean isPackedRgb(ColorModel model, SinglePixelPackedSampleModel samples) {
    if (model.getColorSpace().getType() != ColorSpace.TYPE_RGB
        || model.getNumColorComponents() != 3
        || model.getTransferType() != DataBuffer.TYPE_INT) {
      return false;
    }
    int[] masks = samples.getBitMasks();
    for (int c = 0; c < 3; c++) {
      if (masks[c] != PACKED_RGB_MASKS[c] || model.getComponentSize(c) != 8) {
        return false;
      }
    }
    return true;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** 1 for gray, 3 for RGB. */
  int channels() {
    return ints != null ? 3 : channelOffsets.length;
  }

  boolean isPacked() {
    return ints != null;
  }

  byte[] bytes() {
    return bytes;
  }

  int[] ints() {
    return ints;
  }

  /** The array index of pixel {@code (0, y)}. */
  int rowStart(int y) {
    return offset + y * scanlineStride;
  }

  int pixelStride() {
    return pixelStride;
  }

  /** Where channel {@code c} lies within an interleaved byte pixel. */
  int channelOffset(int c) {
    return channelOffsets[c];
  }

  /** Row-major {@code 0xRRGGBB} pixels (gray replicated), as {@code RgbConversion.toRgb}. */
  void copyPackedRgb(int[] out) {
    for (int y = 0; y < height; y++) {
      int in = rowStart(y);
      int outRow = y * width;
      if (ints != null) {
        for (int x = 0; x < width; x++) {
          out[outRow + x] = ints[in + x] & 0xFFFFFF;
        }
      } else if (channelOffsets.length == 1) {
        int gray = in + channelOffsets[0];
        for (int x = 0; x < width; x++, gray += pixelStride) {
          int g = bytes[gray] & 0xFF;
          out[outRow + x] = (g << 16) | (g << 8) | g;
        }
      } else {
        int red = in + channelOffsets[0];
        int green = in + channelOffsets[1];
        int blue = in + channelOffsets[2];
        for (int x = 0; x < width; x++) {
          out[outRow + x] =
              ((bytes[red] & 0xFF) << 16) | ((bytes[green] & 0xFF) << 8) | (bytes[blue] & 0xFF);
          red += pixelStride;
          green += pixelStride;
          blue += pixelStride;
        }
      }
    }
  }

  /** Copies the 8-bit values of channel {@code channel} in row {@code y} into {@code out}. */
  void readRow(int channel, int y, int[] out) {
    int in = rowStart(y);
    if (ints != null) {
      int shift = 16 - 8 * channel;
      for (int x = 0; x < width; x++) {
        out[x] = (ints[in + x] >> shift) & 0xFF;
      }
    } else {
      int p = in + channelOffsets[channel];
      for (int x = 0; x < width; x++, p += pixelStride) {
        out[x] = bytes[p] & 0xFF;
      }
    }
  }

  /**
   * Pillow's {@code convert("L")} of these pixels ({@link ImageTensors#luma}), one byte per pixel;
   * gray pixels are their own luma, since {@code luma(g, g, g) == g} for every 8-bit {@code g}.
   */
  RawPixels luma() {
    if (channels() == 1) {
      return this;
    }
    byte[] gray = new byte[width * height];
    for (int y = 0; y < height; y++) {
      int in = rowStart(y);
      int outRow = y * width;
      if (ints != null) {
        for (int x = 0; x < width; x++) {
          int p = ints[in + x];
          gray[outRow + x] = (byte) ImageTensors.luma((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
        }
      } else {
        int red = in + channelOffsets[0];
        int green = in + channelOffsets[1];
        int blue = in + channelOffsets[2];
        for (int x = 0; x < width; x++) {
          gray[outRow + x] =
              (byte) ImageTensors.luma(bytes[red] & 0xFF, bytes[green] & 0xFF, bytes[blue] & 0xFF);
          red += pixelStride;
          green += pixelStride;
          blue += pixelStride;
        }
      }
    }
    return new RawPixels(gray, null, width, height, 0, width, 1, new int[] {0});
  }

  @Override
  public String toString() {
    return (ints != null ? "packed ints " : "interleaved bytes " + Arrays.toString(channelOffsets))
        + " "
        + width
        + "×"
        + height;
  }
}
