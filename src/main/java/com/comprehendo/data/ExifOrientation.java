package com.comprehendo.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.charset.StandardCharsets;

/**
 * The EXIF orientation tag (0x0112) and the transposition that makes an image upright, exactly as
 * Pillow's {@code ImageOps.exif_transpose} applies it.
 *
 * <p>The tag is read from the raw file bytes of JPEG (first {@code APP1 Exif} segment), TIFF
 * (IFD0), PNG ({@code eXIf} chunk) and WebP ({@code EXIF} chunk). Anything malformed counts as
 * orientation 1: a broken tag must never make an otherwise readable image unreadable.
 *
 * <pre>{@code
 * int orientation = ExifOrientation.read(Files.readAllBytes(file)); // 1..8
 * BufferedImage upright = ExifOrientation.apply(image, orientation);
 * }</pre>
 */
public final class ExifOrientation {

  /** Orientation 1: stored upright. */
  public static final int NORMAL = 1;

  private static final int ORIENTATION_TAG = 0x0112;
  private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

  private ExifOrientation() {}

  /**
   * The orientation (1–8) recorded in the file's EXIF data, or 1 when there is none or it is
   * invalid.
   */
  public static int read(byte[] file) {
    try {
      if (startsWith(file, 0, new byte[] {(byte) 0xFF, (byte) 0xD8})) {
        return fromJpeg(file);
      }
      if (startsWith(file, 0, "II*\0".getBytes(StandardCharsets.ISO_8859_1))
          || startsWith(file, 0, "MM\0*".getBytes(StandardCharsets.ISO_8859_1))) {
        return fromTiff(file, 0, file.length);
      }
      if (startsWith(file, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G'})) {
        return fromPng(file);
      }
      if (startsWith(file, 0, "RIFF".getBytes(StandardCharsets.ISO_8859_1))
          && startsWith(file, 8, "WEBP".getBytes(StandardCharsets.ISO_8859_1))) {
        return fromWebp(file);
      }
    } catch (IndexOutOfBoundsException malformed) {
      // Lengths in the file pointed outside it; the bounds checks below should prevent this, but an
      // orientation tag is never worth failing the image for.
    }
    return NORMAL;
  }

  /**
   * The image turned upright for {@code orientation} (Pillow's mapping: 2 mirror, 3 rotate 180°, 4
   * flip, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise).
   * Orientation 1 or an out-of-range value returns {@code image} itself; otherwise a new {@code
   * TYPE_INT_RGB} image (its alpha, if any, is dropped).
   */
  public static BufferedImage apply(BufferedImage image, int orientation) {
    if (orientation < 2 || orientation > 8) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    int[] in = image.getRGB(0, 0, w, h, null, 0, w);
    boolean swapsAxes = orientation >= 5;
    int outW = swapsAxes ? h : w;
    int outH = swapsAxes ? w : h;
    BufferedImage result = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
    int[] out = ((DataBufferInt) result.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int sx;
        int sy;
        switch (orientation) {
          case 2: // FLIP_LEFT_RIGHT
            sx = w - 1 - x;
            sy = y;
            break;
          case 3: // ROTATE_180
            sx = w - 1 - x;
            sy = h - 1 - y;
            break;
          case 4: // FLIP_TOP_BOTTOM
            sx = x;
            sy = h - 1 - y;
            break;
          case 5: // TRANSPOSE
            sx = y;
            sy = x;
            break;
          case 6: // ROTATE_270 (counter-clockwise), i.e. 90° clockwise
            sx = y;
            sy = h - 1 - x;
            break;
          case 7: // TRANSVERSE
            sx = w - 1 - y;
            sy = h - 1 - x;
            break;
          default: // 8: ROTATE_90 (counter-clockwise)
            sx = w - 1 - y;
            sy = x;
            break;
        }
        out[y * outW + x] = in[sy * w + sx] & 0xFFFFFF;
      }
    }
    return result;
  }

