package com.comprehendo.data;

import java.nio.charset.StandardCharsets;

/**
 * What {@link ImageDecoder} needs to know about a JPEG before decoding it: the number of colour
 * components in its frame and whether it embeds an ICC profile, read from the segments before the
 * first scan.
 *
 * @param components the frame's component count (1 gray, 3 YCbCr or RGB, 4 CMYK or YCCK)
 * @param hasIccProfile whether an {@code APP2 ICC_PROFILE} segment is present
 */
record JpegHeader(int components, boolean hasIccProfile) {

  private static final byte[] ICC_NAME = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

  /** The header of a JPEG file, or null if the bytes are not a well-formed JPEG header. */
  static JpegHeader read(byte[] data) {
    if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
      return null;
    }
    boolean icc = false;
    int components = -1;
    int pos = 2;
    while (pos + 4 <= data.length) {
      if ((data[pos] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = data[pos + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte before a marker
        pos++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        pos += 2; // markers without a length
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        break; // start of scan or end of image: the header is over
      }
      int length = ((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF);
      int body = pos + 4;
      if (length < 2 || pos + 2 + length > data.length) {
        return null;
      }
      if (marker == 0xE2 && startsWith(data, body, ICC_NAME)) {
        icc = true;
      } else if (isStartOfFrame(marker) && length >= 8) {
        components = data[body + 5] & 0xFF; // after precision, height and width
      }
      pos += 2 + length;
    }
    return components < 0 ? null : new JpegHeader(components, icc);
  }

  /** SOF0 to SOF15, less DHT, JPG and DAC, which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
    if (offset + prefix.length > data.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
