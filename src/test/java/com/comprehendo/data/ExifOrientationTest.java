package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** EXIF orientation from hand-made EXIF blocks: Pillow's reading, and malformed data taken as upright. */
class ExifOrientationTest {

  private static final int SHORT = 3;
  private static final int LONG = 4;

  @Test
  void readsIfd0OfTheFirstExifSegment() {
    assertEquals(6, ExifOrientation.read(jpeg(tiff(ByteOrder.BIG_ENDIAN, SHORT, 6, 0), tiff(ByteOrder.BIG_ENDIAN, SHORT, 3, 0))));
    assertEquals(8, ExifOrientation.read(jpeg(tiff(ByteOrder.LITTLE_ENDIAN, SHORT, 8, 0))));
    assertEquals(5, ExifOrientation.read(jpeg(tiff(ByteOrder.LITTLE_ENDIAN, LONG, 5, 0))));
  }

  @Test
  void anOrientationOnlyInTheThumbnailsIfdIsIgnored() {
    // IFD0 has no orientation; IFD1 (the thumbnail's) says 6. Pillow reads IFD0 only.
    assertEquals(1, ExifOrientation.read(jpeg(tiff(ByteOrder.BIG_ENDIAN, SHORT, 6, 1))));
  }

  @Test
  void malformedExifIsUpright() {
    byte[] valid = tiff(ByteOrder.BIG_ENDIAN, SHORT, 6, 0);
    byte[] badOffset = valid.clone();
    badOffset[7] = (byte) 0xF0; // IFD0 beyond the end
    assertEquals(1, ExifOrientation.read(jpeg(badOffset)));
    assertEquals(1, ExifOrientation.read(jpeg(Arrays.copyOf(valid, 12)))); // cut inside IFD0
    assertEquals(1, ExifOrientation.read(jpeg(tiff(ByteOrder.BIG_ENDIAN, SHORT, 9, 0)))); // out of range
    byte[] cutJpeg = jpeg(valid);
    assertEquals(1, ExifOrientation.read(Arrays.copyOf(cutJpeg, 20)));
    assertEquals(1, ExifOrientation.read(new byte[] {(byte) 0xFF, (byte) 0xD8, 0x12, 0x34, 0x56}));
  }

  /**
   * A TIFF structure with two IFDs; the orientation entry ({@code type}, {@code value}) is in IFD
   * {@code inIfd}, the other IFD holds one unrelated entry (ImageWidth).
   */
  private static byte[] tiff(ByteOrder order, int type, int value, int inIfd) {
    ByteBuffer b = ByteBuffer.allocate(8 + 2 * 18).order(order);
    b.put(order == ByteOrder.BIG_ENDIAN ? new byte[] {'M', 'M'} : new byte[] {'I', 'I'});
    b.putShort((short) 42).putInt(8);
    for (int ifd = 0; ifd < 2; ifd++) {
      b.putShort((short) 1);
      boolean orientation = ifd == inIfd;
      b.putShort((short) (orientation ? 0x0112 : 0x0100)).putShort((short) (orientation ? type : SHORT)).putInt(1);
      if (orientation && type == LONG) {
        b.putInt(value);
      } else {
        b.putShort((short) (orientation ? value : 16)).putShort((short) 0);
      }
      b.putInt(ifd == 0 ? 8 + 18 : 0);
    }
    return b.array();
  }

  /** A JPEG header (SOI, one APP1 Exif segment per block, EOI) around EXIF blocks. */
  private static byte[] jpeg(byte[]... exifBlocks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xD8);
    for (byte[] tiff : exifBlocks) {
      int length = 2 + 6 + tiff.length;
      out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
      out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
      out.writeBytes(tiff);
    }
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return out.toByteArray();
  }
}
