package com.comprehendo.analysis.explain;

import java.util.List;

/**
 * Which class each image's map explains.
 *
 * @param kind the rule
 * @param classIndex the class for {@link Kind#CLASS}; −1 otherwise
 */
public record TargetChoice(Kind kind, int classIndex) {

  /** The rules. */
  public enum Kind {
    /** The class the model predicts for the image: why it said what it said. */
    PREDICTED,
    /** The image's true class (the predicted class for an unlabelled image): what it should have seen. */
    LABEL,
    /** One class for every image: where the model looks for it. */
    CLASS
  }

  public static final TargetChoice PREDICTED = new TargetChoice(Kind.PREDICTED, -1);

  public static final TargetChoice LABEL = new TargetChoice(Kind.LABEL, -1);

  public TargetChoice {
    if ((kind == Kind.CLASS) != (classIndex >= 0)) {
      throw new IllegalArgumentException("a class index goes with the CLASS rule alone, got " + kind + " " + classIndex);
    }
  }

  /**
   * {@code predicted}, {@code label}, a class index or a class name.
   *
   * @throws IllegalArgumentException naming what is allowed
   */
  public static TargetChoice parse(String text, List<String> classNames) {
    String value = text.strip();
    if (value.equalsIgnoreCase("predicted")) {
      return PREDICTED;
    }
    if (value.equalsIgnoreCase("label")) {
      return LABEL;
    }
    int index = classNames.indexOf(value);
    if (index < 0 && value.matches("\\d{1,9}")) {
      index = Integer.parseInt(value);
    }
    if (index < 0 || index >= classNames.size()) {
      throw new IllegalArgumentException("'" + text + "' is not predicted, label, a class name or a class index 0.."
          + (classNames.size() - 1));
    }
    return new TargetChoice(Kind.CLASS, index);
  }

  /** The class to explain for an image of true class {@code label} (−1 if none) predicted as {@code predicted}. */
  public int targetFor(int label, int predicted) {
    switch (kind) {
      case CLASS:
        return classIndex;
      case LABEL:
        return label >= 0 ? label : predicted;
      default:
        return predicted;
    }
  }

  /** {@code predicted}, {@code label} or the class index, as {@link #parse} reads it back. */
  public String describe() {
    return kind == Kind.CLASS ? Integer.toString(classIndex) : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
