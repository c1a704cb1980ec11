package com.comprehendo.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image of a {@link Dataset}: its file and its true label.
 *
 * @param path the image file
 * @param label index into the dataset's {@link Dataset#classNames()}, or {@link #UNLABELLED}
 */
public record ImageRecord(Path path, int label) {

  /** The label index of an image whose class is unknown. */
  public static final int UNLABELLED = -1;

  public ImageRecord {
    Objects.requireNonNull(path, "path");
    if (label < UNLABELLED) {
      throw new IllegalArgumentException("label index must be >= -1, got " + label);
    }
  }

  public boolean isLabelled() {
    return label != UNLABELLED;
  }
}
