package com.comprehendo.ui.support;

import java.util.OptionalInt;

/**
 * The image being explained, decoded and preprocessed for the open model.
 *
 * @param entry where it was found in the folder
 * @param prepared its pixels and input tensor
 * @param trueClass the image's true class among the model's classes, when known
 * @param trueClassSource where {@code trueClass} came from, in words for a sentence ("the dataset's
 *     labels", "the folder name"); empty when unknown
 */
public record CurrentImage(ImageEntry entry, PreparedImage prepared, OptionalInt trueClass, String trueClassSource) {

  /** The true class as the dataset's labels give it (the usual case once a folder is scanned). */
  public static final String FROM_DATASET = "the dataset's labels";

  /** The true class guessed from the name of the image's folder (before the dataset is scanned). */
  public static final String FROM_FOLDER = "the folder name";

  /** An image without a known true class. */
  public CurrentImage(ImageEntry entry, PreparedImage prepared) {
    this(entry, prepared, OptionalInt.empty(), "");
  }
}
