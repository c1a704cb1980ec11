package com.comprehendo.data;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EXIF orientation tag (0x0112) and the transposition that makes an image upright, exactly as
 * Pillow's {@code ImageOps.exif_transpose} applies it.
 *
 * <p>The tag is read from IFD0 of the file's EXIF data: the first {@code APP1 Exif} segment of a
 * JPEG (TwelveMonkeys' {@link JPEGSegmentUtil}), a TIFF file itself, a PNG's {@code eXIf} chunk or a
 * WebP's {@code EXIF} chunk (their chunk lists are walked here: TwelveMonkeys has no reader for
 * them); the TIFF structure is parsed by TwelveMonkeys' {@link TIFFReader}. Anything malformed counts
 * as orientation 1: a broken tag must never make an otherwise readable image unreadable.
 *
 * <pre>{@code
 * int orientation = ExifOrientation.read(Files.readAllBytes(file)); // 1..8
 * BufferedImage upright = ExifOrientation.apply(image, orientation);
 * }</pre>
 */
public final class ExifOrientation {

  /** Orientation 1: stored upright. */
  public static final int NORMAL = 1;

  private static final Logger LOG = LoggerFactory.getLogger(ExifOrientation.class);
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
    } catch (IOException | RuntimeException malformed) {
      // An orientation tag is never worth failing the image for.
      LOG.debug("unreadable EXIF data, taken as upright", malformed);
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

  private static int fromJpeg(byte[] data) throws IOException {
    try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
      List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
      if (exif.isEmpty()) {
        return NORMAL;
      }
      // Pillow reads only the first Exif APP1 segment. Its data starts after "Exif\0"; the second
      // zero pads the TIFF structure that follows.
      byte[] tiff = exif.get(0).data().readAllBytes();
      int start = tiff.length > 0 && tiff[0] == 0 ? 1 : 0;
      return fromTiff(tiff, start, tiff.length);
    }
  }

  private static int fromPng(byte[] data) throws IOException {
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

  private static int fromWebp(byte[] data) throws IOException {
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
  private static int fromTiffMaybeWithHeader(byte[] data, int start, int end) throws IOException {
    if (startsWith(data, start, EXIF_HEADER)) {
      start += EXIF_HEADER.length;
    }
    return fromTiff(data, start, end);
  }

  /** The orientation entry of IFD0 of the TIFF structure in {@code data[start, end)}. */
  private static int fromTiff(byte[] data, int start, int end) throws IOException {
    Directory directory;
    try (ImageInputStream in = new ByteArrayImageInputStream(data, start, Math.min(end, data.length) - start)) {
      directory = new TIFFReader().read(in);
    }
    if (!(directory instanceof CompoundDirectory ifds) || ifds.directoryCount() == 0) {
      return NORMAL;
    }
    // IFD0 only, as Pillow: IFD1 describes the thumbnail.
    Entry entry = ifds.getDirectory(0).getEntryById(TIFF.TAG_ORIENTATION);
    if (entry == null || !(entry.getValue() instanceof Number number)) {
      return NORMAL; // missing, or an array of values (Pillow then leaves the image as it is)
    }
    long value = number.longValue();
    return value >= 1 && value <= 8 ? (int) value : NORMAL;
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
