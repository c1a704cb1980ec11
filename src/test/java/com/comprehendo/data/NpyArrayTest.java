package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code .npy} reading: unsigned types, and the corrupt headers of src/test/resources/bad-input/npy. */
class NpyArrayTest {

  @TempDir Path folder;

  @Test
  void unsignedIntegersKeepTheirUnsignedValues() throws Exception {
    assertArrayEquals(new float[] {0f, 4294967295f, 2147483648f, 7f}, NpyArray.read(badInput("uint32.npy")).data());
    assertArrayEquals(new float[] {0f, 18446744073709551615f, 9223372036854775808f, 7f},
        NpyArray.read(badInput("uint64.npy")).data());
    assertArrayEquals(new float[] {0f, 65535f, 32768f}, NpyArray.read(badInput("uint16-big-endian.npy")).data());
  }

  @Test
  void unsignedToFloatRoundsLikeAnUnsignedConversion() {
    assertEquals(new java.math.BigDecimal("18446744073709551615").floatValue(), NpyArray.unsignedToFloat(-1L));
    assertEquals(9223372036854775808f, NpyArray.unsignedToFloat(Long.MIN_VALUE));
    // 2^63 + 2^39 + 1 lies just above the midpoint of two floats: keeping the low bit rounds it up.
    long justAboveHalf = Long.MIN_VALUE + (1L << 39) + 1;
    assertEquals(new java.math.BigDecimal(Long.toUnsignedString(justAboveHalf)).floatValue(),
        NpyArray.unsignedToFloat(justAboveHalf));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "negative-dimension.npy | negative dimension -1 in shape (-1, 3)",
      "overflowing-shape.npy | array too large: shape [2147483647, 2147483647, 2147483647] holds more than 2147483639 values, the most a Java array holds",
      "huge-shape.npy | array too large: shape [100000, 100000] holds more than 2147483639 values, the most a Java array holds",
      "dimension-beyond-int.npy | dimension 4294967296 in shape (4294967296,) is too large",
      "v2-header-length.npy | header length 4294967280 exceeds 10000 bytes (NumPy's own limit)",
      "truncated-header.npy | truncated: the header should have 118 bytes, the file has 20",
      "truncated-data.npy | truncated: expected 49152 data bytes, found 100",
      "cut-length.npy | truncated: the file ends inside the header length",
      "unsupported-dtype.npy | unsupported dtype c8 (use float32)",
  })
  void aCorruptHeaderGetsOneLine(String name, String message) throws Exception {
    Path file = badInput(name);

    NpyArray.NpyFormatException fromFile = assertThrows(NpyArray.NpyFormatException.class, () -> NpyArray.read(file));
    assertEquals(file + ": " + message, fromFile.getMessage());
    assertFalse(fromFile.getMessage().contains("\n"));

    // The same through a stream, whose size is not known in advance.
    try (InputStream in = Files.newInputStream(file)) {
      assertEquals(message, assertThrows(NpyArray.NpyFormatException.class, () -> NpyArray.read(in)).getMessage());
    }
  }

  @Test
  void anArrayLargerThanHalfTheHeapIsRefusedBeforeAllocating() throws IOException {
    long values = Runtime.getRuntime().maxMemory() / 4 + 1_000_000; // > half the heap as float32
    Path file = folder.resolve("big.npy");
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + values + ",), }";
    byte[] header = (dict + " ".repeat(64 - (10 + dict.length() + 1) % 64) + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] bytes = new byte[10 + header.length];
    System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0}, 0, bytes, 0, 10);
    System.arraycopy(header, 0, bytes, 10, header.length);
    Files.write(file, bytes);

    String message = assertThrows(NpyArray.NpyFormatException.class, () -> NpyArray.read(file)).getMessage();
    assertTrue(message.contains("more than half of the"), message);
  }

  @Test
  void writtenArraysReadBack() throws IOException {
    NpyArray array = new NpyArray(new int[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, 0, 1e30f});
    Path file = folder.resolve("a.npy");

    array.write(file);

    assertEquals(array, NpyArray.read(file));
  }

  static Path badInput(String name) throws URISyntaxException {
    return Path.of(NpyArrayTest.class.getResource("/bad-input/npy/" + name).toURI());
  }
}