  private static int fromJpeg(byte[] data) {
    int pos = 2;
    while (pos + 4 <= data.length) {
      if (data[pos] != (byte) 0xFF) {
        return NORMAL;
      }
      int marker = data[pos + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte before a marker
        pos++;
        continue;
      }
      if (marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7)) {
        pos += 2; // markers without a length
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return NORMAL; // start of scan or end of image: metadata segments come before
      }
      int length = u16(data, pos + 2, false);
      int body = pos + 4;
      int end = Math.min(data.length, pos + 2 + length);
      if (marker == 0xE1 && startsWith(data, body, EXIF_HEADER)) {
        // Pillow reads only the first Exif APP1 segment.
        return fromTiff(data, body + EXIF_HEADER.length, end);
      }
      pos += 2 + length;
    }
    return NORMAL;
  }

  private static int fromPng(byte[] data) {
    int pos = 8;
    while (pos + 8 <= data.length) {
      long length = u32(data, pos, false);
      String type = new String(data, pos + 4, 4, StandardCharsets.ISO_8859_1);
      long end = pos + 8 + length;
      if (end > data.length) {
        return NORMAL;
      }
      if (type.equals("eXIf")) {
        return fromTiffMaybeWithHeader(data, pos + 8, (int) end);
      }
      if (type.equals("IEND")) {
        return NORMAL;
      }
      pos = (int) end + 4; // skip the CRC
    }
    return NORMAL;
  }

  private static int fromWebp(byte[] data) {
    int pos = 12;
    while (pos + 8 <= data.length) {
      long size = u32(data, pos + 4, true);
      String fourCc = new String(data, pos, 4, StandardCharsets.ISO_8859_1);
      long end = pos + 8 + size;
      if (end > data.length) {
        return NORMAL;
      }
      if (fourCc.equals("EXIF")) {
        return fromTiffMaybeWithHeader(data, pos + 8, (int) end);
      }
      pos = (int) (end + (size & 1)); // chunks are padded to an even size
    }
    return NORMAL;
  }

  /** Some writers keep the JPEG-style {@code Exif\0\0} prefix in PNG/WebP chunks; accept both. */
  private static int fromTiffMaybeWithHeader(byte[] data, int start, int end) {
    if (startsWith(data, start, EXIF_HEADER)) {
      start += EXIF_HEADER.length;
    }
    return fromTiff(data, start, end);
  }

  /** Reads the orientation entry of IFD0 of the TIFF structure in {@code data[start, end)}. */
  private static int fromTiff(byte[] data, int start, int end) {
    end = Math.min(end, data.length);
    if (end - start < 8) {
      return NORMAL;
    }
    boolean littleEndian;
    if (data[start] == 'I' && data[start + 1] == 'I') {
      littleEndian = true;
    } else if (data[start] == 'M' && data[start + 1] == 'M') {
      littleEndian = false;
    } else {
      return NORMAL;
    }
    if (u16(data, start + 2, littleEndian) != 42) {
      return NORMAL;
    }
    long ifd = start + u32(data, start + 4, littleEndian);
    if (ifd + 2 > end) {
      return NORMAL;
    }
    int entries = u16(data, (int) ifd, littleEndian);
    for (int i = 0; i < entries; i++) {
      long entry = ifd + 2 + 12L * i;
      if (entry + 12 > end) {
        return NORMAL;
      }
      int e = (int) entry;
      if (u16(data, e, littleEndian) != ORIENTATION_TAG) {
        continue;
      }
      int type = u16(data, e + 2, littleEndian);
      long value;
      switch (type) {
        case 3: // SHORT, the type the standard prescribes
          value = u16(data, e + 8, littleEndian);
          break;
        case 4: // LONG, written by a few tools
          value = u32(data, e + 8, littleEndian);
          break;
        case 1: // BYTE
          value = data[e + 8] & 0xFF;
          break;
        default:
          return NORMAL;
      }
      return value >= 1 && value <= 8 ? (int) value : NORMAL;
    }
    return NORMAL;
  }

  private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
    if (offset < 0 || offset + prefix.length > data.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] data, int pos, boolean littleEndian) {
    int a = data[pos] & 0xFF;
    int b = data[pos + 1] & 0xFF;
    return littleEndian ? a | (b << 8) : (a << 8) | b;
  }

  private static long u32(byte[] data, int pos, boolean littleEndian) {
    long a = data[pos] & 0xFF;
    long b = data[pos + 1] & 0xFF;
    long c = data[pos + 2] & 0xFF;
    long d = data[pos + 3] & 0xFF;
    return littleEndian
        ? a | (b << 8) | (c << 16) | (d << 24)
        : (a << 24) | (b << 16) | (c << 8) | d;
  }
}
