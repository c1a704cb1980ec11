package com.comprehendo.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A dataset file that could not be decoded, kept so the run can go on and report it at the end.
 *
 * @param path the file
 * @param reason a short human reason, such as {@code "empty file (0 bytes)"}
 */
public record UnreadableImage(Path path, String reason) {

  public UnreadableImage {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }
}
