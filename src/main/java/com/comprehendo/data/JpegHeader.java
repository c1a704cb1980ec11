package com.comprehendo.data;

import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.stream.ImageInputStream;

/**
 * What {@link ImageDecoder} needs to know about a JPEG before decoding it: the number of colour
 * components in its frame and whether it embeds an ICC profile, read from the segments before the
 * first scan (by TwelveMonkeys' {@link JPEGSegmentUtil}).
 *
 * @param components the frame's component count (1 gray, 3 YCbCr or RGB, 4 CMYK or YCCK)
 * @param hasIccProfile whether an {@code APP2 ICC_PROFILE} segment is present
 */
record JpegHeader(int components, boolean hasIccProfile) {

  /** SOF0 to SOF15, less DHT, JPG and DAC, which share the range; and the ICC profile's APP2. */
  private static final Map<Integer, List<String>> SEGMENTS = new HashMap<>();

  static {
    for (int marker = JPEG.SOF0; marker <= JPEG.SOF15; marker++) {
      if (marker != JPEG.DHT && marker != 0xFFC8 && marker != JPEG.DAC) {
        SEGMENTS.put(marker, null);
      }
    }
    SEGMENTS.put(JPEG.APP2, List.of("ICC_PROFILE"));
  }

  /** The header of a JPEG file, or null if the bytes are not a well-formed JPEG header. */
  static JpegHeader read(byte[] data) {
    if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
      return null;
    }
    boolean icc = false;
    int components = -1;
    try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
      for (JPEGSegment segment : JPEGSegmentUtil.readSegments(in, SEGMENTS)) {
        if (segment.marker() == JPEG.APP2) {
          icc = true;
        } else if (components < 0 && segment.segmentLength() >= 8) {
          try (InputStream body = segment.segmentData()) {
            body.skipNBytes(5); // precision, height and width
            components = body.read();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return null; // not a well-formed header: the decoder's defaults apply
    }
    return components < 0 ? null : new JpegHeader(components, icc);
  }
}
