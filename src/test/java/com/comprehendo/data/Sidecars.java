package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.comprehendo.platform.Sha256;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading provenance sidecars in tests. */
public final class Sidecars {

  private Sidecars() {}

  /** The sidecar written beside {@code output}. */
  public static JsonObject of(Path output) throws IOException {
    return JsonParser.parseString(Files.readString(Provenance.sidecarOf(output))).getAsJsonObject();
  }

  /** Asserts that {@code record} names {@code file} with the SHA-256 of its content now. */
  public static void assertRecords(Path file, JsonObject record) throws IOException {
    assertEquals(file.toAbsolutePath().toString(), record.get("file").getAsString());
    assertEquals(Sha256.of(file), record.get("sha256").getAsString());
  }
}
