package com.comprehendo.data;

import com.comprehendo.platform.AtomicFiles;
import java.io.ByteArrayInputStream;
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
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A float32 tensor in NumPy's {@code .npy} format (version 1.0/2.0/3.0, C order), the exchange format
 * with Captum and Python tools.
 *
 * <p>Reading accepts little- or big-endian float32, float64 and signed or unsigned 8-, 16-, 32- and
 * 64-bit integer data and converts it to float (unsigned values stay unsigned); a header that promises
 * more than the file holds, more than a Java array holds, or more than half the heap is refused with
 * a one-line {@link NpyFormatException} before anything is allocated. Writing always produces
 * little-endian float32. Fortran-ordered arrays are refused because reinterpreting them silently
 * would transpose the data.
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
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d{1,3})'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  /** NumPy refuses longer headers by default ({@code max_header_size}); ours are under 200 bytes. */
  private static final int MAX_HEADER_BYTES = 10_000;
  /** The most elements a Java array holds. */
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
  private static final int CHUNK_ELEMENTS = 1 << 16;

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
      count = Math.multiplyExact(count, dimension);
    }
    return count;
  }

  /** Reads an {@code .npy} file; the message of the exception says what is wrong with it. */
  public static NpyArray read(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, size);
    } catch (NpyFormatException e) {
      throw new NpyFormatException(file + ": " + e.getMessage());
    }
  }

  /** Reads an {@code .npy} stream. */
  public static NpyArray read(InputStream in) throws IOException {
    return read(in, -1);
  }

  /**
   * Reads the header, checks what it promises against the limits (and against {@code fileSize}, when
   * known) before allocating anything, then the data: a crafted header gets a one-line message, not
   * a NegativeArraySizeException or an OutOfMemoryError.
   */
  private static NpyArray read(InputStream in, long fileSize) throws IOException {
    byte[] magic = in.readNBytes(8);
    if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
      throw new NpyFormatException("not a NumPy .npy file (the magic string \\x93NUMPY is missing)");
    }
    int major = magic[6];
    int lengthBytes = major == 1 ? 2 : 4;
    if (major < 1 || major > 3) {
      throw new NpyFormatException("unsupported .npy format version " + major);
    }
    byte[] length = in.readNBytes(lengthBytes);
    if (length.length < lengthBytes) {
      throw new NpyFormatException("truncated: the file ends inside the header length");
    }
    ByteBuffer lengthBuffer = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? lengthBuffer.getShort() & 0xFFFF : lengthBuffer.getInt() & 0xFFFFFFFFL;
    if (headerLength > MAX_HEADER_BYTES) {
      throw new NpyFormatException(
          "header length " + headerLength + " exceeds " + MAX_HEADER_BYTES + " bytes (NumPy's own limit)");
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) {
      throw new NpyFormatException(
          "truncated: the header should have " + headerLength + " bytes, the file has " + headerBytes.length);
    }
    String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
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
    if (!isSupported(kind, width)) {
      throw new NpyFormatException("unsupported dtype " + kind + width + " (use float32)");
    }
    long count = checkedCount(shape);
    long dataBytes = count * width; // at most 8 × (2^31 − 9): no overflow
    long available = fileSize < 0 ? -1 : fileSize - 8 - lengthBytes - headerLength;
    if (available >= 0 && available < dataBytes) {
      throw new NpyFormatException(truncated(dataBytes, available));
    }
    // Unknown size (a stream): readNBytes grows with what is really there, so a header that promises
    // more than the stream holds costs only what the stream holds.
    InputStream data = in;
    if (available < 0) {
      byte[] all = in.readNBytes((int) Math.min(dataBytes, Integer.MAX_VALUE - 8));
      if (all.length < dataBytes) {
        throw new NpyFormatException(truncated(dataBytes, all.length));
      }
      data = new ByteArrayInputStream(all);
    }
    float[] values = new float[(int) count];
    byte[] chunk = new byte[CHUNK_ELEMENTS * width];
    for (int done = 0; done < values.length; ) {
      int elements = Math.min(CHUNK_ELEMENTS, values.length - done);
      int read = data.readNBytes(chunk, 0, elements * width);
      if (read < elements * width) {
        throw new NpyFormatException(truncated(dataBytes, (long) done * width + read));
      }
      ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, read).order(order);
      for (int i = 0; i < elements; i++) {
        values[done + i] = readElement(buffer, kind, width);
      }
      done += elements;
    }
    return new NpyArray(shape, values);
  }

  /** The element count of a header's shape, refused when no Java array (or this heap) can hold it. */
  private static long checkedCount(int[] shape) throws NpyFormatException {
    long count;
    try {
      count = elementCount(shape);
    } catch (ArithmeticException e) {
      count = Long.MAX_VALUE;
    }
    if (count > MAX_ELEMENTS) {
      throw new NpyFormatException("array too large: shape " + Arrays.toString(shape)
          + " holds more than " + MAX_ELEMENTS + " values, the most a Java array holds");
    }
    long bytes = 4 * count;
    long usable = Runtime.getRuntime().maxMemory() / 2;
    if (bytes > usable) {
      throw new NpyFormatException(String.format(Locale.ROOT,
          "array too large: shape %s needs %d MB as float32, more than half of the %d MB this process may use",
          Arrays.toString(shape), bytes >> 20, Runtime.getRuntime().maxMemory() >> 20));
    }
    return count;
  }

  private static String truncated(long expected, long found) {
    return "truncated: expected " + expected + " data bytes, found " + found;
  }

  private static boolean isSupported(char kind, int width) {
    if (kind == 'f') {
      return width == 4 || width == 8;
    }
    return (kind == 'i' || kind == 'u') && (width == 1 || width == 2 || width == 4 || width == 8);
  }

  /** One element as float; unsigned integers ({@code u4}, {@code u8}) keep their unsigned value. */
  private static float readElement(ByteBuffer buffer, char kind, int width) {
    boolean unsigned = kind == 'u';
    switch (width) {
      case 1:
        return unsigned ? buffer.get() & 0xFF : buffer.get();
      case 2:
        return unsigned ? buffer.getShort() & 0xFFFF : buffer.getShort();
      case 4:
        if (kind == 'f') {
          return buffer.getFloat();
        }
        return unsigned ? buffer.getInt() & 0xFFFFFFFFL : buffer.getInt();
      default:
        if (kind == 'f') {
          return (float) buffer.getDouble();
        }
        long value = buffer.getLong();
        return unsigned ? unsignedToFloat(value) : value;
    }
  }

  /** An unsigned 64-bit value as the nearest float (Java has only signed longs). */
  static float unsignedToFloat(long value) {
    if (value >= 0) {
      return value;
    }
    // Halve (keeping the lowest bit, so rounding stays correct), convert, double.
    return ((value >>> 1) | (value & 1)) * 2f;
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
      long dimension;
      try {
        dimension = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
      } catch (NumberFormatException e) {
        throw new NpyFormatException("unreadable shape (" + text + ")");
      }
      if (dimension < 0) {
        throw new NpyFormatException("negative dimension " + dimension + " in shape (" + text + ")");
      }
      if (dimension > Integer.MAX_VALUE) {
        throw new NpyFormatException("dimension " + dimension + " in shape (" + text + ") is too large");
      }
      shape[n++] = (int) dimension;
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

  /**
   * Where the array holds NaN or ±Infinity, in words (how many, and the index of the first, e.g.
   * {@code "2 non-finite values (the first, NaN, at [0, 1, 4, 7])"}), or empty when every value is finite.
   * Such a tensor makes every attribution of it NaN, so inputs and baselines are refused with this text.
   */
  public Optional<String> nonFinite() {
    int first = -1;
    long count = 0;
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        if (first < 0) {
          first = i;
        }
        count++;
      }
    }
    if (first < 0) {
      return Optional.empty();
    }
    int[] index = new int[shape.length];
    long rest = first;
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = (int) (rest % shape[d]);
      rest /= shape[d];
    }
    return Optional.of(count + (count == 1 ? " non-finite value (" : " non-finite values (the first, ")
        + data[first] + ", at " + Arrays.toString(index) + ")");
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
