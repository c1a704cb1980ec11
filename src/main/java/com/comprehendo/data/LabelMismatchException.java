package com.comprehendo.data;

import java.util.List;

/**
 * Dataset labels that are not classes of the model (or match several of them). Nothing is guessed:
 * the message lists the offending labels and the model's classes so the user can rename folders or
 * pick another label source.
 */
public final class LabelMismatchException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<String> unknownLabels;
  private final transient List<String> ambiguousLabels;
  private final transient List<String> modelClasses;

  LabelMismatchException(
      String message,
      List<String> unknownLabels,
      List<String> ambiguousLabels,
      List<String> modelClasses) {
    super(message);
    this.unknownLabels = List.copyOf(unknownLabels);
    this.ambiguousLabels = List.copyOf(ambiguousLabels);
    this.modelClasses = List.copyOf(modelClasses);
  }

  /** Dataset labels that match no class of the model. */
  public List<String> unknownLabels() {
    return unknownLabels;
  }

  /** Dataset labels that match more than one class once case or separators are ignored. */
  public List<String> ambiguousLabels() {
    return ambiguousLabels;
  }

  /** The model's classes, in order. */
  public List<String> modelClasses() {
    return modelClasses;
  }
}
