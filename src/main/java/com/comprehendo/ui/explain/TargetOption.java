package com.comprehendo.ui.explain;

/**
 * An entry of the target chooser: the predicted class or the true class (whatever they are for the
 * current image) or one fixed class.
 *
 * @param index the class index, {@link #PREDICTED} or {@link #TRUE_CLASS}
 * @param label what the chooser shows
 */
public record TargetOption(int index, String label) {

  /** The index that stands for "the predicted class". */
  public static final int PREDICTED = -1;

  /** The index that stands for "the current image's true class" (from its folder or the labels file). */
  public static final int TRUE_CLASS = -2;

  public static TargetOption predicted() {
    return new TargetOption(PREDICTED, "Predicted class");
  }

  public static TargetOption trueClass() {
    return new TargetOption(TRUE_CLASS, "True class");
  }

  public boolean isPredicted() {
    return index == PREDICTED;
  }

  public boolean isTrueClass() {
    return index == TRUE_CLASS;
  }

  /** Whether the class depends on the image (predicted or true class), not a fixed one. */
  public boolean followsImage() {
    return index < 0;
  }

  @Override
  public String toString() {
    return label;
  }
}
