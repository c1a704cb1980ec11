package com.comprehendo.analysis.explain;

import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.ImageDecoder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Where an image's bytes come from: a file, or bytes already read (as a cluster job reads them). */
@FunctionalInterface
public interface ImageSource {

  /**
   * Decodes the image for the model's input (see {@link ImageDecoder#decodeForTensors}).
   *
   * @throws ImageDecodeException with a short reason when the image cannot be read
   */
  BufferedImage decode(ImageDecoder decoder) throws ImageDecodeException;

  /** An image file. */
  static ImageSource file(Path file) {
    return decoder -> decoder.decodeForTensors(file);
  }

  /** The bytes of an image file (PNG, JPEG, ...). */
  static ImageSource bytes(byte[] data) {
    byte[] copy = data.clone();
    return decoder -> decoder.decode(copy);
  }
}
