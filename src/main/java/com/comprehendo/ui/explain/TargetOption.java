package com.comprehendo.ui.explain;

/**
 * An entry of the target chooser: the predicted class (whatever it is for the current image) or one
 * fixed class.
 *
 * @param index the class index, or {@link #PREDICTED}
 * @param label what the chooser shows
 */
public record TargetOption(int index, String label) {

  /** The index that stands for "the predicted class". */
  public static final int PREDICTED = -1;

  public static TargetOption predicted() {
    return new TargetOption(PREDICTED, "Predicted class");
  }

  public boolean isPredicted() {
    return index == PREDICTED;
  }

  @Override
  public String toString() {
    return label;
  }
}
