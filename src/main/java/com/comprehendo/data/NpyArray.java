package com.comprehendo.data;

import com.comprehendo.platform.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A float32 tensor in NumPy's {@code .npy} format (version 1.0/2.0/3.0, C order), the exchange format
 * with Captum and Python tools.
 *
 * <p>Reading accepts little- or big-endian float32, float64, int32 and int64 data and converts it to
 * float; writing always produces little-endian float32. Fortran-ordered arrays are refused because
 * reinterpreting them silently would transpose the data.
 *
 * <pre>{@code
 * NpyArray attribution = NpyArray.read(Path.of("ig.npy"));   // shape [1, 3, 64, 64]
 * float[] values = attribution.data();
 * }</pre>
 *
 * @param shape the dimensions, outermost first
 * @param data the values in C (row-major) order; its length is the product of {@code shape}
 */
public record NpyArray(int[] shape, float[] data) {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fiu])(\\d)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** Checks that {@code data} holds exactly the number of elements {@code shape} describes. */
  public NpyArray {
    long count = elementCount(shape);
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + count + " values, data has " + data.length);
    }
  }

  /** The product of the dimensions (1 for a scalar of shape {@code []}). */
  public static long elementCount(int[] shape) {
    long count = 1;
    for (int dimension : shape) {
      if (dimension < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      count *= dimension;
    }
    return count;
  }

  /** Reads an {@code .npy} file; the message of the exception says what is wrong with it. */
  public static NpyArray read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (NpyFormatException e) {
      throw new NpyFormatException(file + ": " + e.getMessage());
    }
  }

  /** Reads an {@code .npy} stream. */
  public static NpyArray read(InputStream in) throws IOException {
    byte[] magic = in.readNBytes(8);
    if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
      throw new NpyFormatException("not a NumPy .npy file (the magic string \\x93NUMPY is missing)");
    }
    int major = magic[6];
    int headerLength;
    if (major == 1) {
      byte[] length = in.readNBytes(2);
      headerLength = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
    } else if (major == 2 || major == 3) {
      byte[] length = in.readNBytes(4);
      headerLength = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt();
    } else {
      throw new NpyFormatException("unsupported .npy format version " + major);
    }
    String header = new String(in.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeMatch = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
      throw new NpyFormatException("unreadable .npy header: " + header.trim());
    }
    if (fortran.group(1).equals("True")) {
      throw new NpyFormatException("Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
    }
    int[] shape = parseShape(shapeMatch.group(1));
    ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    char kind = descr.group(2).charAt(0);
    int width = Integer.parseInt(descr.group(3));
    long count = elementCount(shape);
    if (count * width > Integer.MAX_VALUE - 8) {
      throw new NpyFormatException("array too large: " + Arrays.toString(shape));
    }
    byte[] raw = in.readNBytes((int) (count * width));
    if (raw.length != count * width) {
      throw new NpyFormatException(
          "truncated: expected " + count * width + " data bytes, found " + raw.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(raw).order(order);
    float[] data = new float[(int) count];
    for (int i = 0; i < data.length; i++) {
      data[i] = readElement(buffer, kind, width);
    }
    return new NpyArray(shape, data);
  }

  private static float readElement(ByteBuffer buffer, char kind, int width) throws NpyFormatException {
    switch (kind) {
      case 'f':
        if (width == 4) {
          return buffer.getFloat();
        }
        if (width == 8) {
          return (float) buffer.getDouble();
        }
        break;
      case 'i':
      case 'u':
        if (width == 1) {
          return kind == 'u' ? buffer.get() & 0xFF : buffer.get();
        }
        if (width == 4) {
          return buffer.getInt();
        }
        if (width == 8) {
          return buffer.getLong();
        }
        break;
      default:
        break;
    }
    throw new NpyFormatException("unsupported dtype " + kind + width + " (use float32)");
  }

  private static int[] parseShape(String text) throws NpyFormatException {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      return new int[0];
    }
    String[] parts = trimmed.split(",");
    int[] shape = new int[parts.length];
    int n = 0;
    for (String part : parts) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      try {
        shape[n++] = Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
      } catch (NumberFormatException e) {
        throw new NpyFormatException("unreadable shape (" + text + ")");
      }
    }
    return Arrays.copyOf(shape, n);
  }

  /**
   * Writes little-endian float32 through {@link AtomicFiles}: the file appears whole or not at all,
   * so a failed run never leaves a partial result behind, and only a regular file is replaced.
   */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, this::write);
  }

  /** Writes little-endian float32 {@code .npy} (format version 1.0) to a stream. */
  public void write(OutputStream out) throws IOException {
    StringBuilder shapeText = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      shapeText.append(shape[i]);
      if (shape.length == 1 || i < shape.length - 1) {
        shapeText.append(shape.length == 1 ? "," : ", ");
      }
    }
    shapeText.append(')');
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(header.length() + 10 + 4 * data.length);
    bytes.write(MAGIC);
    bytes.write(1);
    bytes.write(0);
    bytes.write(header.length() & 0xFF);
    bytes.write((header.length() >> 8) & 0xFF);
    bytes.write(header.getBytes(StandardCharsets.ISO_8859_1));
    ByteBuffer buffer = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(data);
    bytes.write(buffer.array());
    bytes.writeTo(out);
  }

  /** The shape as a {@code long[]}, as DJL's {@code Shape} takes it. */
  public long[] longShape() {
    return Arrays.stream(shape).asLongStream().toArray();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NpyArray that
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NpyArray" + Arrays.toString(shape);
  }

  /** A file that is not a readable {@code .npy}; the message says why. */
  public static final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
      super(message);
    }
  }
}
