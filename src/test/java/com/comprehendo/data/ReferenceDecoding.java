package com.comprehendo.data;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * {@link ImageDecoder}'s reading as it was before JPEGs were read into R, G, B ordered images (the
 * reader's default destination, or its embedded-profile type), without the error handling: the
 * oracle that the faster reading must match pixel for pixel.
 */
final class ReferenceDecoding {

  private ReferenceDecoding() {}

  /** The upright {@code TYPE_INT_RGB} image, as {@code ImageDecoder.decode} made it. */
  static BufferedImage decode(byte[] data) throws IOException {
    BufferedImage decoded;
    try (ImageInputStream input = new ByteArrayImageInputStream(data)) {
      ImageReader reader = findReader(input);
      try {
        reader.setInput(input, false, false);
        ImageReadParam param = reader.getDefaultReadParam();
        ImageTypeSpecifier embedded = embeddedRgbType(reader);
        if (embedded != null) {
          param.setDestinationType(embedded);
        }
        decoded = reader.read(0, param);
      } finally {
        reader.dispose();
      }
    }
    return ExifOrientation.apply(
        ReferenceImageTensors.toRgb(decoded), ExifOrientation.read(data));
  }

  private static ImageTypeSpecifier embeddedRgbType(ImageReader reader) throws IOException {
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    while (types.hasNext()) {
      ImageTypeSpecifier type = types.next();
      ColorSpace space = type.getColorModel().getColorSpace();
      if (space.getType() == ColorSpace.TYPE_RGB && !space.isCS_sRGB()) {
        return type;
      }
    }
    return null;
  }

  private static ImageReader findReader(ImageInputStream input) throws IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      if (!reader.getFormatName().toLowerCase(Locale.ROOT).contains("wbmp")) {
        return reader;
      }
      reader.dispose();
    }
    throw new IOException("no reader");
  }
}
