package com.comprehendo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bad sidecars of {@code src/test/resources/bad-input/sidecar} (the table in docs/bad-input.md): each
 * is refused with one line that names the field and what it expects — never Gson's own wording
 * ({@code JsonNull}, {@code For input string}) and never a libtorch allocation failure later on.
 */
class BadSidecarTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "input-size-huge.json      | \"input_size\" must be whole numbers of pixels from 1 to 16384, got 100000",
      "input-size-int-max.json   | \"input_size\" must be whole numbers of pixels from 1 to 16384, got 2147483647",
      "input-size-null.json      | \"input_size\" must be [height, width] or one number of pixels, got null",
      "input-size-text.json      | \"input_size\" must be [height, width] or one number of pixels, got \"64x64\"",
      "input-size-negative.json  | \"input_size\" must be whole numbers of pixels from 1 to 16384, got -3",
      "input-size-fraction.json  | \"input_size\" must be whole numbers of pixels from 1 to 16384, got 64.5",
      "input-size-one-entry.json | \"input_size\" must be [height, width] or one number",
      "mean-text-nan.json        | \"mean\" must be a list of numbers, entry 2 is \"NaN\"",
      "mean-infinite.json        | \"mean\" must be finite numbers, entry 2",
      "std-zero.json             | std entries must be positive",
      "std-without-mean.json     | \"mean\" and \"std\" must be given together",
      "truncated.json            | is not valid JSON",
      "classes-number.json       | \"classes\" must be a list, got 5",
      "classes-nested.json       | an entry of \"classes\" must be a string, got [\"cat\"]",
      "classes-empty.json        | \"classes\" is empty",
      "output-unknown.json       | unknown output kind 'foo'",
      "output-null.json          | \"output\" must be a string, got null",
      "resize-number.json        | \"resize\" must be a string, got 7",
      "not-an-object.json        | the sidecar must be a JSON object",
  })
  void isRefusedWithOneLineNamingTheField(String file, String expected) throws IOException {
    Path sidecar = dir.resolve(file);
    try (InputStream in = BadSidecarTest.class.getResourceAsStream("/bad-input/sidecar/" + file)) {
      Files.copy(in, sidecar);
    }

    ModelLoadException refused = assertThrows(ModelLoadException.class, () -> ModelSpec.read(sidecar));

    String message = refused.getMessage();
    assertTrue(message.contains(expected), message);
    assertEquals(1, message.lines().count(), message);
    assertFalse(message.contains("JsonNull") || message.contains("For input string") || message.contains("https://"), message);
  }
}
